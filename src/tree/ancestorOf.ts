import type { AzExtTreeItem } from '@microsoft/vscode-azext-utils';

type ItemClass<T> = abstract new (...args: never[]) => T;

/** The row itself or the nearest row above it of the given class: a command run on a child row acts on its host or subscription. */
export function ancestorOf<T extends AzExtTreeItem>(node: AzExtTreeItem | undefined, type: ItemClass<T>): T | undefined {
    for (let n = node; n; n = n.parent) {
        if (n instanceof type) {
            return n;
        }
    }
    return undefined;
}
