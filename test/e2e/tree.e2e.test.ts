/**
 * The Docker hosts tree against the emulator's demo seed: clicking the activity-bar entry shows
 * every seeded subscription and its Docker host VMs (tagged hosts and the legacy Docker VM
 * extension), and not the ordinary VMs. Saves docs/screenshots/tree.png.
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openActivityView, screenshot, treeRow, visibleTreeRows } from '../harness/browser';
import { demoSeed, docsScreenshotsDir, seededHosts, startE2eSession, type E2eSession } from './environment';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const rowName = (name: string) => new RegExp(`^${escape(name)}(\\s|,|$)`);

async function waitForRow(page: Page, name: string, requests: () => number): Promise<void> {
    try {
        await treeRow(page, rowName(name)).waitFor({ state: 'visible', timeout: 60_000 });
    } catch (err) {
        const rows = await visibleTreeRows(page).catch(() => []);
        throw new Error(`no tree row "${name}" within 60 s; rows shown: ${JSON.stringify(rows)}; ` +
            `the extension made ${requests()} request(s) to the emulator\n${(err as Error).message}`);
    }
}

describe('e2e: the Docker hosts tree', function () {
    const seed = demoSeed();
    const expected = seededHosts(seed);
    let s: E2eSession;

    before(async () => {
        s = await startE2eSession({ seed });
    });

    afterEach(async function () {
        if (this.currentTest?.state === 'failed') {
            await s?.saveFailure(this.currentTest.fullTitle());
        }
    });

    after(async () => {
        await s?.stop();
    });

    it('lists the seeded subscriptions and their Docker hosts', async () => {
        assert.ok(expected.length >= 2 && expected.some((e) => e.hosts.length >= 2), 'the demo seed should have several subscriptions and hosts');
        // Credentials are configured: the welcome view must never offer "Sign in to Azure" on the way to the tree.
        await s.page.evaluate(`(() => {
            window.adhSawSignIn = false;
            const check = () => {
                if ([...document.querySelectorAll('.welcome-view-content')].some((e) => e.offsetParent !== null && /Sign in to Azure/.test(e.textContent || ''))) {
                    window.adhSawSignIn = true;
                }
            };
            new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
            check();
        })()`);
        await openActivityView(s.page, 'Azure Docker Hosts');
        for (const { subscription, hosts } of expected) {
            await waitForRow(s.page, subscription, () => s.emulator.requestLog.length);
            for (const host of hosts) {
                await waitForRow(s.page, host, () => s.emulator.requestLog.length);
            }
        }
        for (const other of expected.flatMap((e) => e.others)) {
            assert.equal(await treeRow(s.page, rowName(other)).count(), 0, `${other} is not a Docker host but is listed`);
        }
        await screenshot(s.page, 'tree.png', docsScreenshotsDir());
        assert.equal(await s.page.evaluate('window.adhSawSignIn'), false, 'the "Sign in to Azure" welcome flashed before the tree appeared');
    });

    it('leaves no unhandled promise rejection in the extension host', () => {
        s.assertNoUnhandledRejections();
    });
});
