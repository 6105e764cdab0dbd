import * as vscode from 'vscode';

export type ProgressReporter = vscode.Progress<{ message?: string; increment?: number }>;

/** A progress notification whose Cancel button aborts the signal the work runs with; the listener ends with the work. */
export function withCancellableProgress<T>(title: string, work: (progress: ProgressReporter, signal: AbortSignal) => Promise<T>): Promise<T> {
    return Promise.resolve(
        vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
            const abort = new AbortController();
            const onCancel = token.onCancellationRequested(() => abort.abort(new Error(vscode.l10n.t('Cancelled by the user.'))));
            try {
                return await work(progress, abort.signal);
            } finally {
                onCancel.dispose();
            }
        }),
    );
}
