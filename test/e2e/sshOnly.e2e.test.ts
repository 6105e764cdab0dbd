/**
 * An SSH-only host as a user meets it: with the engine-access setting on "ssh", Create Docker
 * Host VM opens only port 22 and the VM's dockerd listens on its unix socket alone; inside VS Code
 * the tree still lists and follows the engine over SSH, and a container's logs and actions work.
 */
import * as assert from 'node:assert/strict';
import { clickDialogButton, expandRow, openActivityView, pickQuickItem, runCommand, runContextMenu, screenshot, treeRow, typeInQuickInput } from '../harness/browser';
import { freePortOn, httpGet } from '../harness/httpProbe';
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

    it('after the user\'s IP changes, the unreachable host offers Update Firewall first, which brings it back', async () => {
        const page = h.s.page;
        const nsgSources = () => h.s.emulator.state.all().filter((r) => /securityRules$/i.test(r.type) && r.id.toLowerCase().includes('/ssh-host-nsg/'))
            .map((r) => (r.properties as { sourceAddressPrefix?: string }).sourceAddressPrefix);
        const before = nsgSources();
        // The user moved networks: their flows from the old address are gone, and the rules name it.
        h.s.emulator.callerPublicIp = '198.51.100.23';
        await treeRow(page, /^ssh-host.*unreachable/).waitFor({ state: 'visible', timeout: 60_000 });
        await runContextMenu(page, /^ssh-host/, 'Retry Connection');
        // The right-click's selecting click toggled the row; open it again to read its rows.
        await expandRow(page, /^ssh-host/);
        const fix = treeRow(page, /allows another address than yours \(198\.51\.100\.23\)/);
        await fix.waitFor({ state: 'visible', timeout: 60_000 });
        await screenshot(page, 'firewall-ip-changed.png', docsScreenshotsDir());
        await fix.click();
        await clickDialogButton(page, 'Update');
        await expandRow(page, /^Containers/);
        await treeRow(page, /^web.*Exited/).waitFor({ state: 'visible', timeout: 60_000 });
        assert.deepEqual(before, ['203.0.113.7/32']);
        assert.deepEqual(nsgSources(), ['198.51.100.23/32'], 'the SSH rule names the new address');
    });

    it('Forward Port to Localhost… on the host carries HTTP from a port of the VM, with no firewall rule, until stopped', async () => {
        const page = h.s.page;
        const vm = h.engines.vm(h.s.emulator.inventory().find((i) => /virtualMachines$/i.test(i.type) && /\/ssh-host$/i.test(i.id))!.id)!;
        // A web server on the VM's host network, on its loopback: reachable only from the VM itself.
        const port = await freePortOn('127.0.0.1');
        const server = await vm.engine!.socketClient().createContainer({
            name: 'loopback-web', Image: 'testbox:1', Cmd: ['sh', '-c', `mkdir -p /w && echo forwarded-ok >/w/index.html && httpd -f -p 127.0.0.1:${port} -h /w`], HostConfig: { NetworkMode: 'host' },
        });
        await server.start();
        const rulesBefore = h.s.emulator.state.all().filter((r) => /securityRules$/i.test(r.type)).length;
        await runContextMenu(page, /^ssh-host/, 'Forward Port to Localhost…');
        await typeInQuickInput(page, String(port), { expect: /TCP port on the VM ssh-host/ });
        await typeInQuickInput(page, '', { expect: /Local port on 127\.0\.0\.1/ });
        const toast = page.locator('.notifications-toasts .notification-list-item-message').filter({ hasText: new RegExp(`Port ${port} of ssh-host is forwarded to http://localhost:\\d+`) }).first();
        await toast.waitFor({ state: 'visible', timeout: 60_000 });
        const localPort = Number(/localhost:(\d+)/.exec(await toast.innerText())![1]);
        assert.equal((await httpGet(`http://127.0.0.1:${localPort}/`)).trim(), 'forwarded-ok');
        assert.equal(h.s.emulator.state.all().filter((r) => /securityRules$/i.test(r.type)).length, rulesBefore, 'a forward needs no firewall rule');
        await expandRow(page, /^ssh-host/);
        await expandRow(page, /^Forwarded Ports/);
        await treeRow(page, new RegExp(`^localhost:${localPort}.*port ${port} on the VM`)).waitFor({ state: 'visible', timeout: 30_000 });
        // The progress notification goes once the forward runs.
        await page.locator('.notifications-toasts .notification-list-item-message').filter({ hasText: /Forwarding port/ }).first().waitFor({ state: 'hidden', timeout: 10_000 });
        await screenshot(page, 'forwarded-port.png', docsScreenshotsDir());
        await runContextMenu(page, new RegExp(`^localhost:${localPort}`), 'Stop Port Forward');
        await treeRow(page, /^Forwarded Ports/).waitFor({ state: 'hidden', timeout: 30_000 });
        await assert.rejects(httpGet(`http://127.0.0.1:${localPort}/`), /ECONNREFUSED/);
        await server.remove({ force: true });
    });

    it('Switch Engine Access… to TLS keeps the containers, and opens the TLS port', async () => {
        const page = h.s.page;
        const vm = h.engines.vm(h.s.emulator.inventory().find((i) => /virtualMachines$/i.test(i.type) && /\/ssh-host$/i.test(i.id))!.id)!;
        const before = (await vm.engine!.socketClient().listContainers({ all: true })).map((c) => c.Id).sort();
        await runContextMenu(page, /^ssh-host/, 'Switch Engine Access…');
        await clickDialogButton(page, 'Switch to TLS');
        await treeRow(page, /^ssh-host.*running/).waitFor({ state: 'visible', timeout: 120_000 });
        await page.locator('.notifications-toasts').filter({ hasText: /now reached over TLS on port 2376/ }).first().waitFor({ state: 'visible', timeout: 120_000 });
        assert.deepEqual(vm.edge.ports(), [22, 2376]);
        assert.deepEqual((await vm.engine!.socketClient().listContainers({ all: true })).map((c) => c.Id).sort(), before, 'the engine lost or gained containers');
        await expandRow(page, /^ssh-host/);
        await expandRow(page, /^Containers/);
        await treeRow(page, /^web/).waitFor({ state: 'visible', timeout: 60_000 });
    });

    it('leaves no unhandled promise rejection in the extension host', () => {
        h.s.assertNoUnhandledRejections();
    });
});
