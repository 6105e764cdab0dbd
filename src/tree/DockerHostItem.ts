import { AzExtParentTreeItem, GenericTreeItem, type AzExtTreeItem, type IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { DockerHost } from '../host/dockerHost';
import { hostDescription, hostIcon, hostTooltipMarkdown } from '../azure/hostDisplay';
import { commandIds } from '../commandIds';
import type { EventsStatus } from '../docker/events';
import { escapeMarkdown } from '../docker/markdown';
import { engineVersion } from '../docker/operations';
import { expiringCertificates, type CertificateExpiry } from '../tls/certificateExpiry';
import type { EngineScope } from '../docker/events';
import { EngineGroupItem } from './engine/EngineGroupItem';
import type { HostEngine } from '../docker/hostEngines';
import { createErrorItem } from './errorItem';
import { forwardRegistry } from '../ssh/forwardRegistry';
import { ForwardedPortsItem } from './ForwardedPortsItem';
import { openPortsSummary, portState, rulesFromAnotherIp } from '../azure/firewall/portRules';
import type { FirewallSnapshot, HostFirewalls } from '../session/HostFirewalls';
import type { HostSchedules } from '../session/HostSchedules';
import { formatShutdownTime } from '../azure/autoShutdown/shutdownTime';
import type { PortStateOf } from './engine/ContainerItem';

export const dockerHostContext = 'azureDockerHosts.host';
/** Every host row, whatever its state: the contextValue starts with dockerHostContext. */
export const dockerHostContextPattern = new RegExp(`^${dockerHostContext}`);

/** How long a row waits for the firewall or the schedule before it shows without them (the read goes on and is cached). */
const azureWaitMs = 3000;

/** What `read` answers within a few seconds, or undefined (also when it fails): rows do not wait on Azure. */
async function readOrGiveUp<T>(read: Promise<T> | undefined): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), azureWaitMs)));
    try {
        return await Promise.race([read?.catch(() => undefined), late]);
    } finally {
        clearTimeout(timer);
    }
}

const engineScopes: readonly EngineScope[] = ['container', 'image', 'volume', 'network'];

/**
 * One Docker host VM. The power state and engine status are part of the contextValue, so the
 * menus (Start VM, Retry) follow them. Expanding it connects to the engine over TLS.
 */
export class DockerHostItem extends AzExtParentTreeItem {
    public readonly groups = new Map<EngineScope, EngineGroupItem>();
    public override childTypeLabel = 'what to browse';

    constructor(
        parent: AzExtParentTreeItem, public readonly host: DockerHost, public readonly engine: HostEngine, private readonly showDangling: () => boolean,
        private readonly certificates: CertificateExpiry = {}, private readonly firewalls?: HostFirewalls, private readonly schedules?: HostSchedules,
    ) {
        super(parent);
        this.id = host.id.toLowerCase();
        const icon = hostIcon(host.powerState);
        this.iconPath = new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
        this.suppressMaskLabel = true;
        this.description = this.describe();
    }

    public get label(): string {
        return this.host.name;
    }

    public get contextValue(): string {
        const engine = this.engine.status.state === 'unreachable' ? ';engine=unreachable' : this.engine.status.state === 'connected' ? ';engine=connected' : '';
        // certs=expiring shows Rotate TLS Certificates inline on the row.
        const certs = this.expiring().length > 0 ? ';certs=expiring' : '';
        // access=ssh hides Rotate TLS Certificates: an SSH-only engine has no certificates.
        const access = this.host.engineAccess === 'ssh' ? ';access=ssh' : '';
        return `${dockerHostContext};state=${this.host.powerState}${this.host.legacy ? ';legacy' : ''}${engine}${certs}${access}`;
    }

    private expiring(): ('client' | 'server')[] {
        return expiringCertificates(this.certificates, new Date());
    }

    private describe(): string {
        const status = this.engine.status;
        const expiring = this.expiring();
        const soonest = expiring.map((which) => this.certificates[which]!).sort((a, b) => a.getTime() - b.getTime())[0];
        const warning = soonest ? vscode.l10n.t(' · ⚠ TLS certificate expires {0}', soonest.toISOString().slice(0, 10)) : '';
        return this.describeEngine(status) + warning;
    }

    private describeEngine(status: HostEngine['status']): string {
        const base = hostDescription(this.host);
        if (status.state === 'connected') {
            return `${base} · Docker ${status.version}`;
        }
        return status.state === 'unreachable' ? `${base} · unreachable: ${status.error.kind === 'vmStopped' ? 'VM not running' : status.error.cause.split(/[.:]/)[0]}` : base;
    }

    /** Re-renders the row after the engine status changed (the stream went down or came back). */
    public showEngineStatus(): void {
        const description = this.describe();
        if (description !== this.description) {
            this.description = description;
            this.treeDataProvider.refreshUIOnly(this);
        }
    }

    public onEventsStatus(status: EventsStatus): void {
        if (status.state === 'reconnecting') {
            this.engine.setStatus({ state: 'unreachable', error: status.lastError });
        } else if (status.state === 'connected' && this.engine.status.state === 'unreachable') {
            this.engine.setStatus({ state: 'unknown' });
        }
        this.showEngineStatus();
    }

    /**
     * After the event stream reconnected: true when the host's groups are listed and the engine
     * answers again, with its status and row updated; false when the host must be read afresh.
     */
    public async engineIsBack(): Promise<boolean> {
        if (this.groups.size === 0) {
            return false;
        }
        try {
            const { version } = await engineVersion(await this.engine.getClient());
            this.engine.setStatus({ state: 'connected', version });
            this.showEngineStatus();
            return true;
        } catch {
            return false;
        }
    }

    /**
     * The host's firewall and the user's IP, or undefined when either cannot be read within a few
     * seconds: the rows then show no state rather than wait on Azure.
     */
    public firewall(): Promise<FirewallSnapshot | undefined> {
        return readOrGiveUp(this.firewalls?.get(this.host));
    }

    /** The auto-shutdown line of the tooltip, or undefined when the schedule cannot be read in time. */
    private async scheduleLine(): Promise<string | undefined> {
        const read = this.schedules?.get(this.host).then((s) => s ?? ('off' as const));
        const schedule = await readOrGiveUp(read);
        if (!schedule) {
            return undefined;
        }
        if (schedule === 'off') {
            return vscode.l10n.t('Auto-shutdown: off');
        }
        // Time and zone come from Azure: plain text, never Markdown.
        const when = vscode.l10n.t('daily at {0} ({1})', escapeMarkdown(formatShutdownTime(schedule.time)), escapeMarkdown(schedule.timeZoneId));
        return schedule.enabled ? vscode.l10n.t('Auto-shutdown: {0}', when) : vscode.l10n.t('Auto-shutdown: disabled ({0})', when);
    }

    private async portStates(): Promise<PortStateOf | undefined> {
        const snapshot = await this.firewall();
        const forwarded = this.firewalls?.forwarded;
        const options = { forwarded: forwarded && ((port: number, protocol: 'tcp' | 'udp') => forwarded(this.host.id, port, protocol)) };
        return snapshot ? (port, protocol) => portState(snapshot.nsgs, snapshot.myIp, port, protocol, options) : undefined;
    }

    public hasMoreChildrenImpl(): boolean {
        return false;
    }

    public override compareChildrenImpl(): number {
        return 0;
    }

    public async loadMoreChildrenImpl(_clearCache: boolean, _context: IActionContext): Promise<AzExtTreeItem[]> {
        this.groups.clear();
        try {
            if (!['running', 'starting', 'unknown'].includes(this.host.powerState)) {
                this.engine.setStatus({
                    state: 'unreachable',
                    error: { kind: 'vmStopped', cause: `The VM is ${this.host.powerState}, so its Docker engine is not running.`, fix: 'Start the VM to reach the engine.', unreachable: true },
                });
                return [
                    new GenericTreeItem(this, {
                        id: 'vmNotRunning',
                        label: vscode.l10n.t('The VM is {0} — start it to reach the engine', this.host.powerState),
                        contextValue: 'azureDockerHosts.vmNotRunning',
                        iconPath: new vscode.ThemeIcon('debug-start'),
                        commandId: commandIds.startVm,
                    }),
                ];
            }
            let version: string;
            try {
                const client = await this.engine.getClient();
                version = (await engineVersion(client)).version;
            } catch (error) {
                const described = await this.engine.describe(error);
                this.engine.setStatus({ state: 'unreachable', error: described });
                // A VM that turned out not to be running needs starting: retrying the connection cannot help.
                if (described.kind === 'vmStopped') {
                    return [createErrorItem(this, 'engineError', { ...described, fix: vscode.l10n.t('{0} Click to start it.', described.fix) }, commandIds.startVm)];
                }
                const retry = createErrorItem(this, 'engineError', { ...described, fix: vscode.l10n.t('{0} Click to retry.', described.fix) }, commandIds.retryHost);
                // The user moved networks: the rules still name their old IP, so the fix comes first. Read
                // afresh: a snapshot from before the move (kept a minute) would still show the old IP as theirs.
                this.firewalls?.invalidate(this.host.id);
                const snapshot = await this.firewall();
                if (snapshot && rulesFromAnotherIp(snapshot.nsgs, snapshot.myIp)) {
                    return [createErrorItem(this, 'firewallSource', {
                        kind: 'firewallSource',
                        cause: vscode.l10n.t('The firewall allows another address than yours ({0})', snapshot.myIp ?? ''),
                        fix: vscode.l10n.t('Click to run Update Firewall to My Current IP.'),
                    }, commandIds.updateFirewall), retry];
                }
                return [retry];
            }
            this.engine.setStatus({ state: 'connected', version });
            for (const scope of engineScopes) {
                this.groups.set(scope, new EngineGroupItem(this, scope, this.engine, this.showDangling, () => this.portStates()));
            }
            // Forwards run over SSH, not the engine's API; the group shows while any runs.
            const forwards = () => forwardRegistry.forHost(this.host.id);
            return [...this.groups.values(), ...(forwards().length ? [new ForwardedPortsItem(this, forwards)] : [])];
        } finally {
            this.showEngineStatus();
        }
    }

    public override async resolveTooltip(): Promise<vscode.MarkdownString> {
        const status = this.engine.status;
        const engine = status.state === 'connected' ? `Docker ${status.version}` : status.state === 'unreachable' ? `unreachable — ${status.error.cause} ${status.error.fix}` : 'not connected yet';
        const expires = (which: 'client' | 'server', label: string) => {
            const date = this.certificates[which];
            return `${label}: ${date ? date.toISOString().slice(0, 10) : vscode.l10n.t('unknown')}${this.expiring().includes(which) ? vscode.l10n.t(' — rotate the certificates soon') : ''}`;
        };
        const [snapshot, schedule] = await Promise.all([this.firewall(), this.scheduleLine()]);
        const open = snapshot ? openPortsSummary(snapshot.nsgs) : [];
        return new vscode.MarkdownString(hostTooltipMarkdown(this.host, [
            `Engine: ${escapeMarkdown(engine)}`,
            ...(snapshot ? [`${vscode.l10n.t('Open ports')}: ${open.length ? escapeMarkdown(open.join('; ')) : vscode.l10n.t('none')}`] : []),
            ...(schedule ? [schedule] : []),
            expires('client', vscode.l10n.t('Client certificate expires')),
            expires('server', vscode.l10n.t('Server certificate expires')),
        ]));
    }
}
