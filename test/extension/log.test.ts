/**
 * The "Azure Docker Hosts" log channel's real content, read from the file VS Code writes it to:
 * a debug line per ARM request with ARM's ids, an error line for a failed command with the
 * correlation id Azure support asks for, and none of the secrets the extension handles.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { extensionLogFiles } from '../harness/extensionLog';
import { emulator, extensionApi, refresh, rows } from './helpers';

const contoso = '11111111-1111-4111-8111-111111111111';
const guid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** The channel's file: VS Code keeps a log channel in the extension's folder of the window's logs. */
function channelText(): string {
    const found = extensionLogFiles(process.env.ADH_TEST_USER_DATA_DIR!);
    assert.equal(found.length, 1, `expected one log file of the channel, found: ${found.join(', ') || 'none'}`);
    return fs.readFileSync(found[0], 'utf8');
}

async function waitForLog(what: RegExp): Promise<string> {
    const deadline = Date.now() + 15_000;
    for (;;) {
        const text = channelText();
        if (what.test(text) || Date.now() > deadline) {
            return text;
        }
        await new Promise((r) => setTimeout(r, 200));
    }
}

describe('the Azure Docker Hosts log channel', () => {
    afterEach(async () => {
        await emulator('DELETE', '/emulator/faults');
    });

    it('logs each ARM request at debug level with its method, path, status, duration and ARM\'s two ids', async () => {
        await refresh();
        const subscription = (await rows(await extensionApi())).find((r) => r.label === 'Contoso Development')!;
        await rows(await extensionApi(), subscription.item);
        const listing = new RegExp(`\\[debug\\] Azure answered GET /subscriptions/${contoso}/providers/Microsoft\\.Compute/virtualMachines with 200 in \\d+ ms \\(x-ms-request-id ${guid}, x-ms-correlation-request-id ${guid}\\)\\.`);
        assert.match(await waitForLog(listing), listing);
    });

    it('a failed Azure command is logged at error level, and its message names the correlation id its requests carried', async () => {
        await refresh();
        const subscription = (await rows(await extensionApi())).find((r) => r.label === 'Contoso Development')!;
        const devbox = (await rows(await extensionApi(), subscription.item)).find((r) => r.label === 'devbox')!;
        await emulator('POST', '/emulator/faults', { method: 'POST', path: '/virtualMachines/devbox/deallocate$', armError: { status: 409, code: 'OperationNotAllowed', message: 'The VM is locked by the emulator for this test.' } });
        await vscode.commands.executeCommand('azureDockerHosts.stopVm', devbox.item);
        const failure = new RegExp(`\\[error\\] Command azureDockerHosts\\.stopVm failed: .*locked by the emulator.* For Azure support: correlation id (${guid})\\.`);
        const text = await waitForLog(failure);
        const id = failure.exec(text)?.[1];
        assert.ok(id, `no error line for the failed command in:\n${text.slice(-3000)}`);
        // The refused request itself, at error level, with the same id.
        assert.match(text, new RegExp(`\\[error\\] Azure answered POST /subscriptions/${contoso}/resourceGroups/[^ ]+/providers/Microsoft\\.Compute/virtualMachines/devbox/deallocate with 409 in \\d+ ms \\(x-ms-request-id ${guid}, x-ms-correlation-request-id ${id}\\)\\.`, 'i'));
    });

    it('never holds a token, the client secret, a private key, protected settings or registry credentials', async () => {
        const text = channelText();
        assert.match(text, /Azure answered/, 'the log is empty: the check below would prove nothing');
        const secret = process.env.AZURE_CLIENT_SECRET;
        assert.ok(secret, 'the suite runs with a service principal from the environment');
        for (const [what, pattern] of [
            ['the client secret', new RegExp(secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))],
            ['a bearer token', /Bearer\s|eyJ[A-Za-z0-9_-]{10,}\./],
            ['a private key', /PRIVATE KEY/],
            ['protected settings', /protectedSettings|"script"\s*:/],
            ['registry credentials', /X-Registry-Auth|"password"\s*:/i],
            ['a query string', /\?api-version=/],
        ] as const) {
            assert.doesNotMatch(text, pattern, `the log holds ${what}`);
        }
    });
});
