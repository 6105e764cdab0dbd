import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { OutputTerminal } from '../../src/commands/outputTerminal';

describe('the output terminal of a build or compose run', () => {
    it('cancels the run when the user closes the terminal, and not before', async () => {
        const output = new OutputTerminal('Build shipped:1 @ test');
        output.note('Sending 1 MB…');
        output.line('Step 1/2 : FROM testbox:1\nline two');
        const terminal = vscode.window.terminals.find((t) => t.name === 'Build shipped:1 @ test');
        assert.ok(terminal, `no terminal named after the run; open: ${vscode.window.terminals.map((t) => t.name).join()}`);
        await new Promise((r) => setTimeout(r, 200));
        assert.equal(output.signal.aborted, false);
        const aborted = new Promise<unknown>((resolve) => output.signal.addEventListener('abort', () => resolve(output.signal.reason), { once: true }));
        terminal.dispose();
        assert.match(String(await aborted), /terminal was closed/);
    });
});
