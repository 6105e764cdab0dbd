import { GenericTreeItem, type AzExtParentTreeItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { ErrorDescription } from '../azure/describeError';
import { commandIds } from '../commandIds';

/** What a row says went wrong: the Azure and the engine descriptions both fit. */
export interface RowError {
    readonly cause: string;
    readonly fix?: string;
    readonly kind: string;
}

function fixCommand(error: RowError): string | undefined {
    switch (error.kind as ErrorDescription['kind']) {
        case 'signIn':
            return commandIds.signIn;
        case 'forbidden':
            return commandIds.selectSubscriptions;
        default:
            return undefined;
    }
}

/** A row that names what failed and how to fix it; clicking it runs the fix (or `commandId`) when there is one. */
export function createErrorItem(parent: AzExtParentTreeItem, id: string, error: RowError, commandId = fixCommand(error)): GenericTreeItem {
    const item = new GenericTreeItem(parent, {
        id,
        label: error.cause,
        description: error.fix,
        contextValue: `azureDockerHosts.error;kind=${error.kind}`,
        iconPath: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
        commandId,
        tooltip: error.fix ? `${error.cause}\n\n${error.fix}` : error.cause,
    });
    item.suppressMaskLabel = true;
    return item;
}
