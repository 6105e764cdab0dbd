import { issueServerCert, type PemPair } from '../../tls/certificates';
import { renderCloudInit } from '../../hostSetup/cloudInit';
import { buildSetupExtension } from '../../hostSetup/extensionSettings';
import { waitForEngine, type EngineTls } from '../../docker/enginePing';
import type { ArmClients } from '../armClients';
import type { CloudConfig } from '../cloud';
import type { CreatedResource, NodeContext, ProvisioningNode } from '../provisioning/graph';
import { resourceGroupExists } from './catalog';
import { resourceNames, type CreateHostPlan } from './plan';
import {
    networkInterfaceBody,
    networkSecurityGroupBody,
    publicIpBody,
    runTags,
    setupExtensionBody,
    virtualMachineBody,
    virtualNetworkBody,
} from './requestBodies';

export interface CreateHostDeps {
    readonly clients: ArmClients;
    readonly cloud: CloudConfig;
    /** The host's CA (key in memory only) and the client side saved for the engine check. */
    readonly ca: PemPair;
    readonly clientTls: EngineTls;
    readonly engineTimeoutMs: number;
    /** Passed to the SDK's pollers; undefined keeps the SDK's default. */
    readonly pollIntervalMs?: number;
}

export interface PublicAddress {
    readonly ipAddress: string;
    readonly fqdn: string;
}

/** What the graph leaves in its outputs once it succeeded. */
export interface CreatedHost {
    readonly vmId: string;
    readonly address: PublicAddress;
}

interface Poller<T> extends PromiseLike<T> {
    submitted(): Promise<void>;
}

/** ARM answers 404 when a child went with its parent (a NIC deleted with its VM, say): already gone is done. */
function ignoreNotFound(error: unknown): void {
    if ((error as { statusCode?: number }).statusCode !== 404) {
        throw error;
    }
}

export class AlreadyExistsError extends Error {}

/** What createHostGraph needs of one of the SDK's network operation groups. */
interface NetworkOperations<T> {
    createOrUpdate(resourceGroup: string, name: string, body: T, options: StartOptions): Poller<T>;
    delete(resourceGroup: string, name: string, options: { abortSignal: AbortSignal; updateIntervalInMs?: number }): PromiseLike<unknown>;
}

type StartOptions = { abortSignal: AbortSignal; updateIntervalInMs?: number; onResponse: (response: { status: number }) => void };

/**
 * Starts a PUT and records the resource so a rollback deletes it, but only once ARM has said it
 * created it (201). A 200 means it already existed (another run with the same name, or the user's
 * own): this run must neither claim nor delete it, so the node fails instead. Then waits for it to finish.
 */
async function createRecorded<T>(
    ctx: NodeContext,
    options: Omit<StartOptions, 'onResponse'>,
    start: (options: StartOptions) => Poller<T>,
    resource: Omit<CreatedResource, 'undo'>,
    undo: (signal: AbortSignal) => PromiseLike<unknown>,
): Promise<T> {
    let status: number | undefined;
    const poller = start({ ...options, onResponse: (response) => (status ??= response.status) });
    await poller.submitted();
    if (status === 200) {
        throw new AlreadyExistsError(`The ${resource.label} already exists and was not created by this run, so it is left as it is. Another create with the same name may be running; choose another name.`);
    }
    ctx.record({ ...resource, undo: async (signal) => void (await Promise.resolve(undo(signal)).catch(ignoreNotFound)) });
    return poller;
}

/**
 * The Create Docker Host graph: resource group -> (virtual network || NSG || public IP) -> NIC -> VM
 * -> setup extension -> engine ready, with the server certificate issued as soon as the public IP is
 * known. Every resource is recorded the moment ARM accepts it.
 */
export function createHostGraph(plan: CreateHostPlan, deps: CreateHostDeps): ProvisioningNode[] {
    const { compute, network, resources } = deps.clients;
    const names = resourceNames(plan);
    const rg = plan.resourceGroup;
    const sub = `/subscriptions/${plan.subscriptionId}/resourceGroups/${rg}`;
    const netId = (type: string, name: string) => `${sub}/providers/Microsoft.Network/${type}/${name}`;
    const lro = (ctx: NodeContext) => ({ abortSignal: ctx.signal, updateIntervalInMs: deps.pollIntervalMs });
    /** Creates one network resource through its operation group, recorded with how to delete it. */
    const createNetworkResource = <T>(ctx: NodeContext, ops: NetworkOperations<T>, type: string, name: string, kind: string, label: string, body: T): Promise<T> =>
        createRecorded(
            ctx,
            lro(ctx),
            (o) => ops.createOrUpdate(rg, name, body, o),
            { id: netId(type, name), kind, label: `${label} ${name}` },
            (signal) => ops.delete(rg, name, { abortSignal: signal, updateIntervalInMs: deps.pollIntervalMs }),
        );

    return [
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
                if (await resourceGroupExists(deps.clients, rg, ctx.signal)) {
                    throw new AlreadyExistsError(`A resource group named ${rg} already exists; choose another name, or pick it as an existing group in advanced mode.`);
                }
                let status: number | undefined;
                const group = await resources.resourceGroups.createOrUpdate(rg, { location: plan.location, tags: runTags(plan) }, { abortSignal: ctx.signal, onResponse: (r) => (status ??= r.status) });
                if (status === 200) {
                    throw new AlreadyExistsError(`The resource group ${rg} was created by someone else a moment ago (another create with the same name?), so this run leaves it alone.`);
                }
                ctx.record({
                    id: group.id ?? sub,
                    kind: 'resourceGroup',
                    label: `resource group ${rg}`,
                    containsOthers: true,
                    undo: async (signal) => void (await resources.resourceGroups.delete(rg, { abortSignal: signal, updateIntervalInMs: deps.pollIntervalMs }).catch(ignoreNotFound)),
                });
                return {};
            },
        },
        {
            id: 'virtualNetwork',
            label: `Virtual network ${names.virtualNetwork}`,
            dependsOn: ['resourceGroup'],
            kind: 'virtualNetwork',
            async run(ctx) {
                const vnet = await createNetworkResource(ctx, network.virtualNetworks, 'virtualNetworks', names.virtualNetwork, 'virtualNetwork', 'virtual network', virtualNetworkBody(plan));
                const subnetId = vnet.subnets?.find((s) => s.name === names.subnet)?.id ?? `${netId('virtualNetworks', names.virtualNetwork)}/subnets/${names.subnet}`;
                return { output: subnetId };
            },
        },
        {
            id: 'networkSecurityGroup',
            label: `Network security group ${names.networkSecurityGroup}`,
            dependsOn: ['resourceGroup'],
            kind: 'networkSecurityGroup',
            async run(ctx) {
                const nsg = await createNetworkResource(ctx, network.networkSecurityGroups, 'networkSecurityGroups', names.networkSecurityGroup, 'networkSecurityGroup', 'network security group', networkSecurityGroupBody(plan));
                return { output: nsg.id ?? netId('networkSecurityGroups', names.networkSecurityGroup) };
            },
        },
        {
            id: 'publicIPAddress',
            label: `Public IP address ${names.publicIPAddress}`,
            dependsOn: ['resourceGroup'],
            kind: 'publicIPAddress',
            async run(ctx) {
                const pip = await createNetworkResource(ctx, network.publicIPAddresses, 'publicIPAddresses', names.publicIPAddress, 'publicIPAddress', 'public IP address', publicIpBody(plan));
                if (!pip.ipAddress) {
                    throw new Error(`Azure created the public IP address ${names.publicIPAddress} without an address.`);
                }
                const address: PublicAddress = {
                    ipAddress: pip.ipAddress,
                    fqdn: pip.dnsSettings?.fqdn ?? `${plan.name}.${plan.location}.${deps.cloud.publicIpDnsSuffix}`,
                };
                return { output: { id: pip.id ?? netId('publicIPAddresses', names.publicIPAddress), address } };
            },
        },
        {
            id: 'serverCertificate',
            label: 'Server certificate',
            dependsOn: ['publicIPAddress'],
            async run(ctx) {
                const { address } = ctx.outputs.get('publicIPAddress') as { address: PublicAddress };
                const server = await issueServerCert(deps.ca, { commonName: address.fqdn, dnsNames: [address.fqdn], ipAddresses: [address.ipAddress] });
                return { output: server };
            },
        },
        {
            id: 'networkInterface',
            label: `Network interface ${names.networkInterface}`,
            dependsOn: ['virtualNetwork', 'networkSecurityGroup', 'publicIPAddress'],
            kind: 'networkInterface',
            async run(ctx) {
                const ids = {
                    subnetId: ctx.outputs.get('virtualNetwork') as string,
                    nsgId: ctx.outputs.get('networkSecurityGroup') as string,
                    publicIpId: (ctx.outputs.get('publicIPAddress') as { id: string }).id,
                };
                const nic = await createNetworkResource(ctx, network.networkInterfaces, 'networkInterfaces', names.networkInterface, 'networkInterface', 'network interface', networkInterfaceBody(plan, ids));
                return { output: nic.id ?? netId('networkInterfaces', names.networkInterface) };
            },
        },
        {
            id: 'virtualMachine',
            label: `Virtual machine ${plan.name}`,
            dependsOn: ['networkInterface'],
            kind: 'virtualMachine',
            async run(ctx) {
                const vmId = `${sub}/providers/Microsoft.Compute/virtualMachines/${plan.name}`;
                const vm = await createRecorded(
                    ctx,
                    lro(ctx),
                    (o) => compute.virtualMachines.createOrUpdate(rg, plan.name, virtualMachineBody(plan, ctx.outputs.get('networkInterface') as string, renderCloudInit()), o),
                    // Its OS disk and NIC are created with deleteOption Delete, so they go with it.
                    { id: vmId, kind: 'virtualMachine', label: `virtual machine ${plan.name}` },
                    (signal) => compute.virtualMachines.delete(rg, plan.name, { abortSignal: signal, updateIntervalInMs: deps.pollIntervalMs }),
                );
                return { output: vm.id ?? vmId };
            },
        },
        {
            id: 'virtualMachineExtension',
            label: 'Docker TLS setup on the VM',
            dependsOn: ['virtualMachine', 'serverCertificate'],
            kind: 'virtualMachineExtension',
            async run(ctx) {
                const server = ctx.outputs.get('serverCertificate') as PemPair;
                const extension = buildSetupExtension({ port: plan.tlsPort, caPem: deps.ca.certPem, serverCertPem: server.certPem, serverKeyPem: server.keyPem });
                // Not recorded: it is a child of the VM and is deleted with it.
                await compute.virtualMachineExtensions.createOrUpdate(rg, plan.name, names.extension, setupExtensionBody(plan, extension), lro(ctx));
                return {};
            },
        },
        {
            id: 'engineReady',
            label: 'Docker engine answering over TLS',
            dependsOn: ['virtualMachineExtension'],
            async run(ctx) {
                const { address } = ctx.outputs.get('publicIPAddress') as { address: PublicAddress };
                await waitForEngine({ address: address.ipAddress, port: plan.tlsPort, tls: deps.clientTls }, { overallTimeoutMs: deps.engineTimeoutMs, signal: ctx.signal });
                const created: CreatedHost = { vmId: ctx.outputs.get('virtualMachine') as string, address };
                return { output: created };
            },
        },
    ];
}
