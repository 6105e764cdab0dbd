/**
 * Switch Engine Access: moves an existing host between TLS on its port and SSH only. The setup
 * script runs again in the new mode (dockerd restarts with the new listeners; its data root, and so
 * its containers, images and volumes, stay), the engine must answer the new way, and only then do
 * the NSG's Docker rule, the VM's docker tag, the local material and the docker contexts follow.
 * The NSG is changed only when the host's own create made it.
 */
import type { SecurityRule } from '@azure/arm-network';
import { findContextsForHost, writeDockerContext } from '../../docker/cliContexts';
import { waitForEngine } from '../../docker/enginePing';
import { cliContextTarget, engineAddress, type DockerHost } from '../../host/dockerHost';
import { SharedSshConnection } from '../../ssh/sharedSshConnection';
import { removeSshConfigHost } from '../../ssh/sshConfigHosts';
import { issueEngineServerCert, mintHostMaterial } from '../../tls/certificates';
import { discardRotation, promoteRotation, stageRotation } from '../../tls/hostMaterial';
import { ownedNsg, readHostFirewall } from '../firewall/hostFirewall';
import { createdRuleNames } from '../firewall/portRules';
import { parseResourceId } from '../resourceId';
import { dockerTag, dockerTagValue } from '../tags';
import { engineSshTarget } from './hostSshAccess';
import { actionRefused, azureActionError, lroOptions, type LifecycleDeps } from './lifecycleDeps';
import { freeAllowPriorities } from './dockerNsgRules';
import { buildSetupExtension } from '../../hostSetup/extensionSettings';
import { pushSetupExtension } from './setupExtensionRequest';
import { writeSshDockerContext } from './sshDockerContext';
import { readPowerState } from './vmPower';

export interface SwitchEngineAccessOptions {
    readonly deps: LifecycleDeps;
    readonly host: DockerHost;
    readonly hostDir: string;
    readonly to: 'tls' | 'ssh';
    readonly engineTimeoutMs: number;
    readonly dockerConfigDir?: string;
    readonly sshConfigFile?: string;
    readonly signal?: AbortSignal;
    readonly onStep?: (step: string) => void;
}

/** Returns the docker contexts that were rewritten for the new mode. */
export async function switchEngineAccess(options: SwitchEngineAccessOptions): Promise<string[]> {
    const { deps, host, signal } = options;
    const step = (s: string) => options.onStep?.(s);
    if (host.legacy) {
        throw actionRefused(`${host.name} was set up by the retired Docker VM extension.`, 'Use "Enable Docker on Existing VM" first.');
    }
    if (host.engineAccess === options.to) {
        throw actionRefused(`The engine of ${host.name} is already reached ${options.to === 'ssh' ? 'over SSH only' : 'over TLS'}. Nothing was changed.`);
    }
    const address = engineAddress(host);
    if (!address) {
        throw actionRefused(`${host.name} has no public IP address.`, 'Start the VM, then try again.');
    }
    const power = await readPowerState(deps, host.id, signal);
    if (power !== 'running') {
        throw actionRefused(`${host.name} is ${power}, and Azure runs the setup only on a running VM.`, 'Start the VM, then try again. Nothing was changed.');
    }
    // Checked before anything changes: the NSG must be the host's own, and SSH must work for an SSH-only engine.
    const nsg = ownedNsg(await readHostFirewall(deps, host.id, signal), host.name);
    const sshRule = nsg.rules.find((r) => r.name === createdRuleNames.ssh);
    const target = await engineSshTarget(deps, host, options.hostDir, signal);
    const contexts = await findContextsForHost(host.id, options.dockerConfigDir);
    const switched: DockerHost = { ...host, engineAccess: options.to };

    if (options.to === 'ssh') {
        step('setup');
        await pushSetupExtension(deps, host, buildSetupExtension({ access: 'ssh', adminUser: target.user }), signal);
        step('engine');
        const ssh = new SharedSshConnection(target);
        try {
            await waitForEngine({ address, port: 22, ssh }, { overallTimeoutMs: options.engineTimeoutMs, signal });
        } finally {
            ssh.dispose();
        }
        step('firewall');
        await deleteRule(deps, nsg, createdRuleNames.docker, host.name, signal);
        await tagVm(deps, host, 'ssh', signal);
        for (const name of contexts) {
            await writeSshDockerContext(deps, switched, options.hostDir, name, { overwrite: true, dockerConfigDir: options.dockerConfigDir, sshConfigFile: options.sshConfigFile, signal });
        }
        return contexts;
    }

    step('certificates');
    const { ca, client } = await mintHostMaterial(host.name);
    const server = await issueEngineServerCert(ca, host.publicIp ? { fqdn: host.fqdn, publicIp: host.publicIp } : { fqdn: address });
    await stageRotation(options.hostDir, client, server.certPem);
    try {
        step('firewall');
        await putRule(deps, nsg, {
            name: createdRuleNames.docker, protocol: 'Tcp', sourcePortRange: '*', destinationPortRange: String(host.tlsPort),
            sourceAddressPrefix: sshRule?.sourceAddressPrefix ?? sshRule?.sourceAddressPrefixes?.[0],
            destinationAddressPrefix: '*', access: 'Allow', direction: 'Inbound',
            priority: freeAllowPriorities(nsg.rules.filter((r) => (r.direction ?? 'Inbound') === 'Inbound'), 1)[0],
        }, host.name, signal);
        step('setup');
        await pushSetupExtension(deps, host, buildSetupExtension({ port: host.tlsPort, caPem: ca.certPem, serverCertPem: server.certPem, serverKeyPem: server.keyPem }), signal);
        step('engine');
        await waitForEngine({ address, port: host.tlsPort, tls: client }, { overallTimeoutMs: options.engineTimeoutMs, signal });
    } catch (error) {
        await discardRotation(options.hostDir);
        throw error;
    }
    await promoteRotation(options.hostDir);
    await tagVm(deps, host, 'tls', signal);
    for (const name of contexts) {
        await writeDockerContext({ name, tls: client, ...cliContextTarget(switched) }, { configDir: options.dockerConfigDir, overwrite: true });
    }
    await removeSshConfigHost(host.id, options.sshConfigFile);
    return contexts;
}

async function putRule(deps: LifecycleDeps, nsg: { resourceGroup: string; name: string }, rule: SecurityRule, hostName: string, signal?: AbortSignal): Promise<void> {
    if (!rule.sourceAddressPrefix) {
        throw actionRefused(`The firewall of ${hostName} has no ${createdRuleNames.ssh} rule to take the Docker rule's source from.`, 'Run Update Firewall to My Current IP first. Nothing was changed.');
    }
    try {
        await deps.clients.network.securityRules.createOrUpdate(nsg.resourceGroup, nsg.name, rule.name!, rule, lroOptions(deps, signal));
    } catch (error) {
        throw azureActionError(error, `opening the Docker TLS port of ${hostName}`, deps);
    }
}

async function deleteRule(deps: LifecycleDeps, nsg: { resourceGroup: string; name: string; rules: readonly SecurityRule[] }, name: string, hostName: string, signal?: AbortSignal): Promise<void> {
    if (!nsg.rules.some((r) => r.name === name)) {
        return;
    }
    try {
        await deps.clients.network.securityRules.delete(nsg.resourceGroup, nsg.name, name, lroOptions(deps, signal));
    } catch (error) {
        throw azureActionError(error, `closing the Docker TLS port of ${hostName}`, deps);
    }
}

/** A full PUT of the model just read (what `az vm update` does): only the docker tag changes. */
async function tagVm(deps: LifecycleDeps, host: DockerHost, access: 'tls' | 'ssh', signal?: AbortSignal): Promise<void> {
    const { resourceGroup, name } = parseResourceId(host.id);
    try {
        const vm = await deps.clients.compute.virtualMachines.get(resourceGroup, name, { abortSignal: signal });
        const tags = { ...vm.tags, [dockerTag]: dockerTagValue({ access, port: host.tlsPort }) };
        await deps.clients.compute.virtualMachines.createOrUpdate(resourceGroup, name, { ...vm, tags }, lroOptions(deps, signal));
    } catch (error) {
        throw azureActionError(error, `recording the engine access on VM ${name}`, deps);
    }
}
