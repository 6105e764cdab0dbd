/**
 * Enable Docker on Existing VM against VMs whose owner configured Docker first: what adoption keeps,
 * what stops it, and what its failures and rollbacks put back on the VM.
 */
import Docker from 'dockerode';
import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostDir } from '../../src/host/hostFiles';
import { provisioningTag } from '../../src/azure/tags';
import { adoptionDenyRules } from '../../src/azure/lifecycle/enableDockerOnVm';
import { readClientMaterial } from '../../src/tls/storage';
import { TEST_IMAGE } from '../harness/dockerd';
import { nsgIdOf, ownerConfig, ownerFiles, rg, startAdoptionWorld, subscriptionId, vmIdOf, type AdoptionWorld } from '../integration/adoptionWorld';
import { scenario } from './scenario';

describe('Adoption of a VM with its own Docker configuration', () => {
    let w: AdoptionWorld;

    before(async function () {
        this.timeout(120_000);
        w = await startAdoptionWorld();
    });
    afterEach(() => w.emulator.faults.clear());
    after(() => w?.stop());

    scenario({ area: 'Adoption', kind: 'emulator+dockerd', name: 'adoption keeps and restores daemon.json: the owner\'s settings are kept', fault: 'Enable Docker on a VM whose daemon.json sets data-root, log options and a registry mirror, with a drop-in of its own', expected: 'daemon.json keeps them plus the TLS keys; the engine, reached over TLS, reports that data-root, logging and mirror' }, async () => {
        await w.configureDocker('configured', ownerFiles);
        const outcome = await w.enable('configured');
        assert.ok(outcome.ok, outcome.ok ? '' : String(outcome.error));
        assert.deepEqual(JSON.parse(w.vmFiles('configured')['/etc/docker/daemon.json']!), {
            ...ownerConfig, tls: true, tlsverify: true, tlscacert: '/etc/docker/ca.pem', tlscert: '/etc/docker/server-cert.pem', tlskey: '/etc/docker/server-key.pem',
        });
        assert.equal(w.vmFiles('configured')['/etc/systemd/system/docker.service.d/limits.conf'], ownerFiles['/etc/systemd/system/docker.service.d/limits.conf']);
        const tls = await readClientMaterial(outcome.dir);
        const docker = new Docker({ protocol: 'https', host: '127.1.77.21', port: 2376, ca: tls.ca, cert: tls.cert, key: tls.key });
        const info = await docker.info() as { DockerRootDir: string; LoggingDriver: string; RegistryConfig: { Mirrors: string[] } };
        assert.equal(info.DockerRootDir, '/srv/docker-data');
        assert.equal(info.LoggingDriver, 'json-file');
        assert.deepEqual(info.RegistryConfig.Mirrors, ['https://mirror.example.test/']);
        const container = await docker.createContainer({ Image: TEST_IMAGE, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } });
        assert.deepEqual((await container.inspect()).HostConfig.LogConfig, { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } });
    });

    scenario({ area: 'Adoption', kind: 'emulator+dockerd', name: 'adoption keeps and restores daemon.json: a conflicting "hosts" stops it', fault: 'The VM\'s daemon.json sets "hosts" and a drop-in overrides ExecStart', expected: 'Adoption fails listing both conflicts; the VM\'s files and Azure are as they were' }, async () => {
        // The owner's Docker is stopped: the w.emulator serves its w.engines on its own socket, which a "hosts" in daemon.json would clash with.
        await w.configureDocker('conflicting', {
            '/etc/docker/daemon.json': `${JSON.stringify({ ...ownerConfig, hosts: ['unix:///var/run/docker.sock'] })}\n`,
            '/etc/systemd/system/docker.service.d/override.conf': '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd\n',
        }, 'stop');
        const files = w.vmFiles('conflicting');
        const before = w.snapshot();
        const outcome = await w.enable('conflicting');
        w.assertRolledBack(outcome, before, 'conflicting');
        const message = String((outcome as { error: Error }).error.message);
        assert.match(message, /^The Docker configuration on conflicting conflicts with the TLS setup, so nothing was changed on the VM: /);
        assert.match(message, /daemon\.json: "hosts" is \["unix:\/\/\/var\/run\/docker\.sock"\]/);
        assert.match(message, /override\.conf sets ExecStart=\/usr\/bin\/dockerd; /);
        assert.deepEqual(w.vmFiles('conflicting'), files);
        assert.equal(w.engines.engine(vmIdOf('conflicting')), undefined, 'the setup started Docker');
    });

    scenario({ area: 'Adoption', kind: 'emulator+dockerd', name: 'adoption keeps and restores daemon.json: the engine fails after the merge', fault: 'The TLS port is taken on the VM, so dockerd fails to start after the script merged daemon.json', expected: 'Adoption fails naming docker.service; the rollback restores the VM\'s files and its engine runs as before' }, async () => {
        await w.configureDocker('failing', ownerFiles);
        const files = w.vmFiles('failing');
        const before = w.snapshot();
        // Something of the owner's already listens on the TLS port: dockerd fails after the merge.
        const squatter = createServer().listen(2376, '127.1.77.23');
        await once(squatter, 'listening');
        try {
            const outcome = await w.enable('failing');
            w.assertRolledBack(outcome, before, 'failing');
            assert.match(String((outcome as { error: Error }).error.message), /docker\.service did not start after the script/);
        } finally {
            squatter.close();
        }
        assert.deepEqual(w.vmFiles('failing'), files);
        assert.equal((await w.engineInfo('failing')).DockerRootDir, '/srv/docker-data');
    });

    scenario({ area: 'Adoption', kind: 'emulator+dockerd', name: 'adoption keeps and restores daemon.json: rollback after the setup ran', fault: 'Cancel while waiting for the engine, after the setup merged daemon.json', expected: 'The rollback runs the restore script: the VM\'s files and engine are as before; Azure unchanged' }, async () => {
        await w.configureDocker('cancelled', ownerFiles);
        const files = w.vmFiles('cancelled');
        const before = w.snapshot();
        const controller = new AbortController();
        let merged: unknown;
        const outcome = await w.enable('cancelled', {
            signal: controller.signal,
            onEvent: (e) => {
                if (e.type === 'start' && e.nodeId === 'engineReady') {
                    merged = JSON.parse(w.vmFiles('cancelled')['/etc/docker/daemon.json']!);
                    controller.abort(new Error('cancelled by the user'));
                }
            },
        });
        assert.equal((merged as { tlsverify?: boolean }).tlsverify, true, 'the setup had not run before the cancel');
        w.assertRolledBack(outcome, before, 'cancelled');
        assert.deepEqual(w.vmFiles('cancelled'), files);
        assert.equal((await w.engineInfo('cancelled')).DockerRootDir, '/srv/docker-data');
    });

    scenario({ area: 'Adoption', kind: 'emulator+dockerd', name: 'adoption rollback deletes only a new NSG that carries its tag', fault: 'The VM\'s NIC and subnet have no NSG, so adoption makes bare-nsg; during the run someone re-tags it as theirs; then the setup extension fails', expected: 'The rollback leaves bare-nsg and says it does not carry the run\'s tag; the association is undone' }, async () => {
        w.emulator.faults.add({ method: 'PUT', path: /virtualMachines\/bare\/extensions\/[^/]+$/, lroFailed: { code: 'VMExtensionProvisioningError', message: 'The setup script failed.' }, once: true });
        const network = w.deps.clients.network;
        let retag: Promise<unknown> | undefined;
        const outcome = await w.enable('bare', {
            onEvent: (e) => {
                if (e.type === 'start' && e.nodeId === 'virtualMachineExtension') {
                    retag = network.networkSecurityGroups.get(rg, 'bare-nsg').then((nsg) =>
                        network.networkSecurityGroups.createOrUpdate(rg, 'bare-nsg', { ...nsg, tags: { owner: 'someone-else', [provisioningTag]: 'their-run' } }, { updateIntervalInMs: 10 }));
                }
            },
        });
        await retag;
        assert.equal(outcome.ok, false, 'the adoption succeeded');
        assert.ok(!outcome.ok);
        assert.deepEqual(outcome.rollback.failedToDelete.map((f) => f.label), ['network security group bare-nsg']);
        assert.match(String(outcome.rollback.failedToDelete[0].error), /does not carry this run's tag/);
        assert.equal(w.emulator.state.get(nsgIdOf('bare-nsg'))?.tags[provisioningTag], 'their-run', 'their NSG was deleted');
    });

    scenario({ area: 'Adoption', kind: 'emulator+dockerd', name: 'adoption and the user\'s Deny rules', fault: 'The NIC\'s NSG denies ports 20-23 from Internet at priority 300', expected: 'The Deny rule is reported for the user to decide; without consent adoption refuses and changes nothing; with it the SSH allow rule goes above 300' }, async () => {
        const denies = await adoptionDenyRules(w.deps, vmIdOf('denied'), 2376);
        assert.deepEqual(denies.map((d) => `${d.name} ${d.priority} ${d.port} ${d.source}`), ['no-ssh 300 22 Internet']);
        const before = w.snapshot();
        await assert.rejects(w.enable('denied'), /would add allow rules for ports your Deny rules cover: no-ssh \(priority 300 in denied-nsg\) denies port 22 from Internet/);
        assert.deepEqual(w.snapshot(), before);
        assert.equal(existsSync(hostDir(w.storageRoot, { subscriptionId, resourceGroup: rg, name: 'denied' })), false);

        const outcome = await w.enable('denied', { placeAboveDenyRules: true });
        assert.ok(outcome.ok, outcome.ok ? '' : String(outcome.error));
        const priorityOf = (rule: string) => (w.emulator.state.get(`${nsgIdOf('denied-nsg')}/securityRules/${rule}`)!.properties as { priority: number }).priority;
        assert.ok(priorityOf('azure-docker-hosts-ssh') < 300, `ssh allow rule at ${priorityOf('azure-docker-hosts-ssh')}`);
    });
});
