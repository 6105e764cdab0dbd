/**
 * Runs one task per key, each as soon as the tasks of its prerequisites have settled, so
 * independent ones run in parallel. A prerequisite that failed does not stop its dependents: their
 * own error then says why (e.g. "in use"). Never rejects: each key's error is in the result.
 */
export async function runInDependencyOrder(
    keys: readonly string[],
    prerequisites: (key: string) => readonly string[],
    run: (key: string) => Promise<void>,
): Promise<Map<string, unknown>> {
    const known = new Set(keys);
    const tasks = new Map<string, Promise<void>>();
    const errors = new Map<string, unknown>();
    const start = (key: string, trail: ReadonlySet<string>): Promise<void> => {
        let task = tasks.get(key);
        if (!task) {
            const path = new Set(trail).add(key);
            // A prerequisite already on the path would be a cycle: it is ignored rather than deadlocking.
            const before = prerequisites(key).filter((p) => known.has(p) && !path.has(p)).map((p) => start(p, path));
            task = Promise.all(before).then(() => run(key)).catch((error: unknown) => void errors.set(key, error));
            tasks.set(key, task);
        }
        return task;
    };
    await Promise.all(keys.map((key) => start(key, new Set())));
    return errors;
}
