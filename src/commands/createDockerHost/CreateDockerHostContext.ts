import type { IActionContext } from '@microsoft/vscode-azext-utils';
import type { ArmClients } from '../../azure/armClients';
import type { AutoShutdown } from '../../azure/autoShutdown/schedule';
import type { CloudConfig } from '../../azure/cloud';
import type { SourceAddress } from '../../azure/create/parseSourceAddress';
import type { EngineAccess, ImageChoice } from '../../azure/create/plan';
import type { PublicKeyFile } from '../../azure/create/sshKeyFiles';
import type { SubscriptionInfo } from '../../azure/subscriptions';

/**
 * What TlsPortStep and SourceAddressStep ask: the engine's port and who may reach it. Create Docker
 * Host VM and Enable Docker on Existing VM both ask it.
 */
export interface FirewallContext extends IActionContext {
    /** Set before the wizard starts from azureDockerHosts.createMode, or by ModeStep; always true when enabling Docker on a VM. */
    advanced?: boolean;
    /** Set by TlsPortStep (advanced) or defaulted to 2376. */
    tlsPort?: number;
    /** Set by EngineAccessStep (advanced) or from azureDockerHosts.engineAccess; Enable Docker on Existing VM leaves it unset (TLS). */
    engineAccess?: EngineAccess;
    /** Started before the wizard, so the lookup overlaps the first prompts. */
    readonly publicIpLookup: Promise<string | undefined>;
    /** Set from publicIpLookup before SourceAddressStep; undefined when the lookup failed. */
    detectedPublicIp?: string;
    /** Set by SourceAddressStep, or from detectedPublicIp in basic mode. */
    source?: SourceAddress;
}

/** What the Create Docker Host VM wizard collects. Each field says which step sets it. */
export interface CreateDockerHostContext extends FirewallContext {
    /** Set before the wizard starts. */
    readonly cloud: CloudConfig;
    /** Set before the wizard starts: the subscriptions the user may pick from. */
    readonly subscriptions: readonly SubscriptionInfo[];
    /** Set by SubscriptionStep, or before the wizard when there is one subscription or it started from a subscription's row. */
    subscription?: SubscriptionInfo;
    /** Made by SubscriptionStep (or with the preset subscription), for the steps that ask Azure. */
    clients?: ArmClients;
    /** Set by LocationStep. */
    location?: string;
    /** Set by HostNameStep: the VM name and the public IP's DNS label. */
    name?: string;
    /** Set by VmSizeStep (advanced) or defaulted. */
    vmSize?: string;
    /** Set by ImageStep (advanced) or defaulted. */
    image?: ImageChoice;
    /** Set by AdminUserStep (advanced) or defaulted. */
    adminUser?: string;
    /** Set by SshKeyStep: always asked in advanced mode; in basic mode only when no key exists or several do. */
    sshKey?: PublicKeyFile;
    /**
     * Set by SshKeyStep instead of sshKey when the user asked for a new pair: it is written only
     * once every question is answered, so Escape at a later prompt leaves nothing behind.
     */
    newSshKey?: { privateKeyPath: string; comment: string };
    /** Set by AutoShutdownStep (advanced): the daily shutdown, or null for none. */
    autoShutdown?: AutoShutdown | null;
    /** Set by ResourceGroupStep (advanced) or defaulted to a new `<name>-rg`. */
    resourceGroup?: { name: string; create: boolean };
}
