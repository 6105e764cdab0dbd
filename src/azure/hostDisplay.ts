import { dockerEndpoint, hostAddress, type DockerHost } from './dockerHost';
import type { PowerState } from './powerState';

const stateText: Record<PowerState, string> = {
    running: 'running',
    starting: 'starting…',
    stopping: 'stopping…',
    stopped: 'stopped',
    deallocating: 'deallocating…',
    deallocated: 'deallocated',
    unknown: 'state unknown',
};

/** The row's description: power state, then the address the engine is reached at. */
export function hostDescription(host: DockerHost): string {
    const address = hostAddress(host);
    return address ? `${stateText[host.powerState]} · ${address}` : stateText[host.powerState];
}

/** The tooltip's lines, as Markdown. */
export function hostTooltipMarkdown(host: DockerHost): string {
    const lines = [
        `**${host.name}**${host.legacy ? ' (legacy Docker VM extension)' : ''}`,
        '',
        `- State: ${stateText[host.powerState]}`,
        `- Size: ${host.size}`,
        `- Image: ${host.image}`,
        `- Resource group: ${host.resourceGroup}`,
        `- Location: ${host.location}`,
        `- Docker endpoint: ${dockerEndpoint(host) ?? 'no public address'} (TLS)`,
    ];
    return lines.join('\n');
}

/** Codicon and theme colour per power state. */
export function hostIcon(state: PowerState): { id: string; color?: string } {
    switch (state) {
        case 'running':
            return { id: 'vm-running', color: 'testing.iconPassed' };
        case 'starting':
        case 'stopping':
        case 'deallocating':
            return { id: 'loading~spin' };
        case 'stopped':
            return { id: 'vm-outline', color: 'list.warningForeground' };
        case 'deallocated':
            return { id: 'vm-outline', color: 'disabledForeground' };
        default:
            return { id: 'question' };
    }
}
