import * as vscode from 'vscode';
import type { PortForward } from '../../ssh/portForward';

/** One running forward, and what it is for. */
export interface ActiveForward {
    readonly hostName: string;
    readonly containerName: string;
    readonly forward: PortForward;
}

/**
 * The forwards running in this window. Each owns its SSH connection; all of them end with the
 * window (the extension's subscriptions dispose them on deactivate).
 */
export class PortForwards implements vscode.Disposable {
    private readonly active = new Set<ActiveForward>();
    private readonly changed = new vscode.EventEmitter<void>();
    readonly onDidChange = this.changed.event;

    add(entry: ActiveForward, end: () => void): void {
        this.active.add(entry);
        this.changed.fire();
        void entry.forward.closed.then(() => {
            end();
            this.active.delete(entry);
            this.changed.fire();
        });
    }

    list(): ActiveForward[] {
        return [...this.active];
    }

    dispose(): void {
        this.active.forEach((f) => void f.forward.close());
        this.changed.dispose();
    }
}

let forwards: PortForwards | undefined;

/** The window's forwards, created on first use and disposed with the extension. */
export function portForwards(context: vscode.ExtensionContext): PortForwards {
    if (!forwards) {
        const created = new PortForwards();
        forwards = created;
        context.subscriptions.push(created, { dispose: () => (forwards = forwards === created ? undefined : forwards) });
    }
    return forwards;
}
