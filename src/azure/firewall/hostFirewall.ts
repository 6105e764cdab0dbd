/**
 * A host's firewall in Azure: the NSGs in its inbound path (the NIC's and its subnet's), and the
 * three changes the extension makes to them: open a port, close a port it opened, and move its own
 * rules to a new source. It writes only to an NSG this extension created for the host (the VM's
 * run tag), and only to rules that are its own.
 */
import type { SecurityRule } from '@azure/arm-network';
import { parseResourceId, sameId } from '../resourceId';
import { provisioningTag } from '../tags';
import { actionRefused, azureActionError, getIfExists, lroOptions, type LifecycleDeps } from '../lifecycle/lifecycleDeps';
import {
    isOpenedPortRule, openedPortRuleName, planOpenPort, planSourceUpdate,
    type FirewallNsg, type OpenPortRequest, type PortProtocol, type SourceChange,
} from './portRules';

/** The NSGs in a VM's inbound path, subnet's first; each marked owned when it carries the VM's run tag. */
export async function readHostFirewall(deps: LifecycleDeps, vmId: string, signal?: AbortSignal): Promise<FirewallNsg[]> {
    const { resourceGroup, name } = parseResourceId(vmId);
    const { compute, network } = deps.clients;
    const opts = { abortSignal: signal };
    try {
        const vm = await compute.virtualMachines.get(resourceGroup, name, opts);
        const runId = vm.tags?.[provisioningTag];
        const refs = vm.networkProfile?.networkInterfaces ?? [];
        const primary = refs.find((r) => r.primary) ?? refs[0];
        if (!primary?.id) {
            return [];
        }
        const nicId = parseResourceId(primary.id);
        const nic = await network.networkInterfaces.get(nicId.resourceGroup, nicId.name, opts);
        const nsgIds: string[] = [];
        for (const config of nic.ipConfigurations ?? []) {
            const subnetId = config.subnet?.id;
            if (subnetId) {
                const vnet = parseResourceId(subnetId.replace(/\/subnets\/[^/]+$/i, ''));
                const subnet = await network.subnets.get(vnet.resourceGroup, vnet.name, subnetId.split('/').pop()!, opts);
                if (subnet.networkSecurityGroup?.id) {
                    nsgIds.push(subnet.networkSecurityGroup.id);
                }
            }
        }
        if (nic.networkSecurityGroup?.id) {
            nsgIds.push(nic.networkSecurityGroup.id);
        }
        const unique = nsgIds.filter((id, i) => nsgIds.findIndex((other) => sameId(other, id)) === i);
        const nsgs = await Promise.all(unique.map(async (id): Promise<FirewallNsg | undefined> => {
            const parsed = parseResourceId(id);
            const nsg = await getIfExists(() => network.networkSecurityGroups.get(parsed.resourceGroup, parsed.name, opts));
            return nsg ? {
                id: nsg.id ?? id,
                name: parsed.name,
                resourceGroup: parsed.resourceGroup,
                owned: runId !== undefined && nsg.tags?.[provisioningTag] === runId,
                rules: [...(nsg.securityRules ?? []), ...(nsg.defaultSecurityRules ?? [])],
            } : undefined;
        }));
        return nsgs.filter((n): n is FirewallNsg => n !== undefined);
    } catch (error) {
        throw azureActionError(error, `reading the firewall of ${name}`, deps);
    }
}

/** The NSG the extension may write to for this host, or a refusal naming the NSGs and what to do. */
export function ownedNsg(nsgs: readonly FirewallNsg[], hostName: string): FirewallNsg {
    const owned = nsgs.find((n) => n.owned);
    if (!owned) {
        const names = nsgs.map((n) => n.name).join(', ');
        throw actionRefused(
            names ? `The firewall of ${hostName} (${names}) was not created by Azure Docker Hosts, so the extension does not change it.` : `${hostName} has no network security group.`,
            'Change its rules in the Azure portal. Nothing was changed.');
    }
    return owned;
}

/** What a PUT of one rule carries: its settings, without the read-only fields of a GET. */
function customRule(rule: SecurityRule): SecurityRule {
    const copy: SecurityRule & { type?: string } = { ...rule };
    for (const readOnly of ['id', 'etag', 'provisioningState', 'type'] as const) {
        delete copy[readOnly];
    }
    return copy;
}

/** Adds the allow rule for a port; returns it. Refuses, changing nothing, what planOpenPort refuses. */
export async function openPort(deps: LifecycleDeps, vmId: string, request: OpenPortRequest, signal?: AbortSignal): Promise<SecurityRule> {
    const hostName = parseResourceId(vmId).name;
    const nsg = ownedNsg(await readHostFirewall(deps, vmId, signal), hostName);
    const rule = planOpenPort(nsg, request);
    if (typeof rule === 'string') {
        throw actionRefused(rule);
    }
    try {
        await deps.clients.network.securityRules.createOrUpdate(nsg.resourceGroup, nsg.name, rule.name!, rule, lroOptions(deps, signal));
    } catch (error) {
        throw azureActionError(error, `opening port ${request.port}/${request.protocol} on ${hostName}`, deps,
            'Another rule may have taken the same name or priority meanwhile: refresh and try again.');
    }
    return rule;
}

/** Removes the rule Open Port made for the port; any other rule, of the user's or the create's, stays. */
export async function closePort(deps: LifecycleDeps, vmId: string, port: number, protocol: PortProtocol, signal?: AbortSignal): Promise<void> {
    const hostName = parseResourceId(vmId).name;
    const nsg = ownedNsg(await readHostFirewall(deps, vmId, signal), hostName);
    const name = openedPortRuleName(port, protocol);
    const rule = nsg.rules.find((r) => r.name?.toLowerCase() === name);
    if (!rule || !isOpenedPortRule(rule)) {
        throw actionRefused(`Port ${port}/${protocol} has no rule that Azure Docker Hosts opened on ${hostName}${rule ? ` (the rule ${name} is not the extension's)` : ''}.`,
            'Only ports opened with Open Port can be closed here; change other rules in the Azure portal. Nothing was changed.');
    }
    try {
        await deps.clients.network.securityRules.delete(nsg.resourceGroup, nsg.name, name, lroOptions(deps, signal));
    } catch (error) {
        throw azureActionError(error, `closing port ${port}/${protocol} on ${hostName}`, deps);
    }
}

/** What Update Firewall would change (to show first); empty when every rule already has that source. */
export async function planFirewallUpdate(deps: LifecycleDeps, vmId: string, source: string, signal?: AbortSignal): Promise<SourceChange[]> {
    const nsgs = await readHostFirewall(deps, vmId, signal);
    ownedNsg(nsgs, parseResourceId(vmId).name);
    return planSourceUpdate(nsgs, source);
}

/** Puts each planned rule back with its new source; the rest of each rule is kept as it is. */
export async function applyFirewallUpdate(deps: LifecycleDeps, changes: readonly SourceChange[], signal?: AbortSignal): Promise<void> {
    for (const change of changes) {
        const rule: SecurityRule = { ...customRule(change.rule), sourceAddressPrefix: change.to, sourceAddressPrefixes: [] };
        try {
            await deps.clients.network.securityRules.createOrUpdate(change.nsg.resourceGroup, change.nsg.name, change.rule.name!, rule, lroOptions(deps, signal));
        } catch (error) {
            throw azureActionError(error, `updating the source of rule ${change.rule.name ?? ''} in ${change.nsg.name}`, deps);
        }
    }
}
