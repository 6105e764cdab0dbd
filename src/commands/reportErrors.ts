import { parseError, registerErrorHandler, type IActionContext, type IErrorHandlerContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { azureSupportId } from '../azure/requestLog';
import type { Services } from './services';

/** Adds the Show Log button to an error notification the command shows itself. */
export function offerShowLog(context: IActionContext, services: Services): void {
    const title = vscode.l10n.t('Show Log');
    if (!context.errorHandling.buttons?.some((b) => b.title === title)) {
        context.errorHandling.buttons = [...(context.errorHandling.buttons ?? []), { title, callback: async () => services.output.show() }];
    }
}

/**
 * Every failed command: its message is written to the log at error level; an Azure error's message
 * ends with the correlation id Azure support asks for; the notification offers Show Log.
 */
export function registerErrorReporting(services: Services): vscode.Disposable {
    return registerErrorHandler((context: IErrorHandlerContext) => {
        const error = context.error;
        const parsed = parseError(error);
        if (parsed.isUserCancelledError) {
            return;
        }
        const supportId = azureSupportId(error);
        const shown = supportId ? vscode.l10n.t('{0} For Azure support: correlation id {1}.', parsed.message, supportId) : parsed.message;
        services.output.error(vscode.l10n.t('Command {0} failed: {1}', context.callbackId, shown));
        if (supportId) {
            // The notification shows the message of context.error.
            context.error = new Error(shown, { cause: error });
        }
        offerShowLog(context, services);
    });
}
