import { AzExtTreeItem, type AzExtParentTreeItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { engineAddress } from '../../host/dockerHost';
import { publishedPortLinks, publishedPorts, type ContainerRow } from '../../docker/containerRows';
import type { PortState } from '../../azure/firewall/portRules';
import { escapeMarkdown, markdownCode } from '../../docker/markdown';
import type { ContainerSummary } from '../../docker/summaries';
import type { HostEngine } from '../../docker/hostEngines';
import { containerIcon } from './icons';

/**
 * Which container rows a command accepts, by contextValue (`<state>Container`, made in
 * docker/containerRows.ts); package.json's menus use the same states.
 */
export const containerContexts = {
    any: /Container$/,
    running: /^runningContainer$/,
    startable: /^(exited|created|dead)Container$/,
    stoppable: /^(running|paused|restarting)Container$/,
    restartable: /^(running|exited|created)Container$/,
    paused: /^pausedContainer$/,
} as const;

/** A published port's state for the user now (see azure/firewall/portRules.ts); undefined when the firewall could not be read. */
export type PortStateOf = (port: number, protocol: 'tcp' | 'udp') => PortState;

export function portStateText(state: PortState): string {
    return { open: vscode.l10n.t('open to you'), blocked: vscode.l10n.t('blocked by the firewall'), forwarded: vscode.l10n.t('forwarded') }[state];
}

/** One container; its id and contextValue carry the state, so a state change re-renders the row and its menu. */
export class ContainerItem extends AzExtTreeItem {
    public readonly contextValue: string;
    public readonly container: ContainerSummary;

    constructor(parent: AzExtParentTreeItem, row: ContainerRow, public readonly engine: HostEngine, private readonly portStateOf?: PortStateOf) {
        super(parent);
        this.id = row.id;
        this.contextValue = row.contextValue;
        const ports = publishedPorts(row.container);
        const shown = ports.map((p) => (portStateOf ? `${p.label} ${portStateText(portStateOf(p.publicPort, p.protocol))}` : p.label));
        this.description = [row.description, ...shown].join(' · ');
        this.iconPath = containerIcon(row.icon);
        this.container = row.container;
        this.suppressMaskLabel = true;
    }

    public get label(): string {
        return this.container.name;
    }

    /** Built on hover only: published ports as links to the host's public address, mounts, networks. */
    public override async resolveTooltip(): Promise<vscode.MarkdownString> {
        const c = this.container;
        const address = engineAddress(this.engine.host);
        const links = address ? publishedPortLinks(c, address) : [];
        // Every engine string is escaped: a container's name, image or mount path must not become a link or markup.
        const lines = [`**${escapeMarkdown(c.name)}** — ${escapeMarkdown(c.status)}`, '', `Image: ${markdownCode(c.image)}`, `ID: ${markdownCode(c.id.slice(0, 12))}`];
        const state = (port: number, protocol: 'tcp' | 'udp') => (this.portStateOf ? ` — ${portStateText(this.portStateOf(port, protocol))}` : '');
        if (links.length > 0) {
            lines.push('', 'Ports:', ...links.map((l) => `- [${escapeMarkdown(l.label)}](${l.url})${state(l.port.publicPort, 'tcp')}`));
        }
        const udp = publishedPorts(c).filter((p) => p.protocol === 'udp');
        if (udp.length > 0) {
            lines.push('', ...udp.map((p) => `- ${escapeMarkdown(p.label)}${state(p.publicPort, 'udp')}`));
        }
        if (c.mounts.length > 0) {
            lines.push('', 'Mounts:', ...c.mounts.map((m) => `- ${markdownCode(m.source || m.type)} → ${markdownCode(m.destination)}${m.readWrite ? '' : ' (read-only)'}`));
        }
        if (c.networks.length > 0) {
            lines.push('', `Networks: ${c.networks.map(escapeMarkdown).join(', ')}`);
        }
        const markdown = new vscode.MarkdownString(lines.join('\n'));
        markdown.isTrusted = false;
        return markdown;
    }
}
