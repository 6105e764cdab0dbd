import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { emulator, extensionApi, refresh, rows } from './helpers';

const fabrikam = '22222222-2222-4222-8222-222222222222';
const graphPath = '^/providers/Microsoft\\.ResourceGraph/resources$';

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

    it('shows a host\'s auto-shutdown in its tooltip, read from its shutdown-computevm-<vm> schedule (none on the seeded devbox)', async () => {
        await refresh();
        const before = ((await emulator('GET', '/emulator/requests')) as unknown[]).length;
        const devbox = (await subscriptionRows())[0].children.find((h) => h.label === 'devbox')!;
        const tooltip = await (devbox.item as unknown as { resolveTooltip(): Promise<vscode.MarkdownString> }).resolveTooltip();
        assert.match(tooltip.value, /Auto-shutdown: off/);
        const log = ((await emulator('GET', '/emulator/requests')) as { method: string; path: string; status: number }[]).slice(before);
        assert.ok(log.some((r) => r.method === 'GET' && /\/resourceGroups\/[^/]+\/providers\/Microsoft\.DevTestLab\/schedules\/shutdown-computevm-devbox$/i.test(r.path) && r.status === 404), 'the schedule was not asked for');
    });

    it('lists the same hosts through ARM when Resource Graph answers 403', async () => {
        await refresh();
        const viaGraph = await subscriptionRows();
        await emulator('POST', '/emulator/faults', { method: 'POST', path: graphPath, status: 403 });
        const before = ((await emulator('GET', '/emulator/requests')) as unknown[]).length;
        await refresh();
        const viaArm = await subscriptionRows();
        const log = ((await emulator('GET', '/emulator/requests')) as { method: string; path: string }[]).slice(before);
        assert.ok(log.some((r) => new RegExp(`^/subscriptions/${fabrikam}/providers/Microsoft\\.Compute/virtualMachines$`, 'i').test(r.path)), 'Fabrikam was not listed through ARM');
        const shown = (tree: typeof viaGraph) => tree.map((s) => [s.label, s.children.map((h) => [h.label, h.description, h.contextValue])]);
        assert.deepEqual(shown(viaArm), shown(viaGraph));
    });

    it('shows a 403 on one subscription as an error row there, while the other still lists', async () => {
        // Resource Graph leaves out what the caller cannot read; listed through ARM, the subscription names the missing permission.
        await emulator('POST', '/emulator/faults', { method: 'POST', path: graphPath, status: 403 });
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
        assert.ok(log.some((r) => r.method === 'POST' && new RegExp(graphPath, 'i').test(r.path)));
    });

    it('lists both subscriptions\' hosts with one Resource Graph query: no list call per subscription, no call per VM', async () => {
        const before = ((await emulator('GET', '/emulator/requests')) as unknown[]).length;
        await refresh();
        await subscriptionRows();
        const log = ((await emulator('GET', '/emulator/requests')) as { method: string; path: string }[]).slice(before);
        assert.equal(log.filter((r) => r.method === 'POST' && new RegExp(graphPath, 'i').test(r.path)).length, 1);
        const armReads = log.filter((r) => r.method === 'GET' && /^\/subscriptions\/[^/]+\/(providers|resourcegroups|resources)/i.test(r.path));
        assert.deepEqual(armReads, []);
    });

    it('shows nothing (so the welcome view appears) when no credential is available', async () => {
        // The VS Code account is not signed in inside this code-server.
        await vscode.workspace.getConfiguration('azureDockerHosts').update('authentication', 'vscode', vscode.ConfigurationTarget.Global);
        await refresh();
        const api = await extensionApi();
        assert.deepEqual(await rows(api), []);
    });
});
