import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { SourceAddress } from '../../azure/create/parseSourceAddress';
import { currentIpSource } from '../../azure/firewall/portRules';
import { openPort } from '../../azure/firewall/hostFirewall';
import type { DockerHostItem } from '../../tree/DockerHostItem';
import { askSourceAddress } from '../createDockerHost/SourceAddressStep';
import { hostTarget } from '../host/hostTarget';
import type { Services } from '../services';
import { askPort, changeFirewall, type PortChoice } from './portTarget';
import { markWalkthroughStep, walkthroughSteps } from '../../tree/walkthroughProgress';

/** Adds the NSG rule for a port, from the user's current IP unless they enter another (any address only after the warning). */
export async function openPortCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const { item } = await hostTarget(context, services, node);
    const choice = await askPort(context, node, item.host.name);
    const myIp = await services.firewalls.currentIp(true).catch(() => undefined);
    const source = await askSourceAddress(context, { port: `port ${choice.port}/${choice.protocol}` }, myIp ?? '');
    await openPortFor(context, services, item, choice, source);
}

/** Opens the port and shows the host's new state; what the core refuses is shown as it says, with nothing changed. */
export async function openPortFor(context: IActionContext, services: Services, item: DockerHostItem, choice: PortChoice, source: SourceAddress): Promise<void> {
    const deps = await services.firewalls.deps(item.host);
    const label = `${choice.port}/${choice.protocol}`;
    await changeFirewall(context, services, item, vscode.l10n.t('Opening port {0} on {1}…', label, item.host.name), (signal) =>
        openPort(deps, item.host.id, { ...choice, source }, signal));
    markWalkthroughStep(walkthroughSteps.reachedApp);
    void vscode.window.showInformationMessage(vscode.l10n.t('Port {0} on {1} is open to {2}.', label, item.host.name, source.kind === 'any' ? vscode.l10n.t('any address') : source.prefix));
}

/** The user's current IP as a firewall source, or a clear error (nothing changed) when the lookup fails. */
export async function myIpSource(services: Services): Promise<SourceAddress> {
    return currentIpSource(await services.firewalls.currentIp(true));
}
