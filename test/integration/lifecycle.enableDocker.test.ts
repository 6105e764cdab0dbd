import Docker from 'dockerode';
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { hostDir } from '../../src/host/hostFiles';
import { listDockerHosts } from '../../src/azure/discovery';
import { deleteHost } from '../../src/azure/lifecycle/deleteHost';
import { listAdoptableVms } from '../../src/azure/lifecycle/adoptionTarget';
import { listHostResources } from '../../src/azure/lifecycle/hostResources';
import { readClientMaterial } from '../../src/tls/storage';
import { TEST_IMAGE } from '../harness/dockerd';
import { nsgIdOf, rg, startAdoptionWorld, subscriptionId, vmIdOf, type AdoptionWorld } from './adoptionWorld';

describe('Enable Docker on an existing VM', function () {
    this.timeout(180_000);
    let w: AdoptionWorld;

    before(async () => {
        w = await startAdoptionWorld();
    });
    afterEach(() => w.emulator.faults.clear());
    after(() => w?.stop());

    it('offers only Linux VMs that are not Docker hosts, and refuses one without a public IP, naming the fix', async () => {
        assert.deepEqual((await listAdoptableVms(w.deps)).map((v) => v.name), ['bare', 'cancelled', 'configured', 'conflicting', 'denied', 'failing', 'faulty', 'private', 'withnsg']);
        const before = w.snapshot();
        await assert.rejects(w.enable('private'), /private has no public IP address.*Associate a static public IP address/);
        assert.deepEqual(w.snapshot(), before);
        assert.equal(existsSync(hostDir(w.storageRoot, { subscriptionId, resourceGroup: rg, name: 'private' })), false);
    });

    it('turns a plain VM without an NSG into a host that lists containers: new NSG attached, then the tag', async () => {
        const outcome = await w.enable('bare');
        assert.ok(outcome.ok, outcome.ok ? '' : String(outcome.error));
        assert.deepEqual(outcome.address, { ipAddress: '127.1.77.11', fqdn: 'adopt-bare.eastus.cloudapp.azure.com' });
        assert.deepEqual(w.vmTags('bare'), { team: 'web', 'azure-docker-hosts:managed': 'true', 'azure-docker-hosts:provisioning': 'adopt-bare', 'azure-docker-hosts:docker': 'tls:2376' });
        const nsg = w.emulator.state.get(nsgIdOf('bare-nsg'));
        assert.equal(nsg?.tags['azure-docker-hosts:provisioning'], 'adopt-bare');
        assert.deepEqual(w.rulesOf('bare-nsg'), ['22 from 203.0.113.7/32', '2376 from 203.0.113.7/32']);
        const nic = w.emulator.inventory().find((i) => /bare-nic$/.test(i.id))!;
        assert.equal((w.emulator.state.get(nic.id)!.properties.networkSecurityGroup as { id: string }).id.toLowerCase(), nsgIdOf('bare-nsg').toLowerCase());
        assert.deepEqual(readdirSync(outcome.dir).sort(), ['ca.pem', 'cert.pem', 'host.json', 'key.pem', 'server-cert.pem']);

        const tls = await readClientMaterial(outcome.dir);
        const docker = new Docker({ protocol: 'https', host: '127.1.77.11', port: 2376, ca: tls.ca, cert: tls.cert, key: tls.key });
        await docker.createContainer({ name: 'adopted-probe', Image: TEST_IMAGE, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } });
        const names = (await docker.listContainers({ all: true })).flatMap((c) => c.Names);
        assert.deepEqual(names, ['/adopted-probe']);
        const host = (await listDockerHosts(w.deps.clients)).find((h) => h.name === 'bare');
        assert.equal(host?.tlsPort, 2376);
        assert.equal(host?.publicIp, '127.1.77.11');
    });

    it('a fault in the extension step leaves a VM with an NSG as it was: no tag, no new rule, no extension, no local files', async () => {
        const before = w.snapshot();
        w.emulator.faults.add({ method: 'PUT', path: '/virtualMachines/withnsg/extensions/[^/]+$', once: true, lroFailed: { code: 'VMExtensionProvisioningError', message: 'The setup script failed: apt-get could not reach the archive.' } });
        const outcome = await w.enable('withnsg');
        w.assertRolledBack(outcome, before, 'withnsg');
        assert.match(String((outcome as { error: Error }).error.message), /apt-get could not reach the archive/);
        assert.deepEqual(w.rulesOf('withnsg-nsg'), ['22 from 198.51.100.0/24']);
        assert.equal(w.emulator.state.get(`${vmIdOf('withnsg')}/extensions/docker-tls-setup`), undefined);
    });

    it('after that rollback, a retry adds its rules to the NIC\'s existing NSG and succeeds', async () => {
        const outcome = await w.enable('withnsg');
        assert.ok(outcome.ok, outcome.ok ? '' : String(outcome.error));
        assert.deepEqual(w.rulesOf('withnsg-nsg'), ['22 from 198.51.100.0/24', '22 from 203.0.113.7/32', '2376 from 203.0.113.7/32']);
        assert.equal(w.vmTags('withnsg')?.['azure-docker-hosts:docker'], 'tls:2376');
    });

    it('a fault in the extension step on a VM without an NSG leaves no new NSG and the NIC unattached', async () => {
        const before = w.snapshot();
        w.emulator.faults.add({ method: 'PUT', path: '/virtualMachines/faulty/extensions/[^/]+$', once: true, lroFailed: { code: 'VMExtensionProvisioningError', message: 'The setup script failed.' } });
        const outcome = await w.enable('faulty');
        w.assertRolledBack(outcome, before, 'faulty');
        assert.equal(w.emulator.state.get(nsgIdOf('faulty-nsg')), undefined);
    });

    it('a cancel during the engine wait rolls back too', async () => {
        const before = w.snapshot();
        const controller = new AbortController();
        const outcome = await w.enable('faulty', {
            signal: controller.signal,
            onEvent: (e) => {
                if (e.type === 'start' && e.nodeId === 'engineReady') {
                    controller.abort(new Error('cancelled by the user'));
                }
            },
        });
        w.assertRolledBack(outcome, before, 'faulty');
        assert.ok(!outcome.ok && outcome.cancelled);
    });

    it('lists an adopted host\'s VM as not created here and its new NSG as created here; deleting the NSG detaches it and keeps the files', async () => {
        const dir = hostDir(w.storageRoot, { subscriptionId, resourceGroup: rg, name: 'bare' });
        const listed = await listHostResources(w.deps, vmIdOf('bare'), { hostDir: dir });
        assert.deepEqual(listed.resources.map((r) => `${r.kind} ${r.name} ${r.createdByExtension}`), ['virtualMachine bare false', 'networkSecurityGroup bare-nsg true']);
        const report = await deleteHost({ deps: w.deps, vmId: vmIdOf('bare'), selection: listed.resources.filter((r) => r.createdByExtension), hostDir: dir });
        assert.deepEqual(report.failed, []);
        assert.equal(w.emulator.state.get(nsgIdOf('bare-nsg')), undefined);
        assert.equal(report.localFilesRemoved, false);
        assert.ok(existsSync(join(dir, 'key.pem')));
    });
});
