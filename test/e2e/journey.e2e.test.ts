/**
 * The whole journey of a new user, in code-server driven by Chromium, against the emulator whose
 * VMs are backed by real dockerd: welcome view, sign-in through the environment credential,
 * Create Docker Host VM (basic), the host's containers, Run, View Logs, Attach Shell, Stop,
 * Create Docker Context, Build Image on Docker Host from a workspace Dockerfile and Run it, Compose
 * Up from a workspace compose file and Stop on its project group, Stop and Start the VM, Delete —
 * and the emulator is empty at the end.
 * A screenshot of every step goes to docs/screenshots/journey-NN-*.png.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { clickDialogButton, expandRow, openActivityView, pickQuickItem, runCommand, runContextMenu, screenshot, treeRow, typeInQuickInput } from '../harness/browser';
import { TEST_IMAGE } from '../harness/dockerd';
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
        // Not execFileSync: the emulator's VM edge, which carries the CLI's connection, runs in this process.
        const { stdout: ps } = await promisify(execFile)('docker', ['--context', 'azure-journey', 'ps', '-a', '--format', '{{.Names}}'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: h.home } });
        assert.match(ps, /^greeter$/m);

        // 11. Build the workspace's Dockerfile on the host, from the Explorer; .dockerignore keeps secret.txt out.
        const ws = h.s.codeServer.workspaceDir;
        writeFileSync(join(ws, 'hello.txt'), 'hello from the workspace\n');
        writeFileSync(join(ws, 'secret.txt'), 'not for the image\n');
        writeFileSync(join(ws, '.dockerignore'), 'secret.txt\ncompose.yaml\n');
        writeFileSync(join(ws, 'Dockerfile'), `FROM ${TEST_IMAGE}\nCOPY . /app/\nCMD ["sh", "-c", "cat /app/hello.txt; exec sleep 3600"]\n`);
        // A bind mount: the guard must say before Up that the path is on the VM.
        writeFileSync(join(ws, 'compose.yaml'), `services:\n  app:\n    image: ${TEST_IMAGE}\n    volumes: ["/tmp:/vm-tmp"]\n    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.2; done"]\n`);
        await openActivityView(page, 'Explorer');
        await runContextMenu(page, /^Dockerfile$/, 'Build Image on Docker Host…');
        await pickQuickItem(page, /^journey/);
        await typeInQuickInput(page, 'shipped:1', { expect: /Tag of the image/ });
        await typeInQuickInput(page, '', { expect: /Build context folder/ });
        await typeInQuickInput(page, '', { expect: /Dockerfile, relative to the build context/ });
        await typeInQuickInput(page, '', { expect: /Build arguments/ });
        await typeInQuickInput(page, '', { expect: /Target stage/ });
        // The notification offers Run (VS Code hides it after a while); the terminal followed the
        // engine's stream step by step. (The emulated engine has no bridge network, so no RUN step.)
        const built = page.locator('.notifications-toasts .notification-list-item').filter({ hasText: 'Built shipped:1 on journey.' });
        await built.waitFor({ state: 'visible', timeout: 60_000 });
        const buildTerminal = page.locator('.xterm .xterm-rows').last();
        await buildTerminal.filter({ hasText: 'Step 2/3 : COPY . /app/' }).waitFor({ state: 'visible', timeout: 5_000 });
        await buildTerminal.filter({ hasText: 'Built shipped:1' }).waitFor({ state: 'visible', timeout: 5_000 });
        await shot('build');

        // 12. Run, offered by the build's notification; the container appears.
        await built.getByRole('button', { name: 'Run' }).click();
        await typeInQuickInput(page, 'shipped', { expect: /Name of the new container from shipped:1/ });
        await typeInQuickInput(page, '', { expect: /Ports to publish/ });
        await typeInQuickInput(page, '', { expect: /Environment variable NAME=value \(0 so far/ });
        await pickQuickItem(page, /^none$/);
        await typeInQuickInput(page, '', { expect: /Volumes SOURCE:TARGET/ });
        await typeInQuickInput(page, '', { expect: /Command \(empty/ });
        await openActivityView(page, 'Azure Docker Hosts');
        // Step 10's right-click selected the host row, which folded it.
        await expandRow(page, /^journey/);
        await expandRow(page, /^Containers/);
        await treeRow(page, /^shipped.*Up/).waitFor({ state: 'visible', timeout: 60_000 });
        // Exactly what .dockerignore keeps reached the engine (the real docker CLI, through the context of step 10).
        const { stdout: inImage } = await promisify(execFile)('docker', ['--context', 'azure-journey', 'exec', 'shipped', 'ls', '-A', '/app'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: h.home } });
        assert.deepEqual(inImage.split('\n').filter(Boolean).sort(), ['.dockerignore', 'Dockerfile', 'hello.txt']);
        await shot('built-run');

        // 13. Compose Up from the Explorer: the bind-mount guard names the VM; the project appears as a group.
        await openActivityView(page, 'Explorer');
        await runContextMenu(page, /^compose\.yaml$/, 'Compose Up on Docker Host…');
        await pickQuickItem(page, /^journey/);
        await page.locator('.monaco-dialog-box').filter({ hasText: 'paths on the VM journey, not on this machine' }).waitFor({ state: 'visible' });
        await clickDialogButton(page, 'Continue');
        await openActivityView(page, 'Azure Docker Hosts');
        await expandRow(page, /^journey/);
        await expandRow(page, /^Containers/);
        await treeRow(page, /^workspace\b/).waitFor({ state: 'visible', timeout: 60_000 });
        await treeRow(page, /^workspace[-_]app[-_]1.*Up/).waitFor({ state: 'visible', timeout: 60_000 });
        await shot('compose-up');

        // 14. Stop on the project group stops its containers.
        await runContextMenu(page, /^workspace\b/, 'Stop');
        // A right-click selects its row, which may fold it.
        await expandRow(page, /^workspace\b/);
        await treeRow(page, /^workspace[-_]app[-_]1.*Exited/).waitFor({ state: 'visible', timeout: 60_000 });
        await shot('compose-stopped');

        // 15. Stop the VM: the host shows it is deallocated and its engine unreachable.
        await runContextMenu(page, /^journey/, 'Stop VM (Deallocate)');
        await treeRow(page, /^journey.*deallocated/).waitFor({ state: 'visible', timeout: 60_000 });
        // The menu's selecting click folded the host row (VS Code's single-click expand mode).
        await expandRow(page, /^journey/);
        await treeRow(page, /^The VM is deallocated/).waitFor({ state: 'visible', timeout: 30_000 });
        await shot('vm-stopped');

        // 16. Start the VM.
        await runContextMenu(page, /^journey/, 'Start VM');
        await treeRow(page, /^journey.*running/).waitFor({ state: 'visible', timeout: 60_000 });
        await shot('vm-started');

        // 17. Delete the host, with everything this extension created for it.
        await runContextMenu(page, /^journey/, 'Delete…');
        await page.locator('.quick-input-widget').getByPlaceholder('Resources of journey to delete').waitFor({ state: 'visible' });
        await shot('delete-pick');
        await page.locator('.quick-input-widget .quick-input-action a, .quick-input-widget .monaco-button').filter({ hasText: /^OK$/ }).first().click();
        await clickDialogButton(page, 'Delete');
        await treeRow(page, /^No Docker hosts/).waitFor({ state: 'visible', timeout: 120_000 });
        await shot('deleted');

        // 18. Nothing is left in Azure.
        assert.deepEqual(h.s.emulator.inventory(), []);
    });

    it('leaves no unhandled promise rejection in the extension host', () => {
        h.s.assertNoUnhandledRejections();
    });
});
