/** An AbortController that also follows an outer signal (already aborted: aborted at once). */
export function linkedAbort(outer: AbortSignal | undefined): { controller: AbortController; unlink(): void } {
    const controller = new AbortController();
    if (!outer) {
        return { controller, unlink: () => undefined };
    }
    const follow = () => controller.abort(outer.reason);
    if (outer.aborted) {
        follow();
    } else {
        outer.addEventListener('abort', follow, { once: true });
    }
    return { controller, unlink: () => outer.removeEventListener('abort', follow) };
}
