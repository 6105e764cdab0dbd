/**
 * The whole journey of a new user, in code-server driven by Chromium, against the emulator whose
 * VMs are backed by real dockerd: welcome view, sign-in through the environment credential,
 * Create Docker Host VM (basic), the host's containers, Run, View Logs, Attach Shell, Stop,
 * Create Docker Context, Stop and Start the VM, Delete — and the emulator is empty at the end.
 * A screenshot of every step goes to docs/screenshots/journey-NN-*.png.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { clickDialogButton, expandRow, openActivityView, pickQuickItem, runCommand, runContextMenu, screenshot, treeRow, typeInQuickInput } from '../harness/browser';
import { docsScreenshotsDir, useHostSession } from './environment';

describe('e2e: the whole journey', function () {
    // The service principal is in the environment, but the extension starts on its default source,
    // the VS Code account, which is not signed in: the welcome view shows.
    const h = useHostSession({ subscriptionId: '44444444-4444-4444-8444-444444444444', displayName: 'Journey Subscription' }, { settings: { 'azureDockerHosts.authentication': 'vscode' } });
    let step = 0;
    const shot = (name: string) => screenshot(h.s.page, `journey-${String(++step).padStart(2, '0')}-${name}.png`, docsScreenshotsDir());

    it('goes from the welcome view to a deleted host, leaving nothing behind', async () => {
        const page = h.s.page;
        // 1. The welcome view.
        await openActivityView(page, 'Azure Docker Hosts');
        await page.getByRole('button', { name: 'Sign in to Azure' }).waitFor({ state: 'visible' });
        await shot('welcome');

        // 2. Sign in with the environment credential: the welcome view's link opens the setting.
        await page.locator('.welcome-view-content a').filter({ hasText: 'azureDockerHosts.authentication' }).click();
        const select = page.locator('.settings-editor .setting-item-contents select').first();
        await select.waitFor({ state: 'visible' });
        await select.selectOption('environment');
        await treeRow(page, /^Journey Subscription/).waitFor({ state: 'visible', timeout: 60_000 });
        await shot('signed-in');
        // This VS Code shows settings over the workbench; Escape closes them.
        await page.locator('.settings-editor .settings-header').click();
        await page.keyboard.press('Escape');
        await page.locator('.settings-editor').waitFor({ state: 'hidden' });

        // 3–4. Create Docker Host VM in basic mode; the host appears running.
        await runCommand(page, 'Azure Docker Hosts: Create Docker Host VM');
        await pickQuickItem(page, /^East US$/);
        await typeInQuickInput(page, 'journey', { expect: /my-docker-host/ });
        await pickQuickItem(page, /Generate a new ed25519 key pair/);
        await pickQuickItem(page, /Create journey/);
        await treeRow(page, /^journey.*running/).waitFor({ state: 'visible', timeout: 120_000 });
        await shot('created');

        // 5. Its containers.
        await expandRow(page, /^journey/);
        await expandRow(page, /^Containers/);
        await treeRow(page, /^No containers/).waitFor({ state: 'visible', timeout: 30_000 });
        await shot('containers');

        // 6. Run an image from Images.
        await expandRow(page, /^Images/);
        await runContextMenu(page, /^testbox:1/, 'Run…');
        await typeInQuickInput(page, 'greeter', { expect: /Name of the new container/ });
        await typeInQuickInput(page, '', { expect: /Ports to publish/ });
        await typeInQuickInput(page, '', { expect: /Environment variable NAME=value \(0 so far/ });
        await pickQuickItem(page, /^none$/);
        await typeInQuickInput(page, '', { expect: /Volumes SOURCE:TARGET/ });
        await typeInQuickInput(page, 'echo "hello from the journey"; sleep 3600', { expect: /Command \(empty/ });
        await treeRow(page, /^greeter.*Up/).waitFor({ state: 'visible', timeout: 60_000 });
        await shot('run');

        // 7. View Logs.
        await runContextMenu(page, /^greeter/, 'View Logs');
        await page.locator('.monaco-editor .view-lines').filter({ hasText: 'hello from the journey' }).first().waitFor({ state: 'visible', timeout: 30_000 });
        await shot('logs');

        // 8. Attach Shell and run a command.
        await runContextMenu(page, /^greeter/, 'Attach Shell');
        const terminal = page.locator('.terminal-wrapper.active .xterm-rows, .xterm .xterm-rows').last();
        await terminal.waitFor({ state: 'visible', timeout: 30_000 });
        await page.locator('.xterm-helper-textarea').last().focus();
        await page.keyboard.type('echo "shell says $((6 * 7))"\n');
        await terminal.filter({ hasText: 'shell says 42' }).waitFor({ state: 'visible', timeout: 30_000 });
        await shot('shell');

        // 9. Stop the container.
        await runContextMenu(page, /^greeter/, 'Stop Container');
        await treeRow(page, /^greeter.*Exited/).waitFor({ state: 'visible', timeout: 60_000 });
        await shot('container-stopped');

        // 10. Create Docker Context; the real docker CLI uses it.
        await runContextMenu(page, /^journey/, 'Create Docker Context…');
        await typeInQuickInput(page, 'azure-journey', { expect: /Name of the docker context/ });
        await page.locator('.notifications-toasts').filter({ hasText: 'Created docker context "azure-journey"' }).waitFor({ state: 'visible', timeout: 30_000 });
        await shot('context');
        const ps = execFileSync('docker', ['--context', 'azure-journey', 'ps', '-a', '--format', '{{.Names}}'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: h.home } });
        assert.match(ps, /^greeter$/m);

        // 11. Stop the VM: the host shows it is deallocated and its engine unreachable.
        await runContextMenu(page, /^journey/, 'Stop VM (Deallocate)');
        await treeRow(page, /^journey.*deallocated/).waitFor({ state: 'visible', timeout: 60_000 });
        await treeRow(page, /^The VM is deallocated/).waitFor({ state: 'visible', timeout: 30_000 });
        await shot('vm-stopped');

        // 12. Start the VM.
        await runContextMenu(page, /^journey/, 'Start VM');
        await treeRow(page, /^journey.*running/).waitFor({ state: 'visible', timeout: 60_000 });
        await shot('vm-started');

        // 13. Delete the host, with everything this extension created for it.
        await runContextMenu(page, /^journey/, 'Delete…');
        await page.locator('.quick-input-widget').getByPlaceholder('Resources of journey to delete').waitFor({ state: 'visible' });
        await shot('delete-pick');
        await page.locator('.quick-input-widget .quick-input-action a, .quick-input-widget .monaco-button').filter({ hasText: /^OK$/ }).first().click();
        await clickDialogButton(page, 'Delete');
        await treeRow(page, /^No Docker hosts/).waitFor({ state: 'visible', timeout: 120_000 });
        await shot('deleted');

        // 14. Nothing is left in Azure.
        assert.deepEqual(h.s.emulator.inventory(), []);
    });

    it('leaves no unhandled promise rejection in the extension host', () => {
        h.s.assertNoUnhandledRejections();
    });
});
