import type { IActionContext } from '@microsoft/vscode-azext-utils';

export interface NameQuestion {
    readonly prompt: string;
    readonly placeHolder: string;
    readonly value: string | undefined;
    /** The synchronous rule: what is wrong with the name as typed, or undefined. */
    readonly validate: (name: string) => string | undefined;
    /** What in Azure already uses the name (asked only of a name the rule accepts), or undefined. */
    readonly taken: (name: string) => Promise<string | undefined>;
}

/** A name for what a create makes, checked as the user types, then against Azure. */
export async function askName(context: IActionContext, question: NameQuestion): Promise<string> {
    const answer = await context.ui.showInputBox({
        prompt: question.prompt,
        placeHolder: question.placeHolder,
        value: question.value,
        validateInput: (value) => question.validate(value),
        // The synchronous rule already says what is wrong with a name it refuses.
        asyncValidationTask: async (value) => (question.validate(value.trim()) === undefined ? question.taken(value.trim()) : undefined),
    });
    return answer.trim();
}
