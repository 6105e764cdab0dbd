import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreateHostPlan } from '../../src/azure/create/plan';
import { journalIn, RunJournal } from '../../src/azure/create/runJournal';

const plan = (id: string) => ({ provisioningId: id, subscriptionId: 'SUB-1', resourceGroup: 'hj1-rg', createResourceGroup: true, name: 'hj1', location: 'eastus' }) as CreateHostPlan;

/** Starts a run in another Node process that then dies, as a crashed extension host does. */
function startRunAndCrash(root: string, runId: string): void {
    const module = require.resolve('../../src/azure/create/runJournal');
    const script = `require(${JSON.stringify(module)}).journalIn(${JSON.stringify(root)}).start(${JSON.stringify(plan(runId))}, '/s').then(() => process.kill(process.pid, 'SIGKILL'))`;
    const result = spawnSync(process.execPath, ['-e', script]);
    assert.equal(result.signal, 'SIGKILL', String(result.stderr));
}

describe('create/runJournal', () => {
    let journal: RunJournal;
    let root: string;
    beforeEach(() => {
        journal = journalIn(mkdtempSync(join(tmpdir(), 'adh-journal-')));
        root = journal.root;
    });

    it('records a run before anything is written, then each resource as it is accepted, in order', async () => {
        const entry = await journal.start(plan('r1'), '/staging/r1', '/home/u/.ssh/id_hj1');
        assert.equal((await journal.read('r1'))?.state, 'running');
        entry.accepted({ id: '/x/rg', kind: 'resourceGroup' });
        entry.accepted({ id: '/x/nsg', kind: 'networkSecurityGroup' });
        await entry.end('incomplete');
        const record = await journal.read('r1');
        assert.deepEqual(record?.resources.map((r) => r.kind), ['resourceGroup', 'networkSecurityGroup']);
        assert.equal(record?.state, 'incomplete');
        assert.equal(record?.generatedSshKey, '/home/u/.ssh/id_hj1');
        assert.equal(record?.names.networkSecurityGroup, 'hj1-nsg');
        assert.equal(statSync(join(root, 'r1.json')).mode & 0o777, 0o600);
        assert.deepEqual(readdirSync(root), ['r1.json'], 'a temporary file was left');
    });

    it('forgets a run that finished', async () => {
        const entry = await journal.start(plan('r2'), '/staging/r2');
        entry.accepted({ id: '/x/rg', kind: 'resourceGroup' });
        await entry.end('finished');
        assert.deepEqual(await journal.list(), []);
    });

    it('calls a run unfinished when its process is gone or it ended incomplete, never while it runs here, nor once kept', async () => {
        const running = await journal.start(plan('live'), '/s/live');
        startRunAndCrash(join(root, '..'), 'crashed');
        const incomplete = await journal.start(plan('incomplete'), '/s/incomplete');
        await incomplete.end('incomplete');
        const kept = await journal.start(plan('kept'), '/s/kept');
        await kept.end('incomplete');
        await journal.setState('kept', 'kept');
        assert.deepEqual((await journal.unfinished('sub-1')).map((r) => r.runId).sort(), ['crashed', 'incomplete']);
        assert.deepEqual(await journal.unfinished('another-subscription'), []);
        await running.end('finished');
        assert.equal(await journal.read('live'), undefined);
    });
});
