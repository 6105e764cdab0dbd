import { GenericTreeItem, type AzExtParentTreeItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { ErrorDescription } from '../azure/describeError';
import { commandIds } from '../commands/commandIds';

/** A row that names what failed and how to fix it; clicking it runs the fix when there is one. */
export function createErrorItem(parent: AzExtParentTreeItem, id: string, error: ErrorDescription): GenericTreeItem {
    const item = new GenericTreeItem(parent, {
        id,
        label: error.cause,
        description: error.fix,
        contextValue: `azureDockerHosts.error;kind=${error.kind}`,
        iconPath: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
        commandId: error.kind === 'signIn' ? commandIds.signIn : error.kind === 'forbidden' ? commandIds.selectSubscriptions : undefined,
        tooltip: error.fix ? `${error.cause}\n\n${error.fix}` : error.cause,
    });
    item.suppressMaskLabel = true;
    return item;
}
