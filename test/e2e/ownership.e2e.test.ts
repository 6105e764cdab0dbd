/**
 * Create Docker Host VM into a resource group that already holds someone else's NSG and public IP
 * of the new host's names, as a new user would try it: the create is refused before any write,
 * the message names both, no progress notification is left behind, and the free name it offers
 * then creates the host.
 */
import * as assert from 'node:assert/strict';
import { clickDialogButton, openActivityView, pickQuickItem, runCommand, treeRow, typeInQuickInput } from '../harness/browser';
import { useHostSession } from './environment';

const theirs = { owner: 'someone-else' };

describe('e2e: Create Docker Host VM never overwrites what exists', function () {
    const h = useHostSession({
        subscriptionId: '44444444-4444-4444-8444-444444444444',
        displayName: 'Shared Subscription',
        resourceGroups: [{
            name: 'shared-rg',
            location: 'eastus',
            tags: theirs,
            networkSecurityGroups: [{ name: 'hs1-nsg', tags: theirs, securityRules: [{ name: 'allow-https', protocol: 'Tcp', sourcePortRange: '*', destinationPortRange: '443', sourceAddressPrefix: '*', destinationAddressPrefix: '*', access: 'Allow', priority: 300, direction: 'Inbound' }] }],
            publicIPAddresses: [{ name: 'hs1-ip', tags: theirs, domainNameLabel: 'theirs-hs1' }],
        }],
    }, { settings: { 'azureDockerHosts.createMode': 'advanced' } });

    /** Progress notifications still on screen (a finished run's must be gone). */
    const progressToasts = () => h.s.page.locator('.notifications-toasts .notification-toast').filter({ has: h.s.page.locator('.monaco-progress-container:not(.done)') }).filter({ hasText: /Creating Docker host/ });

    it('refuses naming both clashes, leaves them untouched and no progress behind, then creates under the free name', async () => {
        const page = h.s.page;
        const stored = (name: string) => JSON.stringify(h.s.emulator.state.all().filter((r) => new RegExp(`/${name}(/|$)`, 'i').test(r.id)));
        const before = { nsg: stored('hs1-nsg'), ip: stored('hs1-ip') };
        await openActivityView(page, 'Azure Docker Hosts');
        await treeRow(page, /^Shared Subscription/).waitFor({ state: 'visible', timeout: 60_000 });
        await runCommand(page, 'Azure Docker Hosts: Create Docker Host VM');
        await pickQuickItem(page, /^East US$/);
        await typeInQuickInput(page, 'hs1', { expect: /my-docker-host/ });
        await pickQuickItem(page, /^Standard_B2s$/);
        await pickQuickItem(page, /^Ubuntu Server 24\.04 LTS$/);
        await typeInQuickInput(page, 'azureuser', { expect: /Admin user name/ });
        await pickQuickItem(page, /Generate a new ed25519 key pair/);
        await pickQuickItem(page, /^TLS on port 2376$/);
        await typeInQuickInput(page, '2376', { expect: /Port of the Docker engine/ });
        await typeInQuickInput(page, '203.0.113.7', { expect: /Allowed source/ });
        await pickQuickItem(page, /^shared-rg$/);
        await pickQuickItem(page, /^No auto-shutdown$/);

        const dialog = page.locator('.monaco-dialog-box');
        await dialog.getByText(/network security group hs1-nsg, public IP address hs1-ip/).first().waitFor({ state: 'visible', timeout: 60_000 });
        await dialog.getByText(/Nothing was created or changed\. The name hs1-2 is free\./).first().waitFor({ state: 'visible' });
        // VS Code shows a progress notification for at least 800 ms; after that it must be gone.
        await progressToasts().first().waitFor({ state: 'detached', timeout: 5_000 });
        const writes = h.s.emulator.requestLog.filter((e) => ['PUT', 'PATCH', 'DELETE'].includes(e.method));
        assert.deepEqual(writes.map((e) => `${e.method} ${e.path}`), [], 'something was written');
        assert.deepEqual({ nsg: stored('hs1-nsg'), ip: stored('hs1-ip') }, before, 'their resources changed');

        await clickDialogButton(page, 'Create as hs1-2');
        await treeRow(page, /^hs1-2.*running/).waitFor({ state: 'visible', timeout: 120_000 });
        await progressToasts().first().waitFor({ state: 'detached', timeout: 10_000 });
        assert.deepEqual({ nsg: stored('hs1-nsg'), ip: stored('hs1-ip') }, before, 'their resources changed');
    });

    it('leaves no unhandled promise rejection in the extension host', () => {
        h.s.assertNoUnhandledRejections();
    });
});
