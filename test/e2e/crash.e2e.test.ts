/**
 * A create cut short: the extension host is killed while the create waits on its NIC, as when
 * VS Code closes or crashes mid-create. After the restart the extension says so, the tree shows
 * the unfinished create under its subscription, and Clean Up from that row puts the emulator's
 * inventory back to what it was before: 0 orphans, no staging folder, record or generated key left.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { clickDialogButton, openActivityView, pickQuickItem, runCommand, runContextMenu, screenshot, treeRow, typeInQuickInput } from '../harness/browser';
import { artifactsDir, useHostSession } from './environment';

/** Every path under a folder, recursively. */
function entriesUnder(dir: string): string[] {
    return existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).flatMap((e) => [join(dir, e.name), ...(e.isDirectory() ? entriesUnder(join(dir, e.name)) : [])]) : [];
}

describe('e2e: a create interrupted by a crash leaves nothing behind', function () {
    const h = useHostSession({ subscriptionId: '55555555-5555-4555-8555-555555555555', displayName: 'Crash Subscription' });

    it('kills the extension host mid-create, restarts, and Clean Up from the tree restores the inventory', async () => {
        const page = h.s.page;
        const inventory = () => h.s.emulator.inventory().map((i) => i.id.toLowerCase()).sort();
        const storage = join(h.s.codeServer.userDataDir, 'User', 'globalStorage', 'azure-docker-hosts.azure-docker-hosts');
        const before = inventory();
        await openActivityView(page, 'Azure Docker Hosts');
        await treeRow(page, /^Crash Subscription/).waitFor({ state: 'visible', timeout: 60_000 });

        const nic = h.s.emulator.faults.add({ method: 'PUT', path: /networkInterfaces\/hj1-nic$/, hang: true });
        await runCommand(page, 'Azure Docker Hosts: Create Docker Host VM');
        await pickQuickItem(page, /^East US$/);
        await typeInQuickInput(page, 'hj1', { expect: /my-docker-host/ });
        await pickQuickItem(page, /Generate a new ed25519 key pair/);
        await pickQuickItem(page, /Create hj1/);
        const deadline = Date.now() + 60_000;
        while (nic.hits === 0) {
            assert.ok(Date.now() < deadline, 'the create never reached its NIC');
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
        assert.ok(entriesUnder(storage).some((p) => p.includes('.creating-')), 'no staging folder while creating');
        const pids = h.s.codeServer.extensionHostPids();
        assert.ok(pids.length > 0, 'no extension host process found');
        for (const pid of pids) {
            process.kill(pid, 'SIGKILL');
        }
        nic.remove();
        await screenshot(page, 'crash-killed.png', artifactsDir());

        // VS Code restarts the extension host; the extension then says the create did not finish.
        await page.locator('.notifications-toasts').getByText(/Creating Docker host hj1 did not finish/).first().waitFor({ state: 'visible', timeout: 90_000 });
        await openActivityView(page, 'Azure Docker Hosts');
        const row = /^Unfinished create of hj1/;
        await treeRow(page, row).waitFor({ state: 'visible', timeout: 60_000 });
        assert.match(await treeRow(page, row).locator('.label-name').innerText(), /^Unfinished create of hj1: 4 resources$/);
        await screenshot(page, 'crash-unfinished.png', artifactsDir());
        assert.notDeepEqual(inventory(), before, 'the crash left nothing behind to clean up');

        await runContextMenu(page, row, 'Clean Up…');
        await clickDialogButton(page, 'Clean Up');
        await page.locator('.notifications-toasts').getByText(/Cleaned up the unfinished create of hj1/).first().waitFor({ state: 'visible', timeout: 60_000 });
        await treeRow(page, row).waitFor({ state: 'detached', timeout: 30_000 });
        assert.deepEqual(inventory(), before, 'orphaned resources');
        assert.deepEqual(entriesUnder(storage).filter((p) => p.includes('.creating-') || /[/\\]runs[/\\].+\.json$/.test(p)), [], 'local staging files or records left');
        assert.deepEqual(existsSync(join(h.home, '.ssh')) ? readdirSync(join(h.home, '.ssh')) : [], [], 'the key pair generated for the run was left');
    });

    it('leaves no unhandled promise rejection in the extension host', () => {
        h.s.assertNoUnhandledRejections();
    });
});
