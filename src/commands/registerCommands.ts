import { registerCommand, type AzExtTreeItem, type IActionContext } from '@microsoft/vscode-azext-utils';
import { commandIds, hostCommandIds } from '../commandIds';
import { copyDockerEnvironment } from './copyDockerEnvironment';
import { createDockerHost } from './createDockerHost/createDockerHost';
import { engineCommands } from './engineCommands';
import { hostCommands } from './hostCommands';
import { retryHost } from './retryHost';
import { refresh } from './refresh';
import { selectSubscriptions } from './selectSubscriptions';
import type { Services } from './services';
import { signIn } from './signIn';
import { cleanUpUnfinishedCreate, keepUnfinishedCreate } from './unfinishedCreates';

/** Every command the extension contributes is registered here, and only here. */
export function registerCommands(services: Services): void {
    registerCommand(commandIds.signIn, (context: IActionContext) => signIn(context, services));
    registerCommand(commandIds.refresh, (context: IActionContext) => refresh(context, services));
    registerCommand(commandIds.refreshSubscription, (context: IActionContext, node?: AzExtTreeItem) => refresh(context, services, node));
    registerCommand(commandIds.selectSubscriptions, (context: IActionContext) => selectSubscriptions(context, services));
    registerCommand(commandIds.createDockerHost, (context: IActionContext, node?: AzExtTreeItem) => createDockerHost(context, services, node));
    registerCommand(commandIds.copyDockerEnvironment, (context: IActionContext, node?: AzExtTreeItem) => copyDockerEnvironment(context, services, node));
    registerCommand(commandIds.retryHost, (context: IActionContext, node?: AzExtTreeItem) => retryHost(context, services, node));
    registerCommand(commandIds.cleanUpUnfinishedCreate, (context: IActionContext, node?: AzExtTreeItem) => cleanUpUnfinishedCreate(context, services, node));
    registerCommand(commandIds.keepUnfinishedCreate, (context: IActionContext, node?: AzExtTreeItem) => keepUnfinishedCreate(context, services, node));
    for (const [id, command] of Object.entries(engineCommands)) {
        registerCommand(id, (context: IActionContext, node?: AzExtTreeItem, nodes?: AzExtTreeItem[]) => command(context, services, node, nodes));
    }
    for (const id of hostCommandIds) {
        registerCommand(id, (context: IActionContext, node?: AzExtTreeItem) => hostCommands[id](context, services, node));
    }
    registerCommand(commandIds.loadMore, (context: IActionContext, node: AzExtTreeItem) => services.tree.loadMore(node, context));
}
