import Docker from 'dockerode';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { createArmClients } from '../../src/azure/armClients';
import { resolveCloud, type CustomEnvironmentSetting } from '../../src/azure/cloud';
import { environmentSource } from '../../src/azure/credentialSources';
import { createDockerHost, type CreateOutcome } from '../../src/azure/create/createDockerHost';
import { ubuntuImages } from '../../src/azure/create/plan';
import { createCa } from '../../src/tls/certificates';
import { shellPseudoterminal } from '../../src/commands/engine/container/attachShell';
import { containerPageSize } from '../../src/docker/containerRows';
import { EngineClient } from '../../src/docker/engineClient';
import { readClientMaterial, removeTlsMaterial } from '../../src/tls/storage';
import { extensionApi, refresh, rows, type Row } from './helpers';

const contoso = '11111111-1111-4111-8111-111111111111';

/** Creates a host with the same core the extension runs, saving its material where the extension keeps it. */
async function createHost(name: string): Promise<Extract<CreateOutcome, { ok: true }>> {
    const config = vscode.workspace.getConfiguration('microsoft-sovereign-cloud');
    const cloud = resolveCloud(config.get('environment'), config.get<CustomEnvironmentSetting>('customEnvironment'));
    const subscription = (await environmentSource(cloud, process.env).listSubscriptions()).find((s) => s.subscriptionId === contoso)!;
    const storageRoot = join(process.env.ADH_TEST_USER_DATA_DIR!, 'User', 'globalStorage', 'azure-docker-hosts.azure-docker-hosts');
    const outcome = await createDockerHost({
        plan: {
            subscriptionId: contoso, name, location: 'eastus', vmSize: 'Standard_B2s', image: ubuntuImages[0], adminUser: 'azureuser',
            sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0ZXN0a2V5dGVzdGtleXRlc3RrZXl0ZXN0a2V5dGVz test', tlsPort: 2376,
            source: { kind: 'cidr', prefix: '203.0.113.7/32' }, resourceGroup: `${name}-rg`, createResourceGroup: true, provisioningId: `ext-${name}`,
        },
        cloud, credential: subscription.credential, storageRoot, engineTimeoutMs: 60_000, pollIntervalMs: 10,
    });
    assert.ok(outcome.ok, `creating ${name} failed: ${outcome.ok ? '' : String(outcome.error)}`);
    return outcome;
}

/** Deletes what createHost made (its resource group in the emulator and its local files), so other suites see the seeded world. */
async function deleteHost(outcome: Extract<CreateOutcome, { ok: true }>, name: string): Promise<void> {
    const config = vscode.workspace.getConfiguration('microsoft-sovereign-cloud');
    const cloud = resolveCloud(config.get('environment'), config.get<CustomEnvironmentSetting>('customEnvironment'));
    const subscription = (await environmentSource(cloud, process.env).listSubscriptions()).find((s) => s.subscriptionId === contoso)!;
    const clients = await createArmClients(cloud, subscription.credential, contoso);
    await clients.resources.resourceGroups.delete(`${name}-rg`, { updateIntervalInMs: 10 });
    await removeTlsMaterial(outcome.dir);
}

async function hostRow(name: string): Promise<Row> {
    const api = await extensionApi();
    const subscription = (await rows(api)).find((r) => r.label === 'Contoso Development')!;
    const host = (await rows(api, subscription.item)).find((r) => r.label === name);
    assert.ok(host, `no row for host ${name}`);
    return host;
}

async function groupRows(host: Row, group: string): Promise<Row[]> {
    const api = await extensionApi();
    const groups = await rows(api, host.item);
    const g = groups.find((r) => r.label === group);
    assert.ok(g, `no ${group} under ${host.label}; rows: ${groups.map((r) => `${r.label} ${r.description ?? ''}`).join(' | ')}`);
    return rows(api, g.item);
}

async function engineOf(outcome: Extract<CreateOutcome, { ok: true }>): Promise<Docker> {
    const tls = await readClientMaterial(outcome.dir);
    return new Docker({ protocol: 'https', host: outcome.host.address.ipAddress, port: 2376, ca: tls.ca, cert: tls.cert, key: tls.key });
}

/** The context-menu commands package.json offers for a row's contextValue. */
function menuFor(contextValue: string): string[] {
    const ext = vscode.extensions.getExtension('azure-docker-hosts.azure-docker-hosts')!;
    const entries = ext.packageJSON.contributes.menus['view/item/context'] as { command: string; when: string; group?: string }[];
    return entries
        .filter((e) => e.group !== 'inline')
        .filter((e) => {
            const regex = /viewItem =~ \/(.*)\/$/.exec(e.when)?.[1];
            const exact = /viewItem == (\S+)/.exec(e.when)?.[1];
            return regex ? new RegExp(regex).test(contextValue) : exact === contextValue;
        })
        .map((e) => e.command.replace('azureDockerHosts.', ''));
}

describe('engine explorer under a host', function () {
    this.timeout(180_000);
    let host: Extract<CreateOutcome, { ok: true }>;
    let docker: Docker;

    const created: [Extract<CreateOutcome, { ok: true }>, string][] = [];

    after(async () => {
        await Promise.all(created.map(([outcome, name]) => deleteHost(outcome, name)));
        await refresh();
    });

    before(async () => {
        host = await createHost('explorer');
        created.push([host, 'explorer']);
        docker = await engineOf(host);
        const web = await docker.createContainer({ name: 'web', Image: 'testbox:1', Cmd: ['sh', '-c', 'echo hello from web; sleep 3600'], HostConfig: { NetworkMode: 'none' } });
        await web.start();
        await docker.createVolume({ Name: 'data' });
        await refresh();
    });

    it('connects over TLS and lists containers, images, volumes and networks', async () => {
        const row = await hostRow('explorer');
        const api = await extensionApi();
        assert.deepEqual((await rows(api, row.item)).map((r) => r.label), ['Containers', 'Images', 'Volumes', 'Networks']);
        assert.match((await hostRow('explorer')).description ?? '', /running · .* · Docker \d+\.\d+/);
        const containers = await groupRows(row, 'Containers');
        const web = containers.find((c) => c.label === 'web');
        assert.ok(web, containers.map((c) => c.label).join());
        assert.equal(web.contextValue, 'runningContainer');
        assert.match(web.description ?? '', /^testbox:1 · Up/);
        assert.ok((await groupRows(row, 'Images')).some((i) => i.label === 'testbox:1'));
        assert.ok((await groupRows(row, 'Volumes')).some((v) => v.label === 'data' && v.description === 'local'));
        const networks = await groupRows(row, 'Networks');
        assert.equal(networks.find((n) => n.label === 'none')?.contextValue, 'builtInNetwork');
    });

    it('offers the right menu entries for each contextValue', () => {
        const running = menuFor('runningContainer');
        for (const c of ['container.stop', 'container.pause', 'container.attachShell', 'container.viewLogs', 'container.remove']) {
            assert.ok(running.includes(c), `${c} missing for a running container: ${running.join()}`);
        }
        assert.ok(!running.includes('container.start') && !running.includes('container.unpause'));
        const exited = menuFor('exitedContainer');
        assert.ok(exited.includes('container.start') && !exited.includes('container.stop') && !exited.includes('container.attachShell'), exited.join());
        assert.ok(menuFor('pausedContainer').includes('container.unpause'));
        assert.deepEqual(menuFor('builtInNetwork'), ['network.inspect']);
        assert.deepEqual(menuFor('network').sort(), ['network.inspect', 'network.remove']);
        assert.ok(menuFor('azureDockerHosts.host;state=running;engine=unreachable').includes('retryHost'));
        assert.ok(!menuFor('azureDockerHosts.host;state=running;engine=connected').includes('retryHost'));
    });

    it('changes the engine\'s state through the container commands', async () => {
        const web = docker.getContainer('web');
        const item = async () => (await groupRows(await hostRow('explorer'), 'Containers')).find((c) => c.label === 'web')!.item;
        await vscode.commands.executeCommand('azureDockerHosts.container.pause', await item());
        assert.equal((await web.inspect()).State.Paused, true);
        await vscode.commands.executeCommand('azureDockerHosts.container.unpause', await item());
        assert.equal((await web.inspect()).State.Paused, false);
        await vscode.commands.executeCommand('azureDockerHosts.container.stop', await item());
        assert.equal((await web.inspect()).State.Running, false);
        assert.equal((await groupRows(await hostRow('explorer'), 'Containers')).find((c) => c.label === 'web')?.contextValue, 'exitedContainer');
        await vscode.commands.executeCommand('azureDockerHosts.container.start', await item());
        assert.equal((await web.inspect()).State.Running, true);
        const before = (await web.inspect()).State.StartedAt;
        await vscode.commands.executeCommand('azureDockerHosts.container.restart', await item());
        assert.notEqual((await web.inspect()).State.StartedAt, before);
    });

    it('runs Stop, Start, Restart and View Logs on a compose project\'s row, on every container of the project', async () => {
        const labels = (service: string) => ({ 'com.docker.compose.project': 'shop', 'com.docker.compose.service': service });
        const made = await Promise.all(['api', 'db'].map(async (service) => {
            const c = await docker.createContainer({ name: `shop-${service}-1`, Image: 'testbox:1', Labels: labels(service), Cmd: ['sh', '-c', `echo hello from ${service}; sleep 3600`], HostConfig: { NetworkMode: 'none' } });
            await c.start();
            return c;
        }));
        await refresh();
        try {
            const project = async () => (await groupRows(await hostRow('explorer'), 'Containers')).find((r) => r.label === 'shop')!;
            assert.equal((await project()).contextValue, 'azureDockerHosts.composeProject');
            assert.deepEqual(menuFor('azureDockerHosts.composeProject').sort(), ['composeProject.remove', 'composeProject.restart', 'composeProject.start', 'composeProject.stop', 'composeProject.viewLogs']);
            const running = async () => Promise.all(made.map(async (c) => (await c.inspect()).State.Running));
            await vscode.commands.executeCommand('azureDockerHosts.composeProject.stop', (await project()).item);
            assert.deepEqual(await running(), [false, false]);
            // The web container is not in the project and is left alone.
            assert.equal((await docker.getContainer('web').inspect()).State.Running, true);
            await vscode.commands.executeCommand('azureDockerHosts.composeProject.start', (await project()).item);
            assert.deepEqual(await running(), [true, true]);
            const before = await Promise.all(made.map(async (c) => (await c.inspect()).State.StartedAt));
            await vscode.commands.executeCommand('azureDockerHosts.composeProject.restart', (await project()).item);
            const after = await Promise.all(made.map(async (c) => (await c.inspect()).State.StartedAt));
            assert.ok(after.every((t, i) => t !== before[i]), `not every container restarted: ${before.join()} → ${after.join()}`);

            // One document: each line prefixed by its service, the names padded to the same width.
            await vscode.commands.executeCommand('azureDockerHosts.composeProject.viewLogs', (await project()).item);
            const doc = vscode.workspace.textDocuments.find((d) => d.uri.path === '/explorer/shop.log');
            assert.ok(doc, `no log document; open: ${vscode.workspace.textDocuments.map((d) => d.uri.toString()).join()}`);
            const deadline = Date.now() + 20_000;
            const want = ['api | hello from api', 'db  | hello from db'];
            while (!want.every((w) => doc.getText().includes(w)) && Date.now() < deadline) {
                await new Promise((r) => setTimeout(r, 200));
            }
            for (const w of want) {
                assert.ok(doc.getText().split('\n').includes(w), `no line "${w}" in:\n${doc.getText()}`);
            }
            await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
        } finally {
            await Promise.all(made.map((c) => c.remove({ force: true })));
            await refresh();
        }
    });

    it('offers Build on the Images group and Compose Up/Down on a host row', () => {
        assert.ok(menuFor('azureDockerHosts.imageGroup').includes('image.build'));
        const host = menuFor('azureDockerHosts.host;state=running;engine=connected');
        assert.ok(host.includes('composeUp') && host.includes('composeDown'), host.join());
    });

    it('attaches a shell through a Pseudoterminal: echo runs in the container and its output comes back', async () => {
        const client = new EngineClient({ address: host.host.address.ipAddress, port: 2376, tls: await readClientMaterial(host.dir) }, { timeoutMs: 20_000 });
        const pty = shellPseudoterminal(client, (await docker.getContainer('web').inspect()).Id, 'web');
        let output = '';
        const closed = new Promise<number | void>((resolve) => pty.onDidClose?.((code) => resolve(code)));
        const seen = (text: string) =>
            new Promise<void>((resolve, reject) => {
                const timer = setTimeout(() => reject(new Error(`no "${text}" in the terminal; it shows: ${JSON.stringify(output)}`)), 20_000);
                const check = () => output.includes(text) && (clearTimeout(timer), resolve());
                pty.onDidWrite((data) => {
                    output += data;
                    check();
                });
                check();
            });
        pty.open({ columns: 100, rows: 30 });
        // busybox has no bash: the terminal falls back to sh.
        pty.handleInput?.('echo "pty-$((40 + 2))"\r');
        await seen('pty-42');
        pty.setDimensions?.({ columns: 120, rows: 40 });
        pty.handleInput?.('exit 3\r');
        assert.equal(await closed, 3);
        client.dispose();
    });

    it('binds the workspace to the host: new terminals use its docker context; unbinding removes it, and settings no extension declares are not written', async () => {
        // Container Tools (which declares containers.environment) cannot be installed on a machine
        // without the Marketplace: the binding then writes no setting, and VS Code would refuse one.
        const settingsFile = join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.vscode', 'settings.json');
        const settingsBefore = existsSync(settingsFile) ? readFileSync(settingsFile, 'utf8') : undefined;
        await vscode.commands.executeCommand('azureDockerHosts.bindWorkspace', (await hostRow('explorer')).item);
        assert.equal(existsSync(settingsFile) ? readFileSync(settingsFile, 'utf8') : undefined, settingsBefore);

        // A new terminal runs the real docker CLI with no flags: DOCKER_CONTEXT alone takes it to the host over TLS.
        assert.deepEqual(await terminalOutput('bound', 'echo "$DOCKER_CONTEXT"; docker ps --format \'{{.Names}}\''), ['azure-explorer', 'web']);
        await vscode.commands.executeCommand('azureDockerHosts.unbindWorkspace');
        assert.deepEqual(await terminalOutput('unbound', 'echo "context=$DOCKER_CONTEXT"'), ['context=']);
    });

    it('stops (deallocates) and starts the VM from the host row; the tree follows the engine', async () => {
        await vscode.commands.executeCommand('azureDockerHosts.stopVm', (await hostRow('explorer')).item);
        const stopped = await hostRow('explorer');
        assert.match(stopped.description ?? '', /^deallocated/);
        const children = await rows(await extensionApi(), stopped.item);
        assert.deepEqual(children.map((c) => c.label), ['The VM is deallocated — start it to reach the engine']);
        await assert.rejects(docker.ping(), 'the engine still answers after the VM was deallocated');
        await vscode.commands.executeCommand('azureDockerHosts.startVm', children[0].item);
        const started = await hostRow('explorer');
        assert.match(started.description ?? '', /^running/);
        assert.deepEqual((await rows(await extensionApi(), started.item)).map((r) => r.label), ['Containers', 'Images', 'Volumes', 'Networks']);
        assert.match(String(await docker.ping()), /OK/);
    });

    it('lists a page of containers, newest first, and Load More brings the rest, each once', async () => {
        const api = await extensionApi();
        const before = (await docker.listContainers({ all: true })).length;
        const extra: Docker.Container[] = [];
        try {
            for (let i = 0; i < containerPageSize + 10; i++) {
                extra.push(await docker.createContainer({ name: `page-${String(i).padStart(3, '0')}`, Image: 'testbox:1', Cmd: ['true'], HostConfig: { NetworkMode: 'none' } }));
            }
            await refresh();
            const group = (await rows(api, (await hostRow('explorer')).item)).find((r) => r.label === 'Containers')!;
            const first = await rows(api, group.item);
            const more = first.filter((r) => r.contextValue === 'azureextensionui.loadMore');
            assert.equal(more.length, 1, 'one Load More row');
            const firstPage = first.filter((r) => r !== more[0]).map((r) => r.label);
            assert.equal(firstPage.length, containerPageSize);
            assert.equal(firstPage[0], `page-${containerPageSize + 9}`, 'the newest container first');
            // What a click on the row runs.
            const click = (await api.tree.getTreeItem(more[0].item)).command!;
            assert.equal(click.command, 'azureDockerHosts.loadMore');
            await vscode.commands.executeCommand(click.command, ...(click.arguments ?? []));
            const all = (await rows(api, group.item)).map((r) => r.label);
            assert.equal(all.length, before + extra.length, `rows: ${all.length}`);
            assert.equal(new Set(all).size, all.length, 'a container listed twice');
            assert.ok(all.includes('web'), 'the oldest container is on the second page');
        } finally {
            await Promise.all(extra.map((c) => c.remove({ force: true })));
            await refresh();
        }
    });

    it('shows a TLS error row naming the cause when the saved CA is not the engine\'s', async () => {
        const other = await createHost('wrongca');
        created.push([other, 'wrongca']);
        writeFileSync(join(other.dir, 'ca.pem'), (await createCa('not this host')).certPem);
        await refresh();
        const row = await hostRow('wrongca');
        const children = await rows(await extensionApi(), row.item);
        assert.equal(children.length, 1);
        assert.match(children[0].label, /certificate/i);
        assert.match(children[0].label, /CA/);
        assert.match((await hostRow('wrongca')).contextValue ?? '', /engine=unreachable/);
    });
});

async function waitForFile(file: string, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(file)) {
        if (Date.now() > deadline) {
            throw new Error(`${file} was not written within ${timeoutMs} ms`);
        }
        await new Promise((r) => setTimeout(r, 100));
    }
    return readFileSync(file, 'utf8');
}

/** What a new integrated terminal's shell prints for the command, line by line. */
async function terminalOutput(name: string, command: string): Promise<string[]> {
    const out = join(process.env.ADH_TEST_USER_DATA_DIR!, `${name}-terminal.txt`);
    const terminal = vscode.window.createTerminal({ name, shellPath: '/bin/sh', shellArgs: ['-c', `{ ${command}; } > ${out}.tmp 2>&1; mv ${out}.tmp ${out}`] });
    try {
        return (await waitForFile(out, 30_000)).trim().split('\n');
    } finally {
        terminal.dispose();
    }
}
