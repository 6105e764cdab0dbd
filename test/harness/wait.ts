/** Waiting without fixed sleeps: poll a condition, and name what was awaited when it times out. */
import * as fs from 'node:fs';

export async function waitFor<T>(what: string, timeoutMs: number, probe: () => T | undefined | Promise<T | undefined>, intervalMs = 100): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (;;) {
        try {
            const v = await probe();
            if (v !== undefined && v !== null && (v as unknown) !== false) {
                return v;
            }
        } catch (err) {
            lastError = err;
        }
        if (Date.now() >= deadline) {
            throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`);
        }
        await new Promise((r) => setTimeout(r, intervalMs));
    }
}

/** Resolves with the file's content once it exists and is complete (non-empty, parses if .json). */
export function waitForFile(file: string, timeoutMs: number, what = file): Promise<string> {
    return waitFor(what, timeoutMs, () => {
        if (!fs.existsSync(file)) {
            return undefined;
        }
        const text = fs.readFileSync(file, 'utf8');
        if (!text) {
            return undefined;
        }
        if (file.endsWith('.json')) {
            JSON.parse(text);
        }
        return text;
    });
}
