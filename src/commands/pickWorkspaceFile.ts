import type { IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';

/** A file of the workspace matching `glob`, picked by the user (no pick when there is one). */
export async function pickWorkspaceFile(context: IActionContext, glob: string, placeHolder: string, noneMessage: string): Promise<string> {
    const files = (await vscode.workspace.findFiles(glob, '**/node_modules/**', 200)).sort((a, b) => a.fsPath.localeCompare(b.fsPath));
    if (!files.length) {
        throw new Error(noneMessage);
    }
    if (files.length === 1) {
        return files[0].fsPath;
    }
    const picked = await context.ui.showQuickPick(files.map((f) => ({ label: vscode.workspace.asRelativePath(f), data: f.fsPath })), { placeHolder });
    return picked.data;
}
