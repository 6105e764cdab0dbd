import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { emulator, extensionApi, refresh, rows } from './helpers';

const contoso = '11111111-1111-4111-8111-111111111111';
const fabrikam = '22222222-2222-4222-8222-222222222222';

async function subscriptionRows() {
    const api = await extensionApi();
    const subs = await rows(api);
    return Promise.all(subs.map(async (s) => ({ ...s, children: await rows(api, s.item) })));
}

describe('hosts tree against the emulator', () => {
    afterEach(async () => {
        await emulator('DELETE', '/emulator/faults');
        await vscode.workspace.getConfiguration('azureDockerHosts').update('authentication', 'environment', vscode.ConfigurationTarget.Global);
        await refresh();
    });

    it('lists exactly the seeded Docker hosts across both subscriptions, with their power states', async () => {
        await refresh();
        const tree = await subscriptionRows();
        assert.deepEqual(tree.map((s) => s.label), ['Contoso Development', 'Fabrikam Test']);
        const [contosoRows, fabrikamRows] = tree.map((s) => s.children.map((h) => `${h.label} | ${(h.description ?? '').split(' · ')[0]}`));
        // web-server and jumpbox are plain VMs; old-docker carries the legacy DockerExtension.
        assert.deepEqual(contosoRows, ['buildhost | deallocated', 'devbox | running', 'old-docker | running']);
        assert.deepEqual(fabrikamRows, ['ci-runner | stopped', 'shared-engine | running']);
        assert.ok(tree[0].children.every((h) => /^azureDockerHosts\.host;state=/.test(h.contextValue ?? '')));
        assert.match(tree[0].children[2].contextValue ?? '', /;legacy$/);
    });

    it('shows a 403 on one subscription as an error row there, while the other still lists', async () => {
        await emulator('POST', '/emulator/faults', {
            method: 'GET',
            path: `^/subscriptions/${fabrikam}/providers/Microsoft\\.Compute/virtualMachines$`,
            status: 403,
            code: 'AuthorizationFailed',
            message: "The client does not have authorization to perform action 'Microsoft.Compute/virtualMachines/read'.",
        });
        await refresh();
        const tree = await subscriptionRows();
        const fab = tree.find((s) => s.label === 'Fabrikam Test')!;
        assert.equal(fab.children.length, 1);
        assert.match(fab.children[0].label, /You do not have permission for listing Docker hosts in subscription "Fabrikam Test" \(AuthorizationFailed\)/);
        assert.match(fab.children[0].description ?? '', /Reader role/);
        const con = tree.find((s) => s.label === 'Contoso Development')!;
        assert.deepEqual(con.children.map((h) => h.label), ['buildhost', 'devbox', 'old-docker']);
    });

    it('gets its token from the emulator\'s Entra endpoint through @azure/identity', async () => {
        await refresh();
        await subscriptionRows();
        const log = (await emulator('GET', '/emulator/requests')) as { method: string; path: string; status: number }[];
        assert.ok(log.some((r) => r.method === 'POST' && /\/oauth2\/v2\.0\/token$/.test(r.path) && r.status === 200), 'no token request reached the emulator');
        assert.ok(log.some((r) => r.method === 'GET' && new RegExp(`^/subscriptions/${contoso}/providers/Microsoft\\.Compute/virtualMachines`, 'i').test(r.path)));
    });

    it('lists each subscription\'s VMs with one list call, not one call per VM', async () => {
        const before = ((await emulator('GET', '/emulator/requests')) as unknown[]).length;
        await refresh();
        await subscriptionRows();
        const log = ((await emulator('GET', '/emulator/requests')) as { method: string; path: string }[]).slice(before);
        const perVm = log.filter((r) => /\/virtualMachines\/[^/]+$/i.test(r.path) || /\/extensions$/i.test(r.path));
        assert.deepEqual(perVm, []);
    });

    it('shows nothing (so the welcome view appears) when no credential is available', async () => {
        // The VS Code account is not signed in inside this code-server.
        await vscode.workspace.getConfiguration('azureDockerHosts').update('authentication', 'vscode', vscode.ConfigurationTarget.Global);
        await refresh();
        const api = await extensionApi();
        assert.deepEqual(await rows(api), []);
    });
});
