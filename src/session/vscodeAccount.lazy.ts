// The VS Code Microsoft account through @microsoft/vscode-azext-azureauth. Bundled on its own (it
// carries @azure/identity), and loaded only when the `vscode` authentication source is used.
import { VSCodeAzureSubscriptionProvider } from '@microsoft/vscode-azext-azureauth';
import type { SubscriptionInfo, SubscriptionSource } from '../azure/subscriptions';

export function vscodeAccountSource(): SubscriptionSource & { signIn(): Promise<boolean>; dispose(): void } {
    const provider = new VSCodeAzureSubscriptionProvider();
    return {
        kind: 'vscode',
        async missingConfiguration() {
            return (await provider.isSignedIn()) ? undefined : 'You are not signed in to Azure in VS Code.';
        },
        async listSubscriptions(): Promise<SubscriptionInfo[]> {
            // Our own "Select Subscriptions…" filter applies later, so ask for all of them here.
            const subscriptions = await provider.getSubscriptions(false);
            return subscriptions
                .map((s) => ({ subscriptionId: s.subscriptionId, name: s.name, tenantId: s.tenantId, credential: s.credential }))
                .sort((a, b) => a.name.localeCompare(b.name));
        },
        signIn: () => provider.signIn(),
        dispose: () => provider.dispose(),
    };
}
