import { findContextsForHost, removeContext } from '../../docker/cliContexts';
import { removeSshConfigHost } from '../../ssh/sshConfigHosts';
import { rotationStagingDir } from '../../tls/hostMaterial';
import { removeTlsMaterial } from '../../tls/storage';
import { scheduleApiVersion } from '../autoShutdown/schedule';
import { parseResourceId, sameId } from '../resourceId';
import { runInDependencyOrder } from './dependencyOrder';
import type { HostResource } from './hostResources';
import { AzureActionError, azureActionError, getIfExists, isNotFound, lroOptions, type LifecycleDeps } from './lifecycleDeps';

export interface DeleteProgress {
    readonly resource: HostResource;
    readonly phase: 'start' | 'end' | 'fail';
    readonly error?: AzureActionError;
}

export interface DeleteResourcesReport {
    readonly deleted: HostResource[];
    readonly failed: { resource: HostResource; error: AzureActionError }[];
}

export interface DeleteOptions {
    readonly signal?: AbortSignal;
    readonly onProgress?: (event: DeleteProgress) => void;
}

/**
 * Deletes the chosen resources: each after the chosen resources that use it (VM before its NIC and
 * disk, NIC before public IP, NSG and virtual network), all others at once. A resource group the
 * extension created is deleted alone, which takes what is in it along. Failures are collected,
 * never thrown half-way; what can still be deleted is.
 */
async function deleteHostResources(deps: LifecycleDeps, selection: readonly HostResource[], options: DeleteOptions = {}): Promise<DeleteResourcesReport> {
    const report: DeleteResourcesReport = { deleted: [], failed: [] };
    const emit = (event: DeleteProgress) => {
        try {
            options.onProgress?.(event);
        } catch {
            // A broken listener must not stop the deletes.
        }
    };
    const group = selection.find((r) => r.kind === 'resourceGroup' && r.createdByExtension);
    const inGroup = (r: HostResource) => !!group && r !== group && r.resourceGroup.toLowerCase() === group.resourceGroup.toLowerCase();
    const covered = selection.filter(inGroup);
    const own = selection.filter((r) => !inGroup(r) && (r.kind !== 'resourceGroup' || r === group));
    const byKey = new Map(own.map((r) => [r.id.toLowerCase(), r]));
    const chosen = new Set(selection.map((r) => r.id.toLowerCase()));
    // Whatever the group holds is deleted by the group's task, so dependents wait for that one.
    const keyOf = (id: string) => (covered.some((c) => sameId(c.id, id)) && group ? group.id.toLowerCase() : id.toLowerCase());

    const errors = await runInDependencyOrder(
        [...byKey.keys()],
        (key) => byKey.get(key)!.usedBy.map(keyOf),
        async (key) => {
            const resource = byKey.get(key)!;
            emit({ resource, phase: 'start' });
            try {
                await deleteOne(deps, resource, chosen, options.signal);
                emit({ resource, phase: 'end' });
            } catch (error) {
                const wrapped = azureActionError(error, `deleting ${resource.label}`, deps, 'Try Delete again once what the message names is resolved, or delete it in the Azure portal.');
                emit({ resource, phase: 'fail', error: wrapped });
                throw wrapped;
            }
        },
    );
    for (const resource of own) {
        const error = errors.get(resource.id.toLowerCase());
        if (error === undefined) {
            report.deleted.push(resource, ...(resource === group ? covered : []));
        } else {
            report.failed.push({ resource, error: error as AzureActionError });
            if (resource === group) {
                for (const r of covered) {
                    report.failed.push({ resource: r, error: new AzureActionError({ kind: 'other', cause: `${r.label} was to be deleted with ${group.label}, which failed.` }, { cause: error }) });
                }
            }
        }
    }
    return report;
}

async function deleteOne(deps: LifecycleDeps, resource: HostResource, chosen: ReadonlySet<string>, signal?: AbortSignal): Promise<void> {
    const { compute, network, resources } = deps.clients;
    const lro = lroOptions(deps, signal);
    const { resourceGroup: rg, name } = resource;
    const wait = async (poller: PromiseLike<unknown>) => {
        try {
            await poller;
        } catch (error) {
            // Already gone (with its VM or its group, or by hand) is what was wanted.
            if (!isNotFound(error)) {
                throw error;
            }
        }
    };
    switch (resource.kind) {
        case 'resourceGroup':
            return wait(resources.resourceGroups.delete(rg, lro));
        case 'autoShutdownSchedule':
            return wait(resources.resources.deleteById(resource.id, scheduleApiVersion, lro));
        case 'virtualMachine':
            return wait(compute.virtualMachines.delete(rg, name, lro));
        case 'osDisk':
            return wait(compute.disks.delete(rg, name, lro));
        case 'networkInterface':
            return wait(network.networkInterfaces.delete(rg, name, lro));
        case 'publicIPAddress':
            return wait(network.publicIPAddresses.delete(rg, name, lro));
        case 'networkSecurityGroup':
            await detachFromKeptNics(deps, resource, chosen, signal);
            return wait(network.networkSecurityGroups.delete(rg, name, lro));
        case 'virtualNetwork':
            return wait(network.virtualNetworks.delete(rg, name, lro));
    }
}

/** An NSG we created on a NIC that stays (an adopted VM's) must be detached before Azure lets it go. */
async function detachFromKeptNics(deps: LifecycleDeps, nsg: HostResource, chosen: ReadonlySet<string>, signal?: AbortSignal): Promise<void> {
    const network = deps.clients.network;
    for (const nicId of nsg.usedBy.filter((id) => /\/networkInterfaces\//i.test(id) && !chosen.has(id.toLowerCase()))) {
        const { resourceGroup, name } = parseResourceId(nicId);
        const nic = await getIfExists(() => network.networkInterfaces.get(resourceGroup, name, { abortSignal: signal }));
        if (nic && sameId(nic.networkSecurityGroup?.id, nsg.id)) {
            await network.networkInterfaces.createOrUpdate(resourceGroup, name, { ...nic, networkSecurityGroup: undefined }, lroOptions(deps, signal));
        }
    }
}

export interface DeleteHostOptions extends DeleteOptions {
    readonly deps: LifecycleDeps;
    readonly vmId: string;
    readonly selection: readonly HostResource[];
    /** The host's local folder (hostDir): its TLS material and host record. */
    readonly hostDir: string;
    /** The docker CLI's config folder; contexts made for the host are removed from it. */
    readonly dockerConfigDir?: string;
    /** The user's ~/.ssh/config, where an SSH-only host's managed Host block is removed. */
    readonly sshConfigFile?: string;
}

export interface DeleteHostReport extends DeleteResourcesReport {
    /** True when the TLS folder and the docker contexts were removed. */
    readonly localFilesRemoved: boolean;
    /** Why the local files were kept, when they were. */
    readonly localFilesKept?: string;
    readonly contextsRemoved: string[];
}

/**
 * Deletes the chosen resources, then, once the VM is gone, the local TLS material and any docker
 * context made for the host. While the VM still exists the files are kept: without them its engine
 * could no longer be reached.
 */
export async function deleteHost(options: DeleteHostOptions): Promise<DeleteHostReport> {
    const report = await deleteHostResources(options.deps, options.selection, options);
    const { resourceGroup, name } = parseResourceId(options.vmId);
    let vmGone: boolean;
    try {
        vmGone = !(await getIfExists(() => options.deps.clients.compute.virtualMachines.get(resourceGroup, name, { abortSignal: options.signal })));
    } catch (error) {
        const why = azureActionError(error, `checking whether VM ${name} is gone`, options.deps).message;
        return { ...report, localFilesRemoved: false, localFilesKept: `The local certificates were kept: ${why}`, contextsRemoved: [] };
    }
    if (!vmGone) {
        return { ...report, localFilesRemoved: false, localFilesKept: `VM ${name} still exists, so its local certificates (${options.hostDir}) and docker contexts were kept.`, contextsRemoved: [] };
    }
    await removeTlsMaterial(options.hostDir);
    await removeTlsMaterial(rotationStagingDir(options.hostDir));
    const contextsRemoved = await findContextsForHost(options.vmId, options.dockerConfigDir);
    for (const context of contextsRemoved) {
        await removeContext(context, options.dockerConfigDir);
    }
    await removeSshConfigHost(options.vmId, options.sshConfigFile);
    return { ...report, localFilesRemoved: true, contextsRemoved };
}
