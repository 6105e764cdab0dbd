import * as vscode from 'vscode';
import type { CloudConfig } from '../azure/cloud';
import { azureCliSource, environmentSource } from '../azure/credentialSources';
import type { SubscriptionSource } from '../azure/subscriptions';
import { authenticationSetting, configuredCloud } from './settings';

type VscodeAccount = ReturnType<typeof import('./vscodeAccount.lazy').vscodeAccountSource>;

/** The signed-in state: which cloud, and which credential source the setting chose. */
export class AzureSession implements vscode.Disposable {
    private vscodeAccount: VscodeAccount | undefined;

    /** Throws CloudConfigError when the cloud settings are wrong. */
    get cloud(): CloudConfig {
        return configuredCloud();
    }

    source(): SubscriptionSource {
        const cloud = this.cloud;
        switch (authenticationSetting()) {
            case 'environment':
                return environmentSource(cloud, process.env);
            case 'azureCli':
                return azureCliSource(cloud);
            default:
                return this.account();
        }
    }

    /** Signs in through the VS Code account; the other sources are configured outside VS Code. */
    async signInToVscodeAccount(): Promise<boolean> {
        return this.account().signIn();
    }

    private account(): VscodeAccount {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        this.vscodeAccount ??= (require('./vscodeAccount.lazy') as typeof import('./vscodeAccount.lazy')).vscodeAccountSource();
        return this.vscodeAccount;
    }

    dispose(): void {
        this.vscodeAccount?.dispose();
    }
}
