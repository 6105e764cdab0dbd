/**
 * Markdown for tooltips built from strings the engine or Azure hands us (names, paths, labels,
 * status): they must show as the text they are, never as links, emphasis, HTML or breaks that
 * change what the tooltip says. VS Code's MarkdownString.appendText does the same, but the core
 * cannot import vscode.
 */

/** The text as literal Markdown: every ASCII punctuation mark CommonMark could read is escaped, line breaks become spaces. */
export function escapeMarkdown(text: string): string {
    return text.replace(/\r\n|[\r\n]/g, ' ').replace(/[\\`*_{}[\]()<>#+\-.!|~&"':=$^@%,;?/]/g, '\\$&');
}

/** The text as an inline code span, fenced by more backticks than it contains, so it cannot close the span early. */
export function markdownCode(text: string): string {
    const flat = text.replace(/\r\n|[\r\n]/g, ' ');
    const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
    const fence = '`'.repeat(longestRun + 1);
    // A space on each side keeps a leading or trailing backtick out of the fence; CommonMark strips one.
    return `${fence} ${flat} ${fence}`;
}
