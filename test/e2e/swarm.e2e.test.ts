/**
 * A Docker swarm as a person runs one: Create Docker Swarm from the palette (1 manager + 1 worker),
 * Deploy Stack from a compose file of the workspace, Scale a service and watch its tasks follow
 * (the swarm's rows follow its events: nothing is refreshed by hand), then Delete Swarm, after which
 * the emulator holds nothing and no engine, swarm bridge or private address is left on the machine.
 * Screenshots go to docs/screenshots/swarm-*.png.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clickDialogButton, expandRow, openActivityView, pickQuickItem, runCommand, runContextMenu, screenshot, treeRow, typeInQuickInput } from '../harness/browser';
import { TEST_IMAGE } from '../harness/dockerd';
import { waitFor } from '../harness/wait';
import { docsScreenshotsDir, useHostSession } from './environment';

const loAddresses = () => execFileSync('ip', ['-o', '-4', 'addr', 'show', 'dev', 'lo'], { encoding: 'utf8' });
const bridgeExists = () => spawnSync('ip', ['link', 'show', 'docker_gwbridge'], { stdio: 'ignore' }).status === 0;

describe('e2e: a Docker swarm from create to delete', function () {
    const h = useHostSession({ subscriptionId: '55555555-5555-4555-8555-555555555555', displayName: 'Swarm Subscription' });
    const shot = (name: string) => screenshot(h.s.page, `swarm-${name}.png`, docsScreenshotsDir());

    it('creates a swarm, deploys a stack, scales a service, and deletes it all', async () => {
        const page = h.s.page;
        // What this machine had before: only what this run adds must be gone at the end.
        const loBefore = loAddresses();
        const bridgeBefore = bridgeExists();
        await openActivityView(page, 'Azure Docker Hosts');
        await treeRow(page, /^Swarm Subscription/).waitFor({ state: 'visible', timeout: 60_000 });
        // Wide enough for the rows' descriptions (role, state, replicas) in the screenshots.
        const sash = (await page.locator('.part.sidebar').boundingBox())!;
        await page.mouse.move(sash.x + sash.width + 1, sash.y + sash.height / 2);
        await page.mouse.down();
        await page.mouse.move(sash.x + sash.width + 320, sash.y + sash.height / 2, { steps: 5 });
        await page.mouse.up();

        // Create Docker Swarm in basic mode: location, name, managers, workers, key, review.
        await runCommand(page, 'Azure Docker Hosts: Create Docker Swarm…');
        await pickQuickItem(page, /^East US$/);
        await typeInQuickInput(page, 'e2e-swarm', { expect: /Name of the swarm/ });
        await pickQuickItem(page, /^1 manager$/);
        await typeInQuickInput(page, '1', { expect: /Number of workers/ });
        await pickQuickItem(page, /Generate a new ed25519 key pair/);
        await pickQuickItem(page, /Create e2e-swarm/);
        await page.locator('.notifications-toasts').filter({ hasText: 'Docker swarm e2e-swarm is ready: e2e-swarm-m1, e2e-swarm-w1.' }).waitFor({ state: 'visible', timeout: 120_000 });
        await expandRow(page, /^Swarm Subscription/);
        await expandRow(page, /^e2e-swarm\b.*Docker swarm · 2 node/);
        await expandRow(page, /^Nodes\b/);
        // Opened now, while the swarm is quiet: once the stack runs, its events re-render these rows.
        await expandRow(page, /^Services\b/);
        await treeRow(page, /^e2e-swarm-m1\b.*manager \(leader\) · active · ready/).waitFor({ state: 'visible', timeout: 60_000 });
        await treeRow(page, /^e2e-swarm-w1\b.*worker · active · ready/).waitFor({ state: 'visible', timeout: 60_000 });
        await shot('created');
        const vms = h.engines.all().filter((vm) => /e2e-swarm-(m1|w1)$/.test(vm.id));
        assert.equal(vms.length, 2);
        const privateIps = vms.map((vm) => vm.privateIp!).filter((ip) => !loBefore.includes(` ${ip}/`));
        assert.ok(privateIps.every((ip) => loAddresses().includes(` ${ip}/`)), 'the private addresses are not on lo while the VMs run');
        // dockerd makes the bridge once the node's agent gets the ingress network from the dispatcher,
        // which may come a moment after the node reports ready (CI once checked too early).
        await waitFor('the swarm\'s docker_gwbridge', 30_000, bridgeExists, 250);

        // Deploy Stack from the workspace's compose file. Services use the host network: published
        // ports and overlay networks need iptables, which the test engines run without.
        writeFileSync(join(h.s.codeServer.workspaceDir, 'stack.yml'), `version: "3.8"\nservices:\n  app:\n    image: ${TEST_IMAGE}\n    command: ["sleep", "3600"]\n    deploy:\n      replicas: 1\n    networks: [hostnet]\nnetworks:\n  hostnet:\n    external: true\n    name: host\n`);
        await runContextMenu(page, /^e2e-swarm\b.*Docker swarm/, 'Deploy Stack…');
        await pickQuickItem(page, /^stack\.yml$/);
        await typeInQuickInput(page, 'shop', { expect: /Stack name/ });
        await expandRow(page, /^e2e-swarm\b.*Docker swarm/);
        await expandRow(page, /^Services\b/);
        await treeRow(page, /^shop_app\b.*replicated · 1\/1 · stack shop/).waitFor({ state: 'visible', timeout: 60_000 });
        await shot('stack');

        // Scale: the rows follow the swarm's events to 3 running tasks, spread over both nodes.
        await runContextMenu(page, /^shop_app\b/, 'Scale…');
        await typeInQuickInput(page, '3', { expect: /Replicas of shop_app/ });
        await treeRow(page, /^shop_app\b.*replicated · 3\/3/).waitFor({ state: 'visible', timeout: 60_000 });
        await expandRow(page, /^shop_app\b.*3\/3/);
        for (const slot of [1, 2, 3]) {
            await treeRow(page, new RegExp(`^shop_app\\.${slot}\\b.*e2e-swarm-(m1|w1) · running`)).waitFor({ state: 'visible', timeout: 30_000 });
        }
        await shot('scaled');
        const tasksOn = async (vm: (typeof vms)[number]) => (await vm.engine!.socketClient().listContainers({ filters: JSON.stringify({ label: ['com.docker.swarm.service.name=shop_app'] }) })).length;
        assert.equal((await tasksOn(vms[0])) + (await tasksOn(vms[1])), 3, 'the engines do not run 3 tasks of shop_app');

        // Delete Swarm: everything in Azure, the engines, their swarm state, bridge and private addresses.
        await runContextMenu(page, /^e2e-swarm\b.*Docker swarm/, 'Delete Swarm…');
        await page.locator('.monaco-dialog-box').filter({ hasText: 'Delete swarm e2e-swarm: resource group e2e-swarm-rg with its 2 node(s)' }).waitFor({ state: 'visible' });
        await clickDialogButton(page, 'Delete');
        await page.locator('.notifications-toasts').filter({ hasText: 'Deleted swarm e2e-swarm and its resource group e2e-swarm-rg.' }).waitFor({ state: 'visible', timeout: 120_000 });
        await treeRow(page, /^e2e-swarm\b/).waitFor({ state: 'hidden', timeout: 30_000 });
        await shot('deleted');
        assert.deepEqual(h.s.emulator.inventory().map((i) => i.id), []);
        assert.deepEqual(h.engines.all().map((vm) => vm.id), []);
        // The emulator tears a deleted VM down after Azure answered (its engine leaves the swarm and
        // stops, then its address goes), as a real VM's host does after the delete.
        const left = () => [
            ...vms.filter((vm) => existsSync(vm.folder.dir)).map((vm) => `the disk of ${vm.name} (its engine's swarm state)`),
            ...(bridgeExists() && !bridgeBefore ? ['docker_gwbridge'] : []),
            ...privateIps.filter((ip) => loAddresses().includes(` ${ip}/`)).map((ip) => `the private address ${ip} on lo`),
        ];
        const deadline = Date.now() + 30_000;
        while (left().length > 0 && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 250));
        }
        assert.deepEqual(left(), []);
    });

    it('leaves no unhandled promise rejection in the extension host', () => {
        h.s.assertNoUnhandledRejections();
    });
});
