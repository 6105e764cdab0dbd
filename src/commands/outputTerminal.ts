import * as vscode from 'vscode';

/**
 * A terminal that shows a long task's output (a build, compose). Closing it cancels the task, as
 * the progress notification's Cancel does.
 */
export class OutputTerminal {
    private readonly writer = new vscode.EventEmitter<string>();
    private readonly abort = new AbortController();
    private readonly terminal: vscode.Terminal;

    constructor(name: string) {
        this.terminal = vscode.window.createTerminal({
            name,
            pty: {
                onDidWrite: this.writer.event,
                open: () => undefined,
                close: () => this.abort.abort(new Error(vscode.l10n.t('The terminal was closed.'))),
            },
        });
        this.terminal.show(true);
    }

    /** Aborted when the user closes the terminal. */
    get signal(): AbortSignal {
        return this.abort.signal;
    }

    line(text: string): void {
        this.writer.fire(`${text.replace(/\r?\n/g, '\r\n')}\r\n`);
    }

    /** A line in bold, for our own words between the program's. */
    note(text: string): void {
        this.line(`\x1b[1m${text}\x1b[0m`);
    }
}
