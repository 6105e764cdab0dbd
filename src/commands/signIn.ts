import type { IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { Services } from './services';

/** Signs in with whichever source `azureDockerHosts.authentication` names, or says what is missing. */
export async function signInCommand(context: IActionContext, services: Services): Promise<void> {
    const source = services.session.source();
    switch (source.kind) {
        case 'vscode':
            if (!(await services.session.signInToVscodeAccount())) {
                return;
            }
            break;
        case 'azureCli': {
            const open = 'Open Terminal';
            const choice = await vscode.window.showInformationMessage(
                vscode.l10n.t('Azure Docker Hosts uses your Azure CLI login. Run "az login" in a terminal, then refresh the Docker Hosts view.'),
                open,
            );
            if (choice === open) {
                const terminal = vscode.window.createTerminal('Azure CLI login');
                terminal.show();
                terminal.sendText('az login');
            }
            return;
        }
        case 'environment': {
            const missing = await source.missingConfiguration();
            if (missing) {
                context.errorHandling.suppressReportIssue = true;
                throw new Error(vscode.l10n.t('{0} Or choose another source in the setting azureDockerHosts.authentication.', missing));
            }
            break;
        }
    }
    await services.tree.refresh(context);
}
