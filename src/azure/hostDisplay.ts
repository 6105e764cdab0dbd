import { escapeMarkdown } from '../docker/markdown';
import { dockerEndpoint, hostAddress, type DockerHost } from '../host/dockerHost';
import type { PowerState } from '../host/powerState';

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

/** The tooltip's lines, as Markdown; every value from Azure or the engine is escaped. */
export function hostTooltipMarkdown(host: DockerHost, extraLines: readonly string[] = []): string {
    const item = (name: string, value: string) => `- ${name}: ${escapeMarkdown(value)}`;
    const lines = [
        `**${escapeMarkdown(host.name)}**${host.legacy ? ' (legacy Docker VM extension)' : ''}`,
        '',
        item('State', stateText[host.powerState]),
        item('Size', host.size),
        item('Image', host.image),
        item('Resource group', host.resourceGroup),
        item('Location', host.location),
        item('Docker endpoint', `${dockerEndpoint(host) ?? 'no public address'} (TLS)`),
        ...extraLines.map((line) => `- ${line}`),
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
