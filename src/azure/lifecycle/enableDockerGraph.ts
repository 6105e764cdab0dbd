import type { SecurityRule } from '@azure/arm-network';
import { waitForEngine } from '../../docker/enginePing';
import { buildRestoreExtension, buildSetupExtension, type SetupExtension } from '../../hostSetup/extensionSettings';
import { setupConflictsIn } from '../../hostSetup/setupScript';
import type { ClientMaterial } from '../../tls/storage';
import { runTags } from '../create/requestBodies';
import { deleteIfRunTagged } from '../create/runResources';
import type { SourceAddress } from '../create/parseSourceAddress';
import type { CreatedResource, NodeContext, ProvisioningNode } from '../provisioning/graph';
import { parseResourceId, sameId } from '../resourceId';
import { dockerTag, dockerTagValue, provisioningTag } from '../tags';
import type { AdoptionTarget } from './adoptionTarget';
import { planDockerRules } from './dockerNsgRules';
import { actionRefused, getIfExists, isNotFound, lroOptions, type LifecycleDeps } from './lifecycleDeps';
import { setupExtensionName, setupExtensionUpdate } from './setupExtensionRequest';

export interface EnableDockerPlan {
    readonly target: AdoptionTarget;
    readonly tlsPort: number;
    readonly source: SourceAddress;
    readonly provisioningId: string;
    /** Name for the NSG made when neither the NIC nor its subnet has one. */
    readonly newNsgName: string;
}

export interface EnableDockerDeps extends LifecycleDeps {
    readonly setup: { caPem: string; serverCertPem: string; serverKeyPem: string };
    readonly clientTls: ClientMaterial;
    readonly engineTimeoutMs: number;
}

type Undo = (signal: AbortSignal) => PromiseLike<unknown>;

function record(ctx: NodeContext, resource: Omit<CreatedResource, 'undo'>, undo: Undo): void {
    ctx.record({
        ...resource,
        undo: async (signal) => {
            try {
                await undo(signal);
            } catch (error) {
                if (!isNotFound(error)) {
                    throw error;
                }
            }
        },
    });
}

/**
 * Enable Docker on an existing VM: open SSH and the TLS port (rules on the NIC's NSG and on its
 * subnet's, or a new NSG attached to the NIC when it has neither) -> setup extension -> engine
 * ready -> Docker tag on the VM. The tag goes last, so a VM that failed half-way never shows up as
 * a host. Every change is recorded for the executor's rollback.
 */
export function enableDockerGraph(plan: EnableDockerPlan, deps: EnableDockerDeps): ProvisioningNode[] {
    const { compute, network } = deps.clients;
    const { target } = plan;
    const lro = (signal: AbortSignal) => lroOptions(deps, signal);
    const nodes: ProvisioningNode[] = [];
    const opened: string[] = [];

    const ruleNode = (id: string, nsgId: string, destination: string): ProvisioningNode => ({
        id,
        label: `Open ports 22 and ${plan.tlsPort} in network security group ${parseResourceId(nsgId).name}`,
        dependsOn: [],
        kind: 'networkSecurityGroup',
        async run(ctx) {
            const { resourceGroup, name } = parseResourceId(nsgId);
            const nsg = await network.networkSecurityGroups.get(resourceGroup, name, { abortSignal: ctx.signal });
            for (const rule of planDockerRules(nsg.securityRules ?? [], { port: plan.tlsPort, source: plan.source, destination })) {
                const previous = nsg.securityRules?.find((r) => r.name === rule.name);
                const poller = network.securityRules.createOrUpdate(resourceGroup, name, rule.name!, rule, lro(ctx.signal));
                await poller.submitted();
                record(ctx, { id: `${nsgId}/securityRules/${rule.name}`, kind: 'securityRule', label: `security rule ${rule.name} in ${name}` }, (signal) =>
                    // A rule of ours left by an earlier attempt is put back as it was, not deleted.
                    previous ? network.securityRules.createOrUpdate(resourceGroup, name, rule.name!, previous as SecurityRule, lro(signal)) : network.securityRules.delete(resourceGroup, name, rule.name!, lro(signal)));
                await poller;
            }
            return {};
        },
    });

    if (target.nicNsgId) {
        nodes.push(ruleNode('nicSecurityRules', target.nicNsgId, '*'));
        opened.push('nicSecurityRules');
    }
    if (target.subnetNsgId && !sameId(target.subnetNsgId, target.nicNsgId)) {
        nodes.push(ruleNode('subnetSecurityRules', target.subnetNsgId, target.privateIp ?? '*'));
        opened.push('subnetSecurityRules');
    }
    if (!target.nicNsgId && !target.subnetNsgId) {
        const nsgRg = target.resourceGroup;
        nodes.push({
            id: 'networkSecurityGroup',
            label: `Network security group ${plan.newNsgName}`,
            dependsOn: [],
            kind: 'networkSecurityGroup',
            async run(ctx) {
                const rules = planDockerRules([], { port: plan.tlsPort, source: plan.source, destination: '*' });
                const poller = network.networkSecurityGroups.createOrUpdate(nsgRg, plan.newNsgName, { location: target.location, tags: runTags(plan), securityRules: rules }, lro(ctx.signal));
                await poller.submitted();
                const id = `/subscriptions/${parseResourceId(target.vmId).subscriptionId}/resourceGroups/${nsgRg}/providers/Microsoft.Network/networkSecurityGroups/${plan.newNsgName}`;
                const label = `network security group ${plan.newNsgName}`;
                // Deleted only while it still carries this run's tag, as the create's rollback does.
                record(ctx, { id, kind: 'networkSecurityGroup', label }, (signal) => deleteIfRunTagged(network.networkSecurityGroups,
                    { resourceGroup: nsgRg, name: plan.newNsgName, label, provisioningId: plan.provisioningId },
                    (tags) => tags?.[provisioningTag] === plan.provisioningId, { signal, pollIntervalMs: deps.pollIntervalMs }));
                const nsg = await poller;
                return { output: nsg.id ?? id };
            },
        });
        nodes.push({
            id: 'attachNetworkSecurityGroup',
            label: `Attach ${plan.newNsgName} to network interface ${parseResourceId(target.nicId).name}`,
            dependsOn: ['networkSecurityGroup'],
            kind: 'networkInterface',
            async run(ctx) {
                const nsgId = ctx.outputs.get('networkSecurityGroup') as string;
                const { resourceGroup, name } = parseResourceId(target.nicId);
                const nic = await network.networkInterfaces.get(resourceGroup, name, { abortSignal: ctx.signal });
                const poller = network.networkInterfaces.createOrUpdate(resourceGroup, name, { ...nic, networkSecurityGroup: { id: nsgId } }, lro(ctx.signal));
                await poller.submitted();
                record(ctx, { id: `${target.nicId}/networkSecurityGroup`, kind: 'networkSecurityGroupAssociation', label: `association of ${plan.newNsgName} with ${name}` }, async (signal) => {
                    const now = await getIfExists(() => network.networkInterfaces.get(resourceGroup, name, { abortSignal: signal }));
                    if (now && sameId(now.networkSecurityGroup?.id, nsgId)) {
                        await network.networkInterfaces.createOrUpdate(resourceGroup, name, { ...now, networkSecurityGroup: undefined }, lro(signal));
                    }
                });
                await poller;
                return {};
            },
        });
        opened.push('attachNetworkSecurityGroup');
    }

    nodes.push(
        {
            id: 'virtualMachineExtension',
            label: 'Docker TLS setup on the VM',
            dependsOn: opened,
            kind: 'virtualMachineExtension',
            async run(ctx) {
                const extension: SetupExtension = buildSetupExtension({ port: plan.tlsPort, ...deps.setup });
                const poller = compute.virtualMachineExtensions.createOrUpdate(target.resourceGroup, target.name, setupExtensionName, setupExtensionUpdate(extension, target.location, runTags(plan)), lro(ctx.signal));
                await poller.submitted();
                // Inspection refused VMs with a Custom Script extension, so this one is new: undo removes it.
                record(ctx, { id: `${target.vmId}/extensions/${setupExtensionName}`, kind: 'virtualMachineExtension', label: `VM extension ${setupExtensionName}` }, (signal) =>
                    compute.virtualMachineExtensions.delete(target.resourceGroup, target.name, setupExtensionName, lro(signal)));
                // Undone first (reverse order): the same extension runs the restore script, which puts back
                // the files the setup backed up. A script that failed has restored them itself, and one
                // that stopped on conflicts wrote nothing; the restore then finds no backup and does nothing.
                record(ctx, { id: `${target.vmId}/dockerConfiguration`, kind: 'dockerConfiguration', label: `Docker configuration on ${target.name}` }, (signal) =>
                    compute.virtualMachineExtensions.createOrUpdate(target.resourceGroup, target.name, setupExtensionName, setupExtensionUpdate(buildRestoreExtension(), target.location, runTags(plan)), lro(signal)));
                try {
                    await poller;
                } catch (error) {
                    const conflicts = error instanceof Error ? setupConflictsIn(error.message) : undefined;
                    if (conflicts?.length) {
                        throw actionRefused(`The Docker configuration on ${target.name} conflicts with the TLS setup, so nothing was changed on the VM: ${conflicts.join('; ')}.`,
                            'Change or remove those settings on the VM (the TLS keys, "hosts" and the listeners are set by Enable Docker), then try again.');
                    }
                    throw error;
                }
                return {};
            },
        },
        {
            id: 'engineReady',
            label: 'Docker engine answering over TLS',
            dependsOn: ['virtualMachineExtension'],
            async run(ctx) {
                await waitForEngine({ address: target.publicIp, port: plan.tlsPort, tls: deps.clientTls }, { overallTimeoutMs: deps.engineTimeoutMs, signal: ctx.signal });
                return {};
            },
        },
        {
            id: 'dockerTag',
            label: `Tag ${target.name} as a Docker host`,
            dependsOn: ['engineReady'],
            kind: 'virtualMachine',
            async run(ctx) {
                // A full PUT of the model just read (what `az vm update` does): only the tags change.
                const vm = await compute.virtualMachines.get(target.resourceGroup, target.name, { abortSignal: ctx.signal });
                const tags = { ...vm.tags, ...runTags(plan), [dockerTag]: dockerTagValue({ access: 'tls', port: plan.tlsPort }) };
                await compute.virtualMachines.createOrUpdate(target.resourceGroup, target.name, { ...vm, tags }, lro(ctx.signal));
                return { output: target.vmId };
            },
        },
    );
    return nodes;
}
