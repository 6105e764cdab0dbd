/**
 * An SSH-only host as a user meets it: with the engine-access setting on "ssh", Create Docker
 * Host VM opens only port 22 and the VM's dockerd listens on its unix socket alone; inside VS Code
 * the tree still lists and follows the engine over SSH, and a container's logs and actions work.
 */
import * as assert from 'node:assert/strict';
import { expandRow, openActivityView, pickQuickItem, runCommand, runContextMenu, screenshot, treeRow, typeInQuickInput } from '../harness/browser';
import { docsScreenshotsDir, useHostSession } from './environment';

describe('e2e: an SSH-only host', function () {
    const h = useHostSession({ subscriptionId: '66666666-6666-4666-8666-666666666666', displayName: 'SSH Subscription' }, { settings: { 'azureDockerHosts.engineAccess': 'ssh' } });

    it('opens only port 22, and inside VS Code lists, follows and acts on its engine over SSH', async () => {
        const page = h.s.page;
        await openActivityView(page, 'Azure Docker Hosts');
        await treeRow(page, /^SSH Subscription/).waitFor({ state: 'visible', timeout: 60_000 });
        await runCommand(page, 'Azure Docker Hosts: Create Docker Host VM');
        await pickQuickItem(page, /^East US$/);
        await typeInQuickInput(page, 'ssh-host', { expect: /my-docker-host/ });
        await pickQuickItem(page, /Generate a new ed25519 key pair/);
        await pickQuickItem(page, /Create ssh-host/);
        await treeRow(page, /^ssh-host.*running/).waitFor({ state: 'visible', timeout: 120_000 });

        const record = h.s.emulator.inventory().find((i) => /virtualMachines$/i.test(i.type) && /\/ssh-host$/i.test(i.id))!;
        assert.match(record.tags['azure-docker-hosts:docker'] ?? '', /^ssh/);
        const vm = h.engines.vm(record.id)!;
        assert.deepEqual(vm.edge.ports(), [22], 'a port other than SSH answers on the VM');
        const rules = h.s.emulator.state.all().filter((r) => /securityRules$/i.test(r.type) && r.id.toLowerCase().includes('/ssh-host-nsg/'));
        assert.deepEqual(rules.map((r) => (r.properties as { destinationPortRange?: string }).destinationPortRange), ['22']);

        // A container started on the VM: the tree hears of it over SSH, and its logs come the same way.
        const web = await vm.engine!.socketClient().createContainer({
            name: 'web', Image: 'testbox:1', Cmd: ['sh', '-c', 'echo "hello over ssh"; sleep 3600'], HostConfig: { NetworkMode: 'none' },
        });
        await web.start();
        await expandRow(page, /^ssh-host/);
        await expandRow(page, /^Containers/);
        await treeRow(page, /^web.*Up/).waitFor({ state: 'visible', timeout: 60_000 });
        await runContextMenu(page, /^web/, 'View Logs');
        await page.locator('.monaco-editor .view-lines').filter({ hasText: 'hello over ssh' }).first().waitFor({ state: 'visible', timeout: 30_000 });
        await screenshot(page, 'ssh-only.png', docsScreenshotsDir());
        // Stopping it from its menu goes over SSH too, and the row follows by the engine's events.
        await runContextMenu(page, /^web/, 'Stop Container');
        await treeRow(page, /^web.*Exited/).waitFor({ state: 'visible', timeout: 60_000 });
        assert.equal((await web.inspect()).State.Running, false, 'the engine still runs the container');
    });

    it('leaves no unhandled promise rejection in the extension host', () => {
        h.s.assertNoUnhandledRejections();
    });
});
