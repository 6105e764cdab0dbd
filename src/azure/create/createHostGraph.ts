import { issueEngineServerCert, type PemPair } from '../../tls/certificates';
import type { ClientMaterial } from '../../tls/storage';
import { renderCloudInit } from '../../hostSetup/cloudInit';
import { buildSetupExtension } from '../../hostSetup/extensionSettings';
import { waitForEngine, type WaitOptions } from '../../docker/enginePing';
import { pinHostKeys } from '../../ssh/hostKeys';
import { SharedSshConnection } from '../../ssh/sharedSshConnection';
import { hostKeysFromArm } from '../lifecycle/pinnedHostKeys';
import type { ArmClients } from '../armClients';
import { scheduleApiVersion, scheduleBody, shutdownScheduleId, type AutoShutdown } from '../autoShutdown/schedule';
import { getIfExists } from '../lifecycle/lifecycleDeps';
import { provisioningTag } from '../tags';
import { hadLostAttempt } from '../lostAttempts';
import type { CloudConfig } from '../cloud';
import type { NodeContext, ProvisioningNode } from '../provisioning/graph';
import { resourceNames, type CreateHostPlan } from './plan';
import {
    networkInterfaceBody,
    networkSecurityGroupBody,
    publicIpBody,
    runTags,
    swarmTags,
    setupExtensionBody,
    virtualMachineBody,
    virtualNetworkBody,
} from './requestBodies';
import { RunResources, type RunResourceKind } from './runResources';

export interface CreateHostDeps {
    readonly clients: ArmClients;
    readonly cloud: CloudConfig;
    /** The host's CA (key in memory only) and the client side saved for the engine check. */
    readonly ca: PemPair;
    readonly clientTls: ClientMaterial;
    readonly engineTimeoutMs: number;
    /** Passed to the SDK's pollers; undefined keeps the SDK's default. */
    readonly pollIntervalMs?: number;
    /** How the run's resources are found and deleted; shared with the rollback's search by tag. */
    readonly owned?: RunResources;
    /** SSH only: the private key the engine check logs in with, and the folder the host keys are pinned in. */
    readonly ssh?: { readonly privateKeyPath: string; readonly dir: string };
}

export interface PublicAddress {
    readonly ipAddress: string;
    readonly fqdn: string;
}

/** What the graph leaves in its outputs once it succeeded. */
export interface CreatedHost {
    readonly vmId: string;
    readonly address: PublicAddress;
    /** The NIC's address in its virtual network (what a swarm's nodes reach each other on). */
    readonly privateIp?: string;
}

interface NicOutput {
    readonly id: string;
    readonly privateIp: string | undefined;
}

interface Poller<T> extends PromiseLike<T> {
    submitted(): Promise<void>;
}

/** A name the pre-check found free was taken by the time of the PUT. */
export class AlreadyExistsError extends Error {
    /** Label of the resource this run's PUT rewrote (the name race of a PUT without If-None-Match). */
    constructor(message: string, readonly overwritten?: string) {
        super(message);
    }
}

/** What createHostGraph needs of one of the SDK's network operation groups. */
interface NetworkOperations<T> {
    createOrUpdate(resourceGroup: string, name: string, body: T, options: StartOptions): Poller<T>;
}

type StartOptions = { abortSignal: AbortSignal; updateIntervalInMs?: number; onResponse: (response: { status: number; request?: object }) => void };

function refused(label: string): AlreadyExistsError {
    return new AlreadyExistsError(`The ${label} appeared in Azure while this run was creating it (another create with the same name?). Azure refused to replace it, so it is left as it is; choose another name.`);
}

function overwritten(label: string, change = 'its settings and tags are now this run\'s'): AlreadyExistsError {
    return new AlreadyExistsError(`The ${label} appeared in Azure while this run was creating it (another create with the same name?), and this run's request overwrote it: ${change}. It was not created by this run, so it is not deleted; check it, and choose another name.`, label);
}

/** The SDK retried a create-only PUT whose first attempt had in fact created the resource. */
function answerLost(label: string): Error {
    return new Error(`Azure's answer to creating the ${label} was lost (the connection was cut), and the retried request was refused because the first one had already created it. This run stops here; the ${label} it created is deleted with the rest.`);
}

/**
 * A 200 (or 412) to a retried PUT whose earlier attempt got no answer is this run's own write when
 * the resource carries the run's tag; anything else answered 200 was there before this PUT.
 */
async function ownWrite(retried: boolean, carriesRunTag: () => Promise<boolean>): Promise<boolean> {
    return retried && (await carriesRunTag());
}

/**
 * Starts a PUT and records the resource so a rollback deletes it, once ARM has said it created it
 * (201), or the answer is to a retry of this run's own write. Otherwise a 200 means it appeared
 * after the name check and this PUT rewrote it, and a 412 (If-None-Match) that Azure refused to:
 * either way this run must neither claim nor delete it, so the node fails. Then waits for it to finish.
 */
async function createRecorded<T>(
    ctx: NodeContext,
    owned: RunResources,
    kind: RunResourceKind,
    options: Omit<StartOptions, 'onResponse'>,
    start: (options: StartOptions) => Poller<T>,
): Promise<T> {
    let answer: { status: number; retried: boolean } | undefined;
    const poller = start({ ...options, onResponse: (response) => (answer ??= { status: response.status, retried: hadLostAttempt(response.request) }) });
    const carriesRunTag = () => owned.carriesRunTag(kind, options.abortSignal);
    try {
        await poller.submitted();
    } catch (error) {
        const { statusCode, request } = error as { statusCode?: number; request?: object };
        if (statusCode !== 412) {
            throw error;
        }
        if (await ownWrite(hadLostAttempt(request), carriesRunTag)) {
            ctx.record(owned.resource(kind));
            throw answerLost(owned.labelOf(kind));
        }
        throw refused(owned.labelOf(kind));
    }
    if (answer?.status === 200 && !(await ownWrite(answer.retried, carriesRunTag))) {
        // This PUT rewrote it with this run's tag; the tag alone must not make it ours.
        owned.disown(owned.idOf(kind));
        throw overwritten(owned.labelOf(kind));
    }
    ctx.record(owned.resource(kind));
    return poller;
}

/** What the network part of a create needs. */
export type NetworkGraphDeps = Pick<CreateHostDeps, 'clients' | 'pollIntervalMs' | 'owned'>;

/** The helpers every create node shares, and the network part: resource group -> (virtual network || NSG). */
function graphParts(plan: CreateHostPlan, deps: NetworkGraphDeps) {
    const { network, resources } = deps.clients;
    const names = resourceNames(plan);
    const rg = plan.resourceGroup;
    const owned = deps.owned ?? new RunResources(plan, deps);
    const lro = (ctx: NodeContext) => ({ abortSignal: ctx.signal, updateIntervalInMs: deps.pollIntervalMs });
    /** A node that creates one network resource through its operation group; `output` is what later nodes get from it. */
    const networkNode = <T>(node: {
        kind: RunResourceKind;
        label: string;
        /** Read when the node runs: a graph is also built without clients, for its shape. */
        ops: () => NetworkOperations<T>;
        dependsOn?: string[];
        body: (ctx: NodeContext) => T;
        output: (resource: T) => unknown;
    }): ProvisioningNode => ({
        id: node.kind,
        label: node.label,
        dependsOn: node.dependsOn ?? ['resourceGroup'],
        kind: node.kind,
        async run(ctx) {
            const resource = await createRecorded(ctx, owned, node.kind, lro(ctx), (o) => node.ops().createOrUpdate(rg, owned.nameOf(node.kind), node.body(ctx), o));
            return { output: node.output(resource) };
        },
    });

    /** A swarm node's network part, made once by the swarm's run: nothing to create, only its id to pass on. */
    const sharedNode = (kind: 'virtualNetwork' | 'networkSecurityGroup', label: string, id: string): ProvisioningNode => ({
        id: kind,
        label,
        dependsOn: ['resourceGroup'],
        run: async () => ({ output: id }),
    });
    const shared = plan.swarm?.network;

    const networkNodes: ProvisioningNode[] = [
        {
            id: 'resourceGroup',
            label: plan.createResourceGroup ? `Resource group ${rg}` : `Existing resource group ${rg}`,
            dependsOn: [],
            kind: 'resourceGroup',
            async run(ctx) {
                if (!plan.createResourceGroup) {
                    await resources.resourceGroups.get(rg, { abortSignal: ctx.signal });
                    return {};
                }
                // The name check before the run found the group free; a 200 means it appeared since,
                // unless it answers a retry of this run's own write.
                let answer: { status: number; retried: boolean } | undefined;
                const group = await resources.resourceGroups.createOrUpdate(rg, { location: plan.location, tags: { ...runTags(plan), ...swarmTags(plan) } }, { abortSignal: ctx.signal, onResponse: (r) => (answer ??= { status: r.status, retried: hadLostAttempt(r.request) }) });
                if (answer?.status === 200 && !(await ownWrite(answer.retried, () => owned.carriesRunTag('resourceGroup', ctx.signal)))) {
                    owned.disown(owned.resourceGroup().id);
                    throw overwritten(`resource group ${rg}`, 'its tags were replaced by this run\'s');
                }
                ctx.record(owned.resourceGroup(group.id));
                return {};
            },
        },
        shared ? sharedNode('virtualNetwork', 'The swarm\'s virtual network', shared.subnetId) : networkNode({
            kind: 'virtualNetwork',
            label: `Virtual network ${names.virtualNetwork}`,
            ops: () => network.virtualNetworks,
            body: () => virtualNetworkBody(plan),
            output: (vnet) => vnet.subnets?.find((s) => s.name === names.subnet)?.id ?? `${owned.idOf('virtualNetwork')}/subnets/${names.subnet}`,
        }),
        shared ? sharedNode('networkSecurityGroup', 'The swarm\'s network security group', shared.networkSecurityGroupId) : networkNode({
            kind: 'networkSecurityGroup',
            label: `Network security group ${names.networkSecurityGroup}`,
            ops: () => network.networkSecurityGroups,
            body: () => networkSecurityGroupBody(plan),
            output: (nsg) => nsg.id ?? owned.idOf('networkSecurityGroup'),
        }),
    ];
    return { names, rg, owned, lro, networkNode, networkNodes };
}

/**
 * A swarm's network part, made once for all its nodes: its resource group, virtual network and the
 * NSG with the swarm's rules. Each node's own graph then joins it (`plan.swarm.network`).
 */
export function createSwarmNetworkGraph(plan: CreateHostPlan, deps: NetworkGraphDeps): ProvisioningNode[] {
    return graphParts(plan, deps).networkNodes;
}

/**
 * The Create Docker Host graph: resource group -> (virtual network || NSG || public IP) -> NIC -> VM
 * -> setup extension -> engine ready, with the server certificate issued as soon as the public IP is
 * known. Every resource is recorded the moment ARM accepts it.
 */
export function createHostGraph(plan: CreateHostPlan, deps: CreateHostDeps): ProvisioningNode[] {
    const { compute, network } = deps.clients;
    const { names, rg, owned, lro, networkNode, networkNodes } = graphParts(plan, deps);
    return [
        ...networkNodes,
        networkNode({
            kind: 'publicIPAddress',
            label: `Public IP address ${names.publicIPAddress}`,
            ops: () => network.publicIPAddresses,
            body: () => publicIpBody(plan),
            output: (pip) => {
                if (!pip.ipAddress) {
                    throw new Error(`Azure created the public IP address ${names.publicIPAddress} without an address.`);
                }
                const address: PublicAddress = {
                    ipAddress: pip.ipAddress,
                    fqdn: pip.dnsSettings?.fqdn ?? `${plan.name}.${plan.location}.${deps.cloud.publicIpDnsSuffix}`,
                };
                return { id: pip.id ?? owned.idOf('publicIPAddress'), address };
            },
        }),
        {
            id: 'serverCertificate',
            label: 'Server certificate',
            dependsOn: ['publicIPAddress'],
            async run(ctx) {
                const { address } = ctx.outputs.get('publicIPAddress') as { address: PublicAddress };
                const server = await issueEngineServerCert(deps.ca, { fqdn: address.fqdn, publicIp: address.ipAddress });
                return { output: server };
            },
        },
        networkNode({
            kind: 'networkInterface',
            label: `Network interface ${names.networkInterface}`,
            dependsOn: ['virtualNetwork', 'networkSecurityGroup', 'publicIPAddress'],
            ops: () => network.networkInterfaces,
            body: (ctx) =>
                networkInterfaceBody(plan, {
                    subnetId: ctx.outputs.get('virtualNetwork') as string,
                    nsgId: ctx.outputs.get('networkSecurityGroup') as string,
                    publicIpId: (ctx.outputs.get('publicIPAddress') as { id: string }).id,
                }),
            output: (nic): NicOutput => ({ id: nic.id ?? owned.idOf('networkInterface'), privateIp: nic.ipConfigurations?.[0]?.privateIPAddress }),
        }),
        {
            id: 'virtualMachine',
            label: `Virtual machine ${plan.name}`,
            dependsOn: ['networkInterface'],
            kind: 'virtualMachine',
            async run(ctx) {
                const body = virtualMachineBody(plan, (ctx.outputs.get('networkInterface') as NicOutput).id, renderCloudInit());
                // Compute honours If-None-Match: * (create only), so a VM that appeared since the check is refused, not replaced.
                // Its OS disk and NIC are created with deleteOption Delete, so they go with it.
                const vm = await createRecorded(ctx, owned, 'virtualMachine', lro(ctx), (o) => compute.virtualMachines.createOrUpdate(rg, plan.name, body, { ...o, ifNoneMatch: '*' }));
                return { output: vm.id ?? owned.idOf('virtualMachine') };
            },
        },
        {
            id: 'virtualMachineExtension',
            label: 'Docker TLS setup on the VM',
            dependsOn: ['virtualMachine', 'serverCertificate'],
            kind: 'virtualMachineExtension',
            async run(ctx) {
                const server = ctx.outputs.get('serverCertificate') as PemPair;
                const extension = buildSetupExtension(plan.engineAccess === 'ssh'
                    ? { access: 'ssh', adminUser: plan.adminUser, liveRestore: !plan.swarm }
                    : { port: plan.tlsPort, caPem: deps.ca.certPem, serverCertPem: server.certPem, serverKeyPem: server.keyPem, liveRestore: !plan.swarm });
                // Not recorded: it is a child of the VM and is deleted with it.
                await compute.virtualMachineExtensions.createOrUpdate(rg, plan.name, names.extension, setupExtensionBody(plan, extension), lro(ctx));
                return {};
            },
        },
        {
            id: 'engineReady',
            label: plan.engineAccess === 'ssh' ? 'Docker engine answering over SSH' : 'Docker engine answering over TLS',
            dependsOn: ['virtualMachineExtension'],
            async run(ctx) {
                const { address } = ctx.outputs.get('publicIPAddress') as { address: PublicAddress };
                const wait = { overallTimeoutMs: deps.engineTimeoutMs, signal: ctx.signal };
                if (plan.engineAccess === 'ssh') {
                    await waitForEngineOverSsh(plan, deps, address.ipAddress, wait);
                } else {
                    await waitForEngine({ address: address.ipAddress, port: plan.tlsPort, tls: deps.clientTls }, wait);
                }
                const created: CreatedHost = { vmId: ctx.outputs.get('virtualMachine') as string, address, privateIp: (ctx.outputs.get('networkInterface') as NicOutput).privateIp };
                return { output: created };
            },
        },
        ...(plan.autoShutdown ? [autoShutdownNode(plan, plan.autoShutdown, deps)] : []),
    ];
}

/**
 * An SSH-only host's engine check: the host keys its setup printed, read through ARM and pinned in
 * the run's folder (never the key the connection presents), then /_ping on the engine's socket.
 */
async function waitForEngineOverSsh(plan: CreateHostPlan, deps: CreateHostDeps, address: string, wait: WaitOptions): Promise<void> {
    if (!deps.ssh) {
        throw new Error('An SSH-only host needs the private key of its SSH key pair on this computer.');
    }
    const keys = await hostKeysFromArm(deps, { resourceGroup: plan.resourceGroup, name: plan.name }, wait.signal);
    if (!keys.length) {
        throw new Error(`The setup of ${plan.name} reported no SSH host keys through Azure, and a host key is never trusted on first use.`);
    }
    await pinHostKeys(deps.ssh.dir, keys);
    const ssh = new SharedSshConnection({ hostName: plan.name, address, user: plan.adminUser, privateKeyPath: deps.ssh.privateKeyPath, pinned: keys });
    try {
        await waitForEngine({ address, port: 22, ssh }, wait);
    } finally {
        ssh.dispose();
    }
}

/**
 * The host's daily shutdown (advanced mode), once its VM exists; tagged with the run so the
 * rollback deletes it. A schedule of that name left from an earlier VM is not overwritten.
 */
function autoShutdownNode(plan: CreateHostPlan, shutdown: AutoShutdown, deps: CreateHostDeps): ProvisioningNode {
    const name = `shutdown-computevm-${plan.name}`;
    const label = `Auto-shutdown schedule ${name}`;
    const ours = (tags: Record<string, string> | undefined) => tags?.[provisioningTag] === plan.provisioningId;
    return {
        id: 'autoShutdown',
        label,
        dependsOn: ['virtualMachine'],
        async run(ctx) {
            const resources = deps.clients.resources.resources;
            const vmId = ctx.outputs.get('virtualMachine') as string;
            const id = shutdownScheduleId(vmId);
            const options = { abortSignal: ctx.signal, updateIntervalInMs: deps.pollIntervalMs };
            const existing = await getIfExists(() => resources.getById(id, scheduleApiVersion, { abortSignal: ctx.signal }));
            if (existing && !ours(existing.tags)) {
                throw new AlreadyExistsError(`The ${label.toLowerCase()} already exists (left from an earlier VM of this name?), so it is left as it is; delete it in the Azure portal, or create without auto-shutdown.`);
            }
            ctx.record({
                id,
                kind: 'autoShutdownSchedule',
                label: label.toLowerCase(),
                undo: async (signal) => {
                    const current = await getIfExists(() => resources.getById(id, scheduleApiVersion, { abortSignal: signal }));
                    if (current && ours(current.tags)) {
                        await getIfExists(async () => resources.deleteById(id, scheduleApiVersion, { abortSignal: signal, updateIntervalInMs: deps.pollIntervalMs }));
                    }
                },
            });
            await resources.createOrUpdateById(id, scheduleApiVersion, scheduleBody({ id: vmId, location: plan.location, tags: runTags(plan) }, shutdown), options);
            return {};
        },
    };
}
