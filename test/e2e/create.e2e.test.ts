/**
 * Create Docker Host VM as a person does it: the palette, the basic-mode quick picks, then the new
 * host appears running in the tree. The emulator backs the VM with a real dockerd configured only
 * from what the extension sent, so "running" means its engine answered over TLS.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { httpStatusLine as httpGet } from '../harness/httpProbe';
import { clickDialogButton, expandRow, openActivityView, pickQuickItem, quickInput, runCommand, runContextMenu, screenshot, treeRow, typeInQuickInput } from '../harness/browser';
import { docsScreenshotsDir, useHostSession } from './environment';

describe('e2e: Create Docker Host VM', function () {
    const h = useHostSession({ subscriptionId: '33333333-3333-4333-8333-333333333333', displayName: 'Demo Subscription' });

    it('asks for location, name and a key, shows the firewall source before creating, then shows the new host running', async () => {
        await openActivityView(h.s.page, 'Azure Docker Hosts');
        await treeRow(h.s.page, /^Demo Subscription/).waitFor({ state: 'visible', timeout: 60_000 });
        await runCommand(h.s.page, 'Azure Docker Hosts: Create Docker Host VM');
        // Basic mode with no key in ~/.ssh asks exactly four questions, and the counter says so from the first.
        const stepTitle = async (step: string) => {
            const title = h.s.page.locator('.quick-input-widget .quick-input-title').filter({ hasText: 'Create Docker Host VM' });
            await title.waitFor({ state: 'visible' });
            assert.equal((await title.innerText()).trim(), `Create Docker Host VM (${step})`);
        };
        await stepTitle('1/4');
        await pickQuickItem(h.s.page, /^East US$/);
        await typeInQuickInput(h.s.page, 'e2e-host', { expect: /my-docker-host/ });
        await pickQuickItem(h.s.page, /Generate a new ed25519 key pair/);
        // The last step shows the source the lookup found; change it. Back and Cancel on the
        // "any" warning each ask for the source again instead of ending the create.
        const sourcePrompt = /Allowed source for ports 22 and 2376/;
        await pickQuickItem(h.s.page, /Change the firewall source/);
        await typeInQuickInput(h.s.page, '0.0.0.0/00', { expect: sourcePrompt });
        await clickDialogButton(h.s.page, 'Back');
        await typeInQuickInput(h.s.page, '::0/0', { expect: sourcePrompt });
        await clickDialogButton(h.s.page, 'Cancel');
        // A range that holds the caller's address (the emulator's lookup answers 203.0.113.7): the
        // emulated NSG lets only it reach the VM, so the engine can answer.
        await typeInQuickInput(h.s.page, '203.0.113.0/24', { expect: sourcePrompt });
        await stepTitle('4/4');
        await pickQuickItem(h.s.page, /Create e2e-host/);
        await treeRow(h.s.page, /^e2e-host.*running/).waitFor({ state: 'visible', timeout: 120_000 });
        // One short sentence, the TLS folder one click away instead of its long path in the text.
        const ready = h.s.page.locator('.notifications-toasts .notification-list-item').filter({ hasText: 'Docker host e2e-host is ready.' });
        await ready.waitFor({ state: 'visible', timeout: 30_000 });
        assert.equal((await ready.locator('.notification-list-item-message').innerText()).trim(), 'Docker host e2e-host is ready.');
        assert.ok(await ready.getByRole('button', { name: 'Reveal TLS Folder' }).isVisible(), 'the ready notification offers no Reveal TLS Folder');
        await screenshot(h.s.page, 'create.png', docsScreenshotsDir());

        const key = join(h.home, '.ssh', 'id_ed25519');
        assert.equal(statSync(key).mode & 0o777, 0o600);
        const vm = h.s.emulator.inventory().find((i) => /virtualMachines$/i.test(i.type) && /\/e2e-host$/i.test(i.id));
        assert.ok(vm, 'the VM is not in the emulator');
        assert.equal(vm.tags['azure-docker-hosts:docker'], 'tls:2376');
        assert.ok(h.engines.engine(vm.id)?.running, 'no engine runs behind the VM');
        assert.deepEqual(readdirSync(join(h.home, '.ssh')).sort(), ['id_ed25519', 'id_ed25519.pub']);
        const rules = h.s.emulator.state.all().filter((r) => /securityRules$/i.test(r.type) && r.id.toLowerCase().includes('/e2e-host-nsg/'));
        assert.deepEqual(rules.map((r) => r.properties.sourceAddressPrefix), ['203.0.113.0/24', '203.0.113.0/24']);
    });

    it('runs an image, stops the container from its context menu, and shows its logs', async () => {
        const page = h.s.page;
        await expandRow(page, /^e2e-host/);
        await expandRow(page, /^Images/);
        await runContextMenu(page, /^testbox:1/, 'Run…');
        await typeInQuickInput(page, 'hello', { expect: /Name of the new container/ });
        await typeInQuickInput(page, '', { expect: /Ports to publish/ });
        await typeInQuickInput(page, 'GREETING=hello from e2e', { expect: /Environment variable NAME=value \(0 so far/ });
        await typeInQuickInput(page, '', { expect: /Environment variable NAME=value \(1 so far/ });
        await pickQuickItem(page, /^none$/);
        // A bind mount: the guard says the path is on the VM before anything runs.
        await typeInQuickInput(page, '/tmp:/vm-tmp', { expect: /Volumes SOURCE:TARGET/ });
        await page.locator('.monaco-dialog-box').filter({ hasText: 'paths on the VM e2e-host, not on this machine' }).waitFor({ state: 'visible' });
        await clickDialogButton(page, 'Continue');
        await typeInQuickInput(page, 'echo "$GREETING"; sleep 3600', { expect: /Command \(empty/ });
        await expandRow(page, /^Containers/);
        await treeRow(page, /^hello.*Up/).waitFor({ state: 'visible', timeout: 60_000 });
        await screenshot(page, 'explorer.png', docsScreenshotsDir());

        await runContextMenu(page, /^hello/, 'Stop Container');
        await treeRow(page, /^hello.*Exited/).waitFor({ state: 'visible', timeout: 60_000 });
        const engine = h.engines.engine(h.s.emulator.inventory().find((i) => /virtualMachines$/i.test(i.type) && /\/e2e-host$/i.test(i.id))!.id)!;
        const state = await engine.socketClient().getContainer('hello').inspect();
        assert.equal(state.State.Running, false, 'the engine still runs the container');
        await screenshot(page, 'container-stopped.png', docsScreenshotsDir());

        await runContextMenu(page, /^hello/, 'View Logs');
        await page.locator('.monaco-editor .view-lines').filter({ hasText: 'hello from e2e' }).first().waitFor({ state: 'visible', timeout: 30_000 });
        await screenshot(page, 'logs.png', docsScreenshotsDir());
    });

    it('shows the host unreachable when its engine dies, and recovers by itself when it is back', async () => {
        const page = h.s.page;
        const vm = h.s.emulator.inventory().find((i) => /virtualMachines$/i.test(i.type) && /\/e2e-host$/i.test(i.id))!;
        const engine = h.engines.engine(vm.id)!;
        await treeRow(page, /^e2e-host.*Docker \d/).waitFor({ state: 'visible', timeout: 30_000 });
        await engine.kill();
        await treeRow(page, /^e2e-host.*unreachable/).waitFor({ state: 'visible', timeout: 60_000 });
        await screenshot(page, 'engine-lost.png', docsScreenshotsDir());
        await engine.restart();
        // No click: the event stream reconnects by itself and the row shows the engine again.
        await treeRow(page, /^e2e-host.*Docker \d/).waitFor({ state: 'visible', timeout: 60_000 });
    });

    it('opens a published port from the host\'s menu for the user\'s IP, and the container answers through the firewall', async () => {
        const page = h.s.page;
        const vm = h.engines.vm(h.s.emulator.inventory().find((i) => /virtualMachines$/i.test(i.type) && /\/e2e-host$/i.test(i.id))!.id)!;
        const web = await vm.engine!.socketClient().createContainer({
            name: 'web', Image: 'testbox:1', Cmd: ['httpd', '-f', '-p', '80', '-h', '/etc'],
            HostConfig: { NetworkMode: 'none', PortBindings: { '80/tcp': [{ HostPort: '8080' }] } },
        });
        await web.start();
        await vm.edge.whenServing(8080);
        await assert.rejects(httpGet(vm.publicIp, 8080), 'reachable before Open Port');
        await runContextMenu(page, /^e2e-host/, 'Open Port…');
        await typeInQuickInput(page, '8080', { expect: /Port on e2e-host/ });
        await pickQuickItem(page, /^TCP$/);
        // The prompt starts at the user's current IP; accepting it opens the port to that address only.
        const source = quickInput(page).locator('input.input');
        await quickInput(page).getByText(/Allowed source for port 8080\/tcp/).first().waitFor({ state: 'visible' });
        assert.equal(await source.inputValue(), '203.0.113.7');
        await source.press('Enter');
        await page.getByText(/Port 8080\/tcp on e2e-host is open to 203\.0\.113\.7\/32/).first().waitFor({ state: 'visible', timeout: 30_000 });
        assert.match(await httpGet(vm.publicIp, 8080), /^HTTP\/1\.[01] 200/);
    });

    it('Configure Engine… from the host\'s menu switches the log rotation, and the engine answers with it', async () => {
        const page = h.s.page;
        const vmId = h.s.emulator.inventory().find((i) => /virtualMachines$/i.test(i.type) && /\/e2e-host$/i.test(i.id))!.id;
        await runContextMenu(page, /^e2e-host/, 'Configure Engine…');
        await pickQuickItem(page, /^json-file/);
        await typeInQuickInput(page, '10m', { expect: /Largest log file per container/ });
        await typeInQuickInput(page, '3', { expect: /Log files kept per container/ });
        await pickQuickItem(page, /^Keep/);
        await page.locator('.monaco-dialog-box').filter({ hasText: 'with live-restore on, running containers keep running' }).waitFor({ state: 'visible' });
        await clickDialogButton(page, 'Configure');
        await page.getByText('The engine of e2e-host now has json-file logs, 3 files of 10m per container.').first().waitFor({ state: 'visible', timeout: 60_000 });
        const config = JSON.parse(h.engines.vm(vmId)!.disk.read('/etc/docker/daemon.json')!) as Record<string, unknown>;
        assert.deepEqual([config['log-driver'], config['log-opts']], ['json-file', { 'max-size': '10m', 'max-file': '3' }]);
        assert.equal((await h.engines.engine(vmId)!.socketClient().info() as { LoggingDriver: string }).LoggingDriver, 'json-file');
        await treeRow(page, /^e2e-host.*Docker \d/).waitFor({ state: 'visible', timeout: 60_000 });
    });

    it('leaves no unhandled promise rejection in the extension host', () => {
        h.s.assertNoUnhandledRejections();
    });
});
