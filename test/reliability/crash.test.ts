import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CustomEnvironmentSetting } from '../../src/azure/cloud';
import { journalIn } from '../../src/azure/create/runJournal';
import { cleanUpRun, findUnfinishedRuns, keepRun, unfinishedResourceCount, type UnfinishedRun } from '../../src/azure/create/unfinishedRuns';
import type { CrashingCreateInput } from './crashingCreate';
import { scenario } from './scenario';
import { assertInventory, startReliabilityWorld, type ReliabilityWorld } from './world';

/** Every folder and file under a folder, recursively. */
function entriesUnder(dir: string): string[] {
    return existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).flatMap((e) => [join(dir, e.name), ...(e.isDirectory() ? entriesUnder(join(dir, e.name)) : [])]) : [];
}

describe('A create cut short by a crash', () => {
    let world: ReliabilityWorld;
    before(async () => {
        world = await startReliabilityWorld();
    });
    afterEach(() => world.emulator.faults.clear());
    after(() => world?.stop());

    /**
     * Runs a create in a process of its own and kills it (SIGKILL, no chance to clean up) while its
     * NIC PUT hangs: the resource group, VNet, NSG and public IP exist by then. A key pair stands for
     * the one the wizard generated for the run.
     */
    async function crash(name: string): Promise<{ key: string }> {
        const keyDir = mkdtempSync(join(tmpdir(), 'adh-crash-key-'));
        const key = join(keyDir, `id_${name}`);
        writeFileSync(key, 'not a real key', { mode: 0o600 });
        writeFileSync(`${key}.pub`, 'ssh-ed25519 AAAA test');
        const fault = world.emulator.faults.add({ method: 'PUT', path: new RegExp(`networkInterfaces/${name}-nic$`), hang: true });
        const input: CrashingCreateInput = {
            plan: world.plan(name, { provisioningId: `run-${name}-${Date.now()}` }),
            storageRoot: world.storageRoot,
            customEnvironment: world.emulator.vscodeSettings()['microsoft-sovereign-cloud.customEnvironment'] as CustomEnvironmentSetting,
            generatedSshKey: key,
        };
        const child = spawn(process.execPath, [join(__dirname, 'crashingCreate.js'), JSON.stringify(input)], { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (b: Buffer) => (output += b.toString()));
        child.stderr.on('data', (b: Buffer) => (output += b.toString()));
        const exited = new Promise((resolve) => child.once('exit', resolve));
        const deadline = Date.now() + 60_000;
        while (fault.hits === 0) {
            assert.ok(Date.now() < deadline && child.exitCode === null, `the create never reached its NIC:\n${output}`);
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
        child.kill('SIGKILL');
        await exited;
        fault.remove();
        return { key };
    }

    async function theUnfinishedRun(name: string): Promise<UnfinishedRun> {
        const runs = await findUnfinishedRuns(await world.clients(), world.subscription.subscriptionId, journalIn(world.storageRoot));
        const mine = runs.filter((r) => r.name === name);
        assert.equal(mine.length, 1, `unfinished runs: ${runs.map((r) => r.name).join(', ')}`);
        return mine[0];
    }

    /** The run's staging folder and journal record, if left. */
    const stagingLeft = (name: string) => entriesUnder(world.storageRoot).filter((p) => p.includes(`.creating-run-${name}-`) || new RegExp(`[/\\\\]runs[/\\\\]run-${name}-\\d+\\.json$`).test(p));

    scenario({ area: 'Create failures', kind: 'emulator', name: 'Crash mid-create, then Clean Up', fault: 'The process running the create is killed (SIGKILL) while its NIC PUT is in flight', expected: 'The journal and the run tag show "Unfinished create of crash: 4 resources"; Clean Up deletes them all (inventory back to before: 0 orphans), the staging folder, the generated key pair and the journal record' }, async () => {
        const baseline = world.inventory();
        const { key } = await crash('crash');
        assert.notDeepEqual(world.inventory(), baseline, 'the crash left nothing to clean up');
        const run = await theUnfinishedRun('crash');
        assert.ok(run.record, 'the journal does not know the run');
        assert.equal(unfinishedResourceCount(run), 4);
        assert.ok(stagingLeft('crash').length > 0, 'no staging folder or record to clean up');
        const report = await cleanUpRun(await world.clients(), run, journalIn(world.storageRoot), { storageRoot: world.storageRoot, pollIntervalMs: 10 });
        assert.deepEqual(report.failedToDelete, []);
        assertInventory(world.inventory(), baseline, 'Azure after the clean-up');
        assert.deepEqual(stagingLeft('crash'), [], 'local files left');
        assert.ok(!existsSync(key) && !existsSync(`${key}.pub`), 'the generated key pair was left');
        assert.deepEqual((await findUnfinishedRuns(await world.clients(), world.subscription.subscriptionId, journalIn(world.storageRoot))).filter((r) => r.name === 'crash'), []);
    });

    scenario({ area: 'Create failures', kind: 'emulator', name: 'Crash mid-create, then Keep', fault: 'As above; the user chooses Keep', expected: 'The run is no longer offered; its resources stay as they are' }, async () => {
        await crash('crashkeep');
        const run = await theUnfinishedRun('crashkeep');
        const before = world.inventory();
        await keepRun(run, journalIn(world.storageRoot));
        assert.deepEqual((await findUnfinishedRuns(await world.clients(), world.subscription.subscriptionId, journalIn(world.storageRoot))).filter((r) => r.name === 'crashkeep'), []);
        assertInventory(world.inventory(), before, 'Azure after Keep');
        await world.deleteGroup('crashkeep-rg');
    });

    scenario({ area: 'Create failures', kind: 'emulator', name: 'Crash mid-create with the journal lost', fault: 'As above, and the journal record is deleted too (another machine, a wiped profile)', expected: 'The run is still found by its tag in Azure; Clean Up deletes its resources and its staging folder: 0 orphans' }, async () => {
        const baseline = world.inventory();
        await crash('nojournal');
        for (const file of entriesUnder(journalIn(world.storageRoot).root)) {
            rmSync(file);
        }
        const run = await theUnfinishedRun('nojournal');
        assert.equal(run.record, undefined);
        assert.equal(run.resourceGroup, 'nojournal-rg');
        const report = await cleanUpRun(await world.clients(), run, journalIn(world.storageRoot), { storageRoot: world.storageRoot, pollIntervalMs: 10 });
        assert.deepEqual(report.failedToDelete, []);
        assertInventory(world.inventory(), baseline, 'Azure after the clean-up');
        assert.deepEqual(stagingLeft('nojournal'), [], 'local files left');
    });
});
