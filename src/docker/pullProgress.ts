/** One line of the engine's pull stream. */
export interface RawPullMessage {
    status?: string;
    id?: string;
    progress?: string;
    progressDetail?: { current?: number; total?: number };
    error?: string;
    errorDetail?: { message?: string };
}

export interface PullProgress {
    /** The engine's words, e.g. "Downloading" or "Status: Downloaded newer image for …". */
    readonly status: string;
    /** The layer, when the message is about one. */
    readonly layer?: string;
    readonly current?: number;
    readonly total?: number;
    /** 0…1 over the layers seen so far; downloading and extracting each count half. */
    readonly fraction: number;
    /** Human text for a progress notification: "2/3 layers · Downloading 45%". */
    readonly message: string;
}

/** Folds the pull stream's messages into one overall progress. */
export class PullProgressTracker {
    private readonly layers = new Map<string, number>();
    digest?: string;
    finalStatus?: string;

    update(raw: RawPullMessage): PullProgress {
        const status = raw.status ?? '';
        const layer = raw.id && /^[0-9a-f]{12}$/.test(raw.id) ? raw.id : undefined;
        const current = raw.progressDetail?.current;
        const total = raw.progressDetail?.total;
        if (layer) {
            const ratio = current !== undefined && total ? Math.min(1, current / total) : undefined;
            const before = this.layers.get(layer) ?? 0;
            let now = before;
            switch (status) {
                case 'Downloading':
                    now = ratio !== undefined ? 0.5 * ratio : before;
                    break;
                case 'Verifying Checksum':
                case 'Download complete':
                    now = 0.5;
                    break;
                case 'Extracting':
                    now = ratio !== undefined ? 0.5 + 0.5 * ratio : Math.max(before, 0.5);
                    break;
                case 'Pull complete':
                case 'Already exists':
                case 'Pushed':
                case 'Layer already exists':
                    now = 1;
                    break;
                case 'Pushing':
                    now = ratio ?? before;
                    break;
                default:
                    if (status.startsWith('Mounted from ')) {
                        now = 1;
                    }
            }
            this.layers.set(layer, Math.max(before, now));
        }
        const digest = /^Digest: (\S+)/.exec(status);
        if (digest) {
            this.digest = digest[1];
        }
        // A push ends with "<tag>: digest: sha256:… size: N".
        const pushed = /^(\S+): digest: (sha256:[0-9a-f]{64}) size: \d+/.exec(status);
        if (pushed) {
            this.digest = pushed[2];
            this.finalStatus = `Pushed ${pushed[1]} (${pushed[2].slice(0, 19)}…)`;
        }
        if (status.startsWith('Status: ')) {
            this.finalStatus = status.slice('Status: '.length);
        }
        const values = [...this.layers.values()];
        const fraction = this.finalStatus ? 1 : values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
        const done = values.filter((v) => v === 1).length;
        const pct = current !== undefined && total ? ` ${Math.floor((100 * current) / total)}%` : '';
        const message = values.length ? `${done}/${values.length} layers · ${status}${pct}` : status;
        return { status, layer, current, total, fraction, message };
    }
}
