import type { VirtualMachine, VirtualMachineExtension } from '@azure/arm-compute';
import type { NetworkInterface, NetworkSecurityGroup, PublicIPAddress, VirtualNetwork } from '@azure/arm-network';
import type { SetupExtension } from '../../hostSetup/extensionSettings';
import { dockerTag, dockerTagValue, managedTag, provisioningTag, swarmTag } from '../tags';
import { nsgSourcePrefix } from './parseSourceAddress';
import { resourceNames, type CreateHostPlan } from './plan';

/** The tags every resource of a run carries; the VM adds the Docker tag. */
export function runTags(plan: Pick<CreateHostPlan, 'provisioningId'>): Record<string, string> {
    return { [managedTag]: 'true', [provisioningTag]: plan.provisioningId };
}

/** A swarm's resource group and VMs carry its name. */
export function swarmTags(plan: Pick<CreateHostPlan, 'swarm'>): Record<string, string> {
    return plan.swarm ? { [swarmTag]: plan.swarm.name } : {};
}

export function virtualNetworkBody(plan: CreateHostPlan): VirtualNetwork {
    return {
        location: plan.location,
        tags: runTags(plan),
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        subnets: [{ name: resourceNames(plan).subnet, addressPrefix: '10.0.0.0/24' }],
    };
}

/**
 * Only SSH and the Docker TLS port, only from the chosen source. A swarm's NSG also allows Docker
 * Swarm's ports (2377/tcp management, 7946/tcp+udp gossip, 4789/udp overlay traffic), only from
 * inside the virtual network: never from the internet.
 */
export function networkSecurityGroupBody(plan: CreateHostPlan): NetworkSecurityGroup {
    const rule = (name: string, protocol: 'Tcp' | 'Udp', port: number, priority: number, source = nsgSourcePrefix(plan.source)) => ({
        name,
        protocol,
        sourcePortRange: '*',
        destinationPortRange: String(port),
        sourceAddressPrefix: source,
        destinationAddressPrefix: '*',
        access: 'Allow' as const,
        priority,
        direction: 'Inbound' as const,
    });
    const swarmRules = plan.swarm
        ? [
            rule('allow-swarm-management', 'Tcp', 2377, 1100, 'VirtualNetwork'),
            rule('allow-swarm-gossip-tcp', 'Tcp', 7946, 1110, 'VirtualNetwork'),
            rule('allow-swarm-gossip-udp', 'Udp', 7946, 1120, 'VirtualNetwork'),
            rule('allow-swarm-overlay', 'Udp', 4789, 1130, 'VirtualNetwork'),
        ]
        : [];
    return {
        location: plan.location,
        tags: runTags(plan),
        // SSH only: the engine is reached through sshd, so no Docker port is opened at all.
        securityRules: [rule('allow-ssh', 'Tcp', 22, 1000), ...(plan.engineAccess === 'ssh' ? [] : [rule('allow-docker-tls', 'Tcp', plan.tlsPort, 1010)]), ...swarmRules],
    };
}

/** Static, so the address in the server certificate stays the host's address. */
export function publicIpBody(plan: CreateHostPlan): PublicIPAddress {
    return {
        location: plan.location,
        tags: runTags(plan),
        sku: { name: 'Standard' },
        publicIPAllocationMethod: 'Static',
        publicIPAddressVersion: 'IPv4',
        dnsSettings: { domainNameLabel: plan.name },
    };
}

export function networkInterfaceBody(plan: CreateHostPlan, ids: { subnetId: string; publicIpId: string; nsgId: string }): NetworkInterface {
    return {
        location: plan.location,
        tags: runTags(plan),
        networkSecurityGroup: { id: ids.nsgId },
        ipConfigurations: [{ name: 'ipconfig1', subnet: { id: ids.subnetId }, publicIPAddress: { id: ids.publicIpId }, privateIPAllocationMethod: 'Dynamic' }],
    };
}

/** customData is cloud-init only: it is readable on the VM and must never carry a secret. */
export function virtualMachineBody(plan: CreateHostPlan, nicId: string, cloudInit: string): VirtualMachine {
    return {
        location: plan.location,
        tags: { ...runTags(plan), [dockerTag]: dockerTagValue({ access: plan.engineAccess ?? 'tls', port: plan.tlsPort }), ...swarmTags(plan) },
        hardwareProfile: { vmSize: plan.vmSize },
        storageProfile: {
            imageReference: { publisher: plan.image.publisher, offer: plan.image.offer, sku: plan.image.sku, version: plan.image.version },
            osDisk: { name: resourceNames(plan).osDisk, createOption: 'FromImage', deleteOption: 'Delete', managedDisk: { storageAccountType: 'StandardSSD_LRS' } },
        },
        osProfile: {
            computerName: plan.name,
            adminUsername: plan.adminUser,
            customData: Buffer.from(cloudInit, 'utf8').toString('base64'),
            linuxConfiguration: {
                disablePasswordAuthentication: true,
                ssh: { publicKeys: [{ path: `/home/${plan.adminUser}/.ssh/authorized_keys`, keyData: plan.sshPublicKey }] },
            },
        },
        networkProfile: { networkInterfaces: [{ id: nicId, primary: true, deleteOption: 'Delete' }] },
    };
}

/** The setup extension's PUT body; create, rotation and adoption all send this. */
export function setupExtensionRequest(extension: SetupExtension, location: string, tags: Record<string, string>): VirtualMachineExtension {
    return {
        location,
        tags,
        publisher: extension.publisher,
        // arm-compute names the extension's type `typePropertiesType`; `type` would be dropped from the body.
        typePropertiesType: extension.type,
        typeHandlerVersion: extension.typeHandlerVersion,
        autoUpgradeMinorVersion: extension.autoUpgradeMinorVersion,
        settings: extension.settings,
        protectedSettings: extension.protectedSettings,
    };
}

export function setupExtensionBody(plan: CreateHostPlan, extension: SetupExtension): VirtualMachineExtension {
    return setupExtensionRequest(extension, plan.location, runTags(plan));
}
