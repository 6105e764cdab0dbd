import * as vscode from 'vscode';

/**
 * A view's provider that stands in until the real one is loaded, on the first read of the view.
 * It lets activation create the views without loading the tree's code (see src/extension.ts).
 */
export class LazyTreeDataProvider<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
    private real: vscode.TreeDataProvider<T> | undefined;
    private readonly changed = new vscode.EventEmitter<T | T[] | undefined | null | void>();
    private forwarding: vscode.Disposable | undefined;
    public readonly onDidChangeTreeData = this.changed.event;

    constructor(private readonly load: () => vscode.TreeDataProvider<T>) {}

    private get target(): vscode.TreeDataProvider<T> {
        if (!this.real) {
            this.real = this.load();
            this.forwarding = this.real.onDidChangeTreeData?.((e) => this.changed.fire(e));
        }
        return this.real;
    }

    getTreeItem(element: T): vscode.TreeItem | Thenable<vscode.TreeItem> {
        return this.target.getTreeItem(element);
    }

    getChildren(element?: T): vscode.ProviderResult<T[]> {
        return this.target.getChildren(element);
    }

    getParent(element: T): vscode.ProviderResult<T> {
        return this.target.getParent?.(element);
    }

    resolveTreeItem(item: vscode.TreeItem, element: T, token: vscode.CancellationToken): vscode.ProviderResult<vscode.TreeItem> {
        const resolve = this.target.resolveTreeItem;
        return resolve ? resolve.call(this.target, item, element, token) : item;
    }

    dispose(): void {
        this.forwarding?.dispose();
        this.changed.dispose();
    }
}
