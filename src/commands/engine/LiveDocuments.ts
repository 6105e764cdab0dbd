import * as vscode from 'vscode';
import { LogBuffer } from '../../docker/logBuffer';

export const liveScheme = 'azureDockerHosts-live';

interface LiveDocument {
    /** Appended lines (logs), bounded; or the whole text, replaced on each sample (stats). */
    readonly lines: LogBuffer;
    replaced?: string;
    stop: () => void;
}

/**
 * Read-only documents whose text grows while a stream feeds them (logs) or is replaced on each
 * sample (stats). Closing the document stops its stream.
 */
export class LiveDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
    private readonly docs = new Map<string, LiveDocument>();
    private readonly changed = new vscode.EventEmitter<vscode.Uri>();
    private readonly pending = new Set<string>();
    private timer: NodeJS.Timeout | undefined;
    private readonly disposables: vscode.Disposable[];
    readonly onDidChange = this.changed.event;

    constructor() {
        this.disposables = [
            vscode.workspace.registerTextDocumentContentProvider(liveScheme, this),
            vscode.workspace.onDidCloseTextDocument((doc) => doc.uri.scheme === liveScheme && this.close(doc.uri)),
            this.changed,
        ];
    }

    provideTextDocumentContent(uri: vscode.Uri): string {
        const entry = this.docs.get(uri.toString());
        if (!entry) {
            return '';
        }
        if (entry.replaced !== undefined) {
            return entry.replaced;
        }
        const { dropped, maxLines, maxChars } = entry.lines;
        const notice = dropped > 0
            ? `${vscode.l10n.t('— {0} older lines are no longer shown: this view keeps the newest lines only (up to {1} lines or {2} MB of text). —', dropped.toLocaleString(), maxLines.toLocaleString(), maxChars / (1024 * 1024))}\n`
            : '';
        return notice + entry.lines.text();
    }

    /** Opens a new live document; `start` wires its stream and returns how to stop it. */
    async open(name: string, language: string, start: (doc: { append(line: string): void; replace(text: string): void }) => Promise<() => void>): Promise<vscode.TextDocument> {
        const uri = vscode.Uri.from({ scheme: liveScheme, path: `/${name}`, query: String(Date.now()) });
        const key = uri.toString();
        const entry: LiveDocument = { lines: new LogBuffer(), stop: () => undefined };
        this.docs.set(key, entry);
        entry.stop = await start({
            append: (line) => {
                entry.lines.append(line);
                this.schedule(uri);
            },
            replace: (text) => {
                entry.replaced = text;
                this.schedule(uri);
            },
        });
        const doc = await vscode.workspace.openTextDocument(uri);
        await vscode.languages.setTextDocumentLanguage(doc, language);
        await vscode.window.showTextDocument(doc, { preview: false });
        return doc;
    }

    /** Whether a live document is still streaming (tests and the Developer: reload path use it). */
    isOpen(uri: vscode.Uri): boolean {
        return this.docs.has(uri.toString());
    }

    // Many lines a second would re-render the editor for each; one update per 200 ms is enough.
    private schedule(uri: vscode.Uri): void {
        this.pending.add(uri.toString());
        this.timer ??= setTimeout(() => {
            this.timer = undefined;
            for (const key of this.pending) {
                this.changed.fire(vscode.Uri.parse(key));
            }
            this.pending.clear();
        }, 200);
    }

    private close(uri: vscode.Uri): void {
        const entry = this.docs.get(uri.toString());
        this.docs.delete(uri.toString());
        entry?.stop();
    }

    dispose(): void {
        for (const entry of this.docs.values()) {
            entry.stop();
        }
        this.docs.clear();
        clearTimeout(this.timer);
        this.disposables.forEach((d) => d.dispose());
    }
}
