import type { IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { bindMountWarning, type BindMount } from '../docker/compose/composeFile';

/** The bind-mount guard of Compose Up and Run Image: a modal naming the paths, which are on the VM; Cancel ends the command before anything runs. */
export async function confirmBindMounts(context: IActionContext, binds: readonly BindMount[], hostName: string): Promise<void> {
    const warning = bindMountWarning(binds, hostName);
    if (warning) {
        await context.ui.showWarningMessage(warning, { modal: true }, { title: vscode.l10n.t('Continue') });
    }
}
