/**
 * Registries as a person uses them, in code-server against the emulator: two hosts backed by real
 * dockerd (created through the extension's core before the view opens), the emulator's Azure
 * Container Registry (a real distribution registry with token auth) and a basic-auth registry.
 * - A host's image → Tag… → Push to Registry… (ACR) → the tag appears in the Registries view →
 *   Pull to Host… on the other host → it is in that host's Images (and in its engine).
 * - Add Registry… with a wrong password is refused naming the cause and saves nothing; with the
 *   right one it is added, and a push to it (from the second host) and a pull from it (onto the
 *   first) work. Neither password is ever in
 *   the user or workspace settings, nor in the "Azure Docker Hosts" log channel's file.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { resolveCloud, type CustomEnvironmentSetting } from '../../src/azure/cloud';
import { environmentSource } from '../../src/azure/credentialSources';
import { createDockerHost } from '../../src/azure/create/createDockerHost';
import { expandRow, openActivityView, pickQuickItem, quickInput, runCommand, runContextMenu, screenshot, treeRow, typeInQuickInput } from '../harness/browser';
import { extensionLogFiles } from '../harness/extensionLog';
import { startAcr, startBasicAuthRegistry, type EmulatedAcr, type RunningRegistry } from '../emulator/containerRegistries';
import { trustEmulatorCa } from '../emulator/trust';
import { hostPlan } from '../integration/createWorld';
import { docsScreenshotsDir, useHostSession } from './environment';

const subscription = { subscriptionId: '66666666-6666-4666-8666-666666666666', displayName: 'Registry Subscription' };

/** A toast whose text matches; resolves with its text. */
async function toast(page: Page, text: RegExp): Promise<string> {
    const item = page.locator('.notifications-toasts .notification-list-item').filter({ hasText: text }).first();
    try {
        await item.waitFor({ state: 'visible', timeout: 30_000 });
        return await item.innerText();
    } catch (error) {
        // A toast VS Code hid already is still in the notification center, where a person would look.
        await runCommand(page, 'Notifications: Show Notifications');
        const kept = page.locator('.notifications-center .notification-list-item').filter({ hasText: text }).first();
        await kept.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => {
            throw error;
        });
        const said = await kept.innerText();
        await page.keyboard.press('Escape');
        return said;
    }
}

/** Folds a tree row if it is open, so the rows under it (a second "Images") leave the page. */
async function collapseRow(page: Page, row: RegExp): Promise<void> {
    const item = treeRow(page, row);
    if ((await item.getAttribute('aria-expanded')) === 'true') {
        await item.locator('.monaco-tl-twistie').click();
        await page.getByRole('treeitem', { name: row, expanded: false }).first().waitFor({ state: 'visible' });
    }
}

/** Pull to Host… asks for the host through the hosts tree: the subscription first when there is a choice. */
async function pickHostInTree(page: Page, host: string): Promise<void> {
    const hostRow = quickInput(page).locator('.monaco-list-row').filter({ hasText: new RegExp(`^\\s*${host}`) });
    const subscriptionRow = quickInput(page).locator('.monaco-list-row').filter({ hasText: subscription.displayName });
    await hostRow.or(subscriptionRow).first().waitFor({ state: 'visible' });
    if (!(await hostRow.first().isVisible())) {
        await pickQuickItem(page, new RegExp(`^${subscription.displayName}`));
    }
    await pickQuickItem(page, new RegExp(`^${host}`));
}

describe('e2e: registries', function () {
    const h = useHostSession(subscription);
    let acr: EmulatedAcr;
    let other: RunningRegistry;
    let untrust: (() => void) | undefined;
    const vmIds: Record<string, string> = {};
    const savedEnv = { ...process.env };
    // Distinct each run, so a match in a file can only come from this run.
    const rightPassword = `right-${randomBytes(9).toString('base64url')}`;
    const wrongPassword = `wrong-${randomBytes(9).toString('base64url')}`;

    before(async () => {
        const emulator = h.s.emulator;
        acr = await startAcr(emulator, { subscriptionId: subscription.subscriptionId, resourceGroup: 'images', name: 'contoso' });
        other = await startBasicAuthRegistry(emulator, { alice: rightPassword });
        for (const registry of [acr, other]) {
            h.engines.trustRegistry(registry.loginServer, emulator.caPem);
        }
        // Two hosts, made by the core Create Docker Host VM runs, their TLS material where the extension in code-server keeps it.
        untrust = trustEmulatorCa(emulator.caPem);
        // The environment credential reads the service principal from this process's environment.
        Object.assign(process.env, emulator.env());
        const settings = emulator.vscodeSettings();
        const cloud = resolveCloud('custom', settings['microsoft-sovereign-cloud.customEnvironment'] as CustomEnvironmentSetting);
        const [account] = await environmentSource(cloud, emulator.env()).listSubscriptions();
        const storageRoot = path.join(h.s.codeServer.userDataDir, 'User', 'globalStorage', 'azure-docker-hosts.azure-docker-hosts');
        await Promise.all(['build-host', 'run-host'].map(async (name) => {
            const outcome = await createDockerHost({ plan: hostPlan(subscription.subscriptionId, name), cloud, credential: account.credential, storageRoot, engineTimeoutMs: 60_000, pollIntervalMs: 10 });
            assert.ok(outcome.ok, `creating ${name} failed: ${outcome.ok ? '' : String(outcome.error)}`);
            vmIds[name] = outcome.host.vmId;
        }));
    });

    after(async () => {
        process.env = savedEnv;
        untrust?.();
        await acr?.stop();
        await other?.stop();
    });

    const imageOn = (host: string, reference: string) => h.engines.engine(vmIds[host])!.socketClient().getImage(reference).inspect();

    it('tags a host\'s image, pushes it to ACR, sees the tag in the Registries view, and pulls it onto the other host', async () => {
        const page = h.s.page;
        await openActivityView(page, 'Azure Docker Hosts');
        await expandRow(page, /^build-host.*running/);
        await expandRow(page, /^Images/);
        await runContextMenu(page, /^testbox:1/, 'Tag…');
        await typeInQuickInput(page, 'web:1', { expect: /New name for testbox:1/ });
        await treeRow(page, /^web:1/).waitFor({ state: 'visible' });

        await runContextMenu(page, /^web:1/, 'Push to Registry…');
        await pickQuickItem(page, /^contoso$/);
        await typeInQuickInput(page, 'team/web', { expect: new RegExp(`Repository in ${acr.loginServer}`) });
        await typeInQuickInput(page, '1', { expect: /^Tag \(Press/ });
        await toast(page, /Pushed 1 \(sha256:/);

        // The push refreshed the Registries view: the new repository and its tag are listed.
        await expandRow(page, /^Azure Container Registries/);
        await expandRow(page, /^contoso/);
        await expandRow(page, /^team\/web/);
        await treeRow(page, /^1\b/).waitFor({ state: 'visible' });

        await runContextMenu(page, /^1\b/, 'Pull to Host…');
        await pickHostInTree(page, 'run-host');
        await toast(page, /on run-host\./);
        await collapseRow(page, /^build-host/);
        await expandRow(page, /^run-host.*running/);
        await expandRow(page, /^Images/);
        const pulled = `${acr.loginServer}/team/web:1`;
        await treeRow(page, pulled).waitFor({ state: 'visible' });
        assert.ok((await imageOn('run-host', pulled)).Id, 'the image is not in run-host\'s engine');
        await screenshot(page, 'registries.png', docsScreenshotsDir());
    });

    it('refuses a wrong password naming the cause and saves nothing; with the right one, pushes and pulls; no password is in settings or the log', async () => {
        const page = h.s.page;
        // The registry's row, not an image row named after it in the hosts view.
        const registryRow = new RegExp(`^${other.loginServer}(?!/)`);
        const addRegistry = async (password: string) => {
            await runCommand(page, 'Azure Docker Hosts: Add Registry…');
            await typeInQuickInput(page, other.loginServer, { expect: /Registry address/ });
            await typeInQuickInput(page, 'alice', { expect: new RegExp(`Username for ${other.loginServer}`) });
            await typeInQuickInput(page, password, { expect: new RegExp(`Password or access token for ${other.loginServer}`) });
        };
        await addRegistry(wrongPassword);
        const refused = await toast(page, /refused the username or password/);
        assert.match(refused, /Nothing was saved/);
        await expandRow(page, /^Other registries/);
        await treeRow(page, /^Add Registry…/).waitFor({ state: 'visible' });

        await addRegistry(rightPassword);
        await toast(page, new RegExp(`Added ${other.loginServer}\\.`));
        await treeRow(page, registryRow).waitFor({ state: 'visible' });

        // From run-host's images, still listed: opening other rows now would move the rows under the clicks.
        await treeRow(page, /^testbox:1/).waitFor({ state: 'visible' });
        await runContextMenu(page, /^testbox:1/, 'Push to Registry…');
        await pickQuickItem(page, other.loginServer);
        await typeInQuickInput(page, 'alice/web', { expect: new RegExp(`Repository in ${other.loginServer}`) });
        await typeInQuickInput(page, '2', { expect: /^Tag \(Press/ });
        await toast(page, /Pushed 2 \(sha256:/);

        // The push refreshes the Registries view, which can fold the registry's row again just after
        // it was opened here; it is opened again until the new repository shows.
        const deadline = Date.now() + 60_000;
        for (;;) {
            await expandRow(page, registryRow);
            if (await treeRow(page, /^alice\/web/).waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => Date.now() > deadline)) {
                break;
            }
        }
        await expandRow(page, /^alice\/web/);
        await runContextMenu(page, /^2\b/, 'Pull to Host…');
        await pickHostInTree(page, 'build-host');
        await toast(page, /2.* on build-host\./);
        assert.ok((await imageOn('build-host', `${other.loginServer}/alice/web:2`)).Id, 'the image is not in build-host\'s engine');

        const userSettings = path.join(h.s.codeServer.userDataDir, 'User', 'settings.json');
        const workspaceSettings = path.join(h.s.codeServer.workspaceDir, '.vscode', 'settings.json');
        const logs = extensionLogFiles(h.s.codeServer.userDataDir);
        const log = logs.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
        // The log saw both attempts, so its silence about the passwords means something.
        assert.match(log, /\[error\] Command azureDockerHosts\.registry\.add failed: .*refused the username or password/);
        assert.match(log, /POST \/images\/[^ ]*alice\/web\/push/);
        for (const [where, text] of [['user settings', fs.readFileSync(userSettings, 'utf8')], ['workspace settings', fs.existsSync(workspaceSettings) ? fs.readFileSync(workspaceSettings, 'utf8') : ''], ['the log channel', log]] as const) {
            // Also as the engine gets it (base64 of X-Registry-Auth's JSON) and as basic auth sends it.
            const encoded = [...text.matchAll(/[A-Za-z0-9+/_-]{16,}={0,2}/g)].flatMap((m) => [Buffer.from(m[0], 'base64').toString('utf8'), Buffer.from(m[0], 'base64url').toString('utf8')]);
            for (const secret of [rightPassword, wrongPassword]) {
                assert.ok(!text.includes(secret) && !encoded.some((d) => d.includes(secret)), `${where} holds a registry password`);
            }
        }
    });

    it('leaves no unhandled promise rejection in the extension host', () => {
        h.s.assertNoUnhandledRejections();
    });
});
