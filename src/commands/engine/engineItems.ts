import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { ContainerItem } from '../../tree/engine/ContainerItem';
import { engineGroupContext, EngineGroupItem } from '../../tree/engine/EngineGroupItem';
import { EngineResourceItem } from '../../tree/engine/EngineResourceItem';
import type { Services } from '../services';

type ItemClass<T> = abstract new (...args: never[]) => T;

/**
 * The items a command acts on: the selection when it was run on one of several selected rows, the
 * row it was run on, the rows selected in the view (a row re-rendered by an engine event between
 * right-click and click arrives as nothing), or, from the palette, the host then the item, picked
 * in quick picks.
 */
export async function pickItems<T extends AzExtTreeItem>(context: IActionContext, services: Services, type: ItemClass<T>, contextValue: RegExp, node?: AzExtTreeItem, nodes?: AzExtTreeItem[]): Promise<T[]> {
    const selected = (nodes ?? []).filter((n): n is T => n instanceof type);
    if (node instanceof type) {
        return selected.includes(node) && selected.length > 1 ? selected : [node];
    }
    const inView = services.treeView.selection.filter((n): n is T => n instanceof type && contextValue.test(n.contextValue));
    if (!node && inView.length > 0) {
        return inView;
    }
    const picked = await services.tree.showTreeItemPicker<T>(contextValue, context);
    return [picked];
}

export const pickContainers = (context: IActionContext, services: Services, contextValue: RegExp, node?: AzExtTreeItem, nodes?: AzExtTreeItem[]) =>
    pickItems(context, services, ContainerItem, contextValue, node, nodes);

export const pickResources = <T>(context: IActionContext, services: Services, contextValue: RegExp, node?: AzExtTreeItem, nodes?: AzExtTreeItem[]) =>
    pickItems(context, services, EngineResourceItem, contextValue, node, nodes) as Promise<EngineResourceItem<T>[]>;

/** The group row (Images, Volumes, Networks) a group command runs on, or one picked from the palette. */
export async function pickGroup(context: IActionContext, services: Services, scope: EngineGroupItem['scope'], node?: AzExtTreeItem): Promise<EngineGroupItem> {
    if (node instanceof EngineGroupItem && node.scope === scope) {
        return node;
    }
    return services.tree.showTreeItemPicker<EngineGroupItem>(engineGroupContext(scope), context);
}
