import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { ancestorOf } from '../ancestorOf';
import { EngineGroupItem } from './EngineGroupItem';

/**
 * Refreshes the groups (Containers, Images, …) a command changed. A host whose event stream runs
 * refreshes them by itself: refreshing here too would re-render the rows a second time, while the
 * user may already be right-clicking one of them.
 */
export async function refreshAfterAction(context: IActionContext, changed: readonly (AzExtTreeItem | undefined)[]): Promise<void> {
    const groups = new Set(changed.map((item) => ancestorOf(item, EngineGroupItem)).filter((g): g is EngineGroupItem => g !== undefined && !g.engine.watching));
    await Promise.all([...groups].map((g) => g.refreshFromEngine(context)));
}
