/**
 * Every string the VS Code layer shows goes through vscode.l10n.t, so l10n/bundle.l10n.json holds
 * it for translators: a literal (or template) passed to a message, quick pick, input box or progress,
 * or to a command's Error, or given as a label, tooltip, title, prompt or placeholder, fails this
 * test with its place.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

const root = join(__dirname, '..', '..', '..');
/** The VS Code layer; the core never imports vscode and its messages reach the user through it. */
const uiFolders = ['src/commands', 'src/tree', 'src/session'];
const uiFiles = ['src/extension.ts'];

/** Calls whose string arguments the user reads. */
const uiCalls = new Set([
    'showInformationMessage', 'showWarningMessage', 'showErrorMessage', 'showQuickPick', 'showInputBox', 'createQuickPick',
    'withProgress', 'withCancellableProgress', 'runWithTemporaryDescription',
]);
/** Properties of options, picks and tree items that the user reads. */
const uiProperties = new Set(['title', 'placeHolder', 'placeholder', 'prompt', 'label', 'description', 'detail', 'tooltip', 'noPicksMessage', 'loadingPlaceHolder', 'openLabel', 'message']);

function filesUnder(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Text a user would read: it has a letter (icons such as "$(add)" alone and separators are not words). */
function hasWords(text: string): boolean {
    return /\p{L}/u.test(text.replace(/\$\([a-z-~]+\)/g, ''));
}

/** The literals of an expression that are shown as they are (not through l10n.t). */
function bareLiterals(node: ts.Expression): ts.Node[] {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
        return hasWords(node.text) ? [node] : [];
    }
    if (ts.isTemplateExpression(node)) {
        const parts = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
        return hasWords(parts) ? [node] : node.templateSpans.flatMap((s) => bareLiterals(s.expression));
    }
    if (ts.isParenthesizedExpression(node)) {
        return bareLiterals(node.expression);
    }
    if (ts.isConditionalExpression(node)) {
        return [...bareLiterals(node.whenTrue), ...bareLiterals(node.whenFalse)];
    }
    if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.PlusToken || node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
        return [...bareLiterals(node.left), ...bareLiterals(node.right)];
    }
    return [];
}

function calleeName(call: ts.CallExpression): string | undefined {
    const e = call.expression;
    return ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
}

function propertyName(name: ts.PropertyName): string | undefined {
    return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

/** Each bare user-facing string of a file, as "file:line: text". */
export function unlocalizedStrings(file: string, source = readFileSync(file, 'utf8')): string[] {
    const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
    const found: ts.Node[] = [];
    const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node) && uiCalls.has(calleeName(node) ?? '')) {
            node.arguments.forEach((a) => found.push(...bareLiterals(a)));
        } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Error') {
            // A command's error is its notification's text.
            node.arguments?.forEach((a) => found.push(...bareLiterals(a)));
        } else if (ts.isPropertyAssignment(node) && uiProperties.has(propertyName(node.name) ?? '')) {
            found.push(...bareLiterals(node.initializer));
        } else if (ts.isPropertyDeclaration(node) && node.initializer && uiProperties.has(propertyName(node.name) ?? '')) {
            found.push(...bareLiterals(node.initializer));
        }
        ts.forEachChild(node, visit);
    };
    visit(sf);
    return found.map((n) => `${relative(root, file)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}: ${n.getText().slice(0, 80)}`);
}

describe('lint: user-facing strings go through vscode.l10n.t', () => {
    it('finds a bare literal in each kind of place it checks, and accepts l10n.t', () => {
        const sample = [
            "void vscode.window.showInformationMessage('Host is ready.', 'Open');",
            'void vscode.window.showWarningMessage(`${name} is gone`);',
            "await context.ui.showQuickPick(picks, { placeHolder: 'Pick one' });",
            "const item = { label: cond ? 'Yes' : vscode.l10n.t('No'), description: 'something' };",
            "class Root { public readonly label = 'Azure Docker Hosts'; }",
            "await withCancellableProgress(`Creating ${name}`, work);",
            "throw new Error('Nothing to show.');",
            // Accepted: through l10n.t, words-free literals, identifiers.
            "void vscode.window.showInformationMessage(vscode.l10n.t('Host {0} is ready.', name), open);",
            "const pick = { label: '$(add)', description: file.type, detail: ' · ' };",
        ].join('\n');
        assert.deepEqual(unlocalizedStrings(join(root, 'src', 'sample.ts'), sample).map((s) => s.replace(/^src\/sample\.ts:/, '')), [
            "1: 'Host is ready.'",
            "1: 'Open'",
            '2: `${name} is gone`',
            "3: 'Pick one'",
            "4: 'Yes'",
            "4: 'something'",
            "5: 'Azure Docker Hosts'",
            '6: `Creating ${name}`',
            "7: 'Nothing to show.'",
        ]);
    });

    it('the VS Code layer has none', () => {
        const files = [...uiFolders.flatMap((d) => filesUnder(join(root, d))), ...uiFiles.map((f) => join(root, f))];
        assert.ok(files.length > 30, `only ${files.length} files checked`);
        const bare = files.flatMap((f) => unlocalizedStrings(f));
        assert.deepEqual(bare, [], `${bare.length} user-facing strings without vscode.l10n.t:\n${bare.join('\n')}`);
    });
});
