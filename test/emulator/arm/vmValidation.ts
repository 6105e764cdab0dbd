/**
 * What Microsoft.Compute checks on a VM PUT before accepting it. Messages quoted from real
 * responses where they are on record (NOTES.md (c), learn.microsoft.com troubleshooting pages);
 * others are marked approximate.
 */
import type { Ctx } from '../core';
import type { ResourceRecord, SubscriptionRecord } from '../state';
import { types } from '../state';
import type { JsonObject } from '../util';
import { arr, obj, str } from '../util';
import { refId } from './common';
import { ArmError, armErrors } from './errors';
import { findSku, skuRestriction, vmSkus } from './computeSkus';

const reservedUsernames = new Set([
    'administrator', 'admin', 'user', 'user1', 'test', 'user2', 'test1', 'user3', 'admin1', '1', '123', 'a',
    'actuser', 'adm', 'admin2', 'aspnet', 'backup', 'console', 'david', 'guest', 'john', 'owner', 'root',
    'server', 'sql', 'support', 'support_388945a0', 'sys', 'test2', 'test3', 'user4', 'user5',
]);

/** Platform images the emulator knows, as publisher:offer:sku (case-insensitive). */
const knownImages = [
    'Canonical:ubuntu-24_04-lts:server', 'Canonical:ubuntu-24_04-lts:server-gen1', 'Canonical:ubuntu-24_04-lts:server-arm64',
    'Canonical:ubuntu-24_04-lts:minimal', 'Canonical:0001-com-ubuntu-server-jammy:22_04-lts',
    'Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2', 'Canonical:0001-com-ubuntu-server-jammy:22_04-lts-arm64',
    'Canonical:0001-com-ubuntu-server-focal:20_04-lts', 'Canonical:0001-com-ubuntu-server-focal:20_04-lts-gen2',
    'Canonical:UbuntuServer:16.04-LTS', 'Canonical:UbuntuServer:18.04-LTS',
    'Debian:debian-12:12', 'Debian:debian-12:12-gen2', 'Debian:debian-12:12-arm64', 'Debian:debian-11:11-gen2',
    'MicrosoftWindowsServer:WindowsServer:2022-datacenter-azure-edition', 'MicrosoftWindowsServer:WindowsServer:2019-Datacenter',
].map((s) => s.toLowerCase());

export function imageUrn(image: JsonObject | undefined): string | undefined {
    if (!image || typeof image.publisher !== 'string') {
        return undefined;
    }
    return `${image.publisher}:${str(image.offer) ?? ''}:${str(image.sku) ?? ''}`;
}

export function checkImage(image: JsonObject | undefined): void {
    const urn = imageUrn(image);
    if (!image || !urn) {
        throw armErrors.invalidParameter("Required parameter 'storageProfile.imageReference' is missing (null).", 'imageReference');
    }
    if (!knownImages.includes(urn.toLowerCase())) {
        throw new ArmError(404, 'PlatformImageNotFound',
            `The platform image '${urn}:${str(image.version) ?? 'latest'}' is not available. Verify that all fields in the storage profile are correct. For more details about storage profile information, please refer to https://aka.ms/storageprofile`,
            'imageReference');
    }
}

export function osTypeOf(image: JsonObject | undefined, osDisk: JsonObject | undefined): 'Linux' | 'Windows' {
    const declared = str(osDisk?.osType);
    if (declared === 'Windows' || declared === 'Linux') {
        return declared;
    }
    return /windows/i.test(str(image?.publisher) ?? '') ? 'Windows' : 'Linux';
}

export function checkSize(sub: SubscriptionRecord, vmId: string, location: string, size: string | undefined): number {
    if (!size) {
        throw armErrors.invalidParameter("Required parameter 'hardwareProfile.vmSize' is missing (null).", 'vmSize');
    }
    const sku = findSku(size);
    if (!sku) {
        // Approximate wording.
        throw armErrors.invalidParameter(
            `The requested VM size '${size}' is not available in the current region. The sizes available in the current region are: ${vmSkus.map((s) => s.name).join(',')}.`,
            'vmSize');
    }
    if (skuRestriction(sub, sku.name, location)) {
        throw new ArmError(409, 'SkuNotAvailable',
            `The requested size for resource '${vmId}' is currently not available in location '${location}' zones '' for subscription '${sub.subscriptionId}'. Please try another size or deploy to a different location or zones. See https://aka.ms/azureskunotavailable for details.`);
    }
    return sku.vCPUs;
}

/** Regional vCPU quota: VMs that are not deallocated count (learn "error-resource-quota"). */
export function checkQuota(ctx: Ctx, sub: SubscriptionRecord, location: string, additional: number, exclude?: string): void {
    if (sub.coreQuota === undefined) {
        return;
    }
    const usage = ctx.core.state.ofType(types.vm, sub.subscriptionId)
        .filter((vm) => vm.location === location && vm.id !== exclude
            && vm.powerState !== 'deallocated' && vm.powerState !== 'deallocating')
        .reduce((sum, vm) => sum + (findSku(str(obj(vm.properties.hardwareProfile)?.vmSize) ?? '')?.vCPUs ?? 0), 0);
    if (usage + additional > sub.coreQuota) {
        throw armErrors.operationNotAllowed(
            `Operation could not be completed as it results in exceeding approved Total Regional Cores quota. Additional details - Deployment Model: Resource Manager, Location: ${location}, Current Limit: ${sub.coreQuota}, Current Usage: ${usage}, Additional Required: ${additional}, (Minimum) New Limit Required: ${usage + additional}. Submit a request for Quota increase at https://aka.ms/ProdportalCRP/#blade/Microsoft_Azure_Capacity/UsageAndQuota.ReactView by specifying parameters listed in the 'Details' section for deployment to succeed.`);
    }
}

/**
 * Checks osProfile on create (or that it did not change on update) and returns the customData and
 * the osProfile to store (without customData and adminPassword).
 */
export function checkOsProfile(
    incoming: JsonObject | undefined, existing: ResourceRecord | undefined, vmName: string, osType: 'Linux' | 'Windows',
): { stored: JsonObject; customData?: string } {
    if (existing) {
        const before = obj(existing.properties.osProfile) ?? {};
        if (incoming) {
            for (const key of ['adminUsername', 'computerName'] as const) {
                if (incoming[key] !== undefined && incoming[key] !== before[key]) {
                    throw new ArmError(409, 'PropertyChangeNotAllowed', `Changing property '${key}' is not allowed.`, key);
                }
            }
            if (incoming.customData !== undefined && incoming.customData !== existing.customData) {
                throw new ArmError(409, 'PropertyChangeNotAllowed', "Changing property 'customData' is not allowed.", 'customData');
            }
        }
        return { stored: before, customData: existing.customData };
    }
    if (!incoming) {
        throw armErrors.invalidParameter("Required parameter 'osProfile' is missing (null).", 'osProfile');
    }
    const profile: JsonObject = structuredClone(incoming);
    const admin = str(profile.adminUsername);
    if (!admin) {
        throw armErrors.invalidParameter("Required parameter 'adminUsername' is missing (null).", 'adminUsername');
    }
    if (reservedUsernames.has(admin.toLowerCase())) {
        throw armErrors.invalidParameter('The Admin Username specified is not allowed.', 'adminUsername');
    }
    const customData = str(profile.customData);
    if (profile.customData !== undefined && (customData === undefined || !isBase64(customData) || customData.length > 87380)) {
        throw armErrors.invalidParameter('Custom data in OSProfile must be in Base64 encoding and with a maximum length of 87380 characters.', 'customData');
    }
    const password = str(profile.adminPassword);
    delete profile.customData;
    delete profile.adminPassword;
    profile.computerName ??= vmName;
    if (osType === 'Linux') {
        const linux: JsonObject = obj(profile.linuxConfiguration) ?? {};
        const keys = arr(obj(linux.ssh)?.publicKeys).map(obj);
        const noPasswords = linux.disablePasswordAuthentication === true;
        if ((noPasswords && keys.length === 0) || (keys.length === 0 && !password)) {
            throw armErrors.invalidParameter('Authentication using either SSH or by user name and password must be enabled in Linux profile.', 'linuxConfiguration');
        }
        for (const key of keys) {
            if (!/^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]+/.test(str(key?.keyData) ?? '')) {
                throw armErrors.invalidParameter('The value of parameter linuxConfiguration.ssh.publicKeys.keyData is invalid.', 'linuxConfiguration.ssh.publicKeys.keyData');
            }
            if (str(key?.path) !== `/home/${admin}/.ssh/authorized_keys`) {
                throw armErrors.invalidParameter('The value of parameter linuxConfiguration.ssh.publicKeys.path is invalid.', 'linuxConfiguration.ssh.publicKeys.path');
            }
        }
        linux.provisionVMAgent ??= true;
        profile.linuxConfiguration = linux;
    } else if (!password) {
        throw armErrors.invalidParameter("Required parameter 'adminPassword' is missing (null).", 'adminPassword');
    }
    profile.secrets ??= [];
    profile.allowExtensionOperations ??= true;
    profile.requireGuestProvisionSignal ??= true;
    return { stored: profile, customData };
}

function isBase64(s: string): boolean {
    return s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s);
}

/** The VM's NICs must exist, be in its region, be provisioned, and not belong to another VM. */
export function checkNics(ctx: Ctx, vmId: string, location: string, size: string, networkProfile: JsonObject | undefined): void {
    const nics = arr(networkProfile?.networkInterfaces);
    if (nics.length === 0) {
        throw armErrors.invalidParameter("Required parameter 'networkProfile.networkInterfaces' is missing (null).", 'networkProfile');
    }
    for (const entry of nics) {
        const id = refId(entry);
        if (!id) {
            throw armErrors.invalidParameter("Required parameter 'networkInterfaces.id' is missing (null).", 'networkInterfaces');
        }
        const nic = ctx.core.state.get(id);
        if (!nic || nic.type !== types.nic || nic.location !== location) {
            throw armErrors.invalidResourceReference(id, vmId);
        }
        const state = String(nic.properties.provisioningState);
        if (state !== 'Succeeded') {
            throw armErrors.referencedNotProvisioned(nic.id, vmId, state);
        }
        if (nic.properties.enableAcceleratedNetworking === true && (size.startsWith('Standard_B') || !findSku(size))) {
            throw new ArmError(400, 'VMSizeIsNotPermittedToEnableAcceleratedNetworking',
                `Virtual Machine size ${size} is not in the allowed list of VM sizes for accelerated networking to be enabled on the VM at index 0 for VM ${vmId}. Allowed sizes: ${vmSkus.filter((s) => !s.name.startsWith('Standard_B')).map((s) => s.name).join(', ')}.`);
        }
        const other = ctx.core.state.referrers(nic.id).find((r) => r.by.type === types.vm && r.by.id.toLowerCase() !== vmId.toLowerCase());
        if (other) {
            // Approximate wording.
            throw new ArmError(400, 'NicInUse', `Network Interface ${nic.id} is used by existing resource ${other.by.id}. A network interface can be attached to one virtual machine only.`);
        }
    }
}
