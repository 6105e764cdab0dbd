/**
 * Structural comparison of an emulator response with an official example response: the same keys
 * (recursively) with the same JSON types. Paths are dotted, arrays as `[]`:
 * `properties.subnets[].properties.addressPrefix`. Rules:
 * - a key in the example and not in the response is "missing", unless allowed in `missing`;
 * - a key in the response and not in the example is "extra", unless allowed in `extra` (`loose`
 *   skips this check, for machine-generated *_Gen examples whose key sets are arbitrary);
 * - types must match (string/number/boolean/object/array); an example `null` matches anything;
 * - `tags` and the paths in `maps` are free-form maps: only their type is compared;
 * - arrays of equal length are compared item by item, otherwise every response item is compared
 *   with the example's first; an empty response array where the example has items is "missing"
 *   (`path[]`), an empty example array constrains nothing.
 * Every allowance must be used at least once, so the lists stay true.
 */
export interface ShapeOptions {
    /** path -> why the emulator may omit it. */
    missing?: Record<string, string>;
    /** path -> why the emulator may add it. */
    extra?: Record<string, string>;
    loose?: boolean;
    maps?: string[];
}

export interface ShapeResult { problems: string[]; unusedAllowances: string[] }

type Value = unknown;

function kind(v: Value): string {
    return Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
}

export function compareShape(example: Value, actual: Value, opts: ShapeOptions = {}): ShapeResult {
    const problems = new Set<string>();
    const used = new Set<string>();
    const allowed = (table: Record<string, string> | undefined, path: string): boolean => {
        if (table && path in table) {
            used.add(path);
            return true;
        }
        return false;
    };
    const isMap = (path: string): boolean => path === 'tags' || path.endsWith('.tags') || (opts.maps ?? []).includes(path);
    const walk = (ex: Value, ac: Value, path: string): void => {
        if (ex === null) {
            return;
        }
        if (kind(ex) !== kind(ac)) {
            problems.add(`type ${path || '(root)'}: example ${kind(ex)}, emulator ${kind(ac)}`);
            return;
        }
        if (Array.isArray(ex) && Array.isArray(ac)) {
            const itemPath = `${path}[]`;
            if (ex.length === 0) {
                return;
            }
            if (ac.length === 0) {
                if (!allowed(opts.missing, itemPath)) {
                    problems.add(`missing ${itemPath} (the example has items, the emulator none)`);
                }
                return;
            }
            ac.forEach((item, i) => walk(ex.length === ac.length ? ex[i] : ex[0], item, itemPath));
            return;
        }
        if (typeof ex === 'object' && typeof ac === 'object' && ex !== null && ac !== null) {
            if (isMap(path)) {
                return;
            }
            const e = ex as Record<string, Value>;
            const a = ac as Record<string, Value>;
            for (const key of Object.keys(e)) {
                const child = path ? `${path}.${key}` : key;
                if (!(key in a)) {
                    if (!allowed(opts.missing, child)) {
                        problems.add(`missing ${child}`);
                    }
                } else {
                    walk(e[key], a[key], child);
                }
            }
            if (!opts.loose) {
                for (const key of Object.keys(a)) {
                    const child = path ? `${path}.${key}` : key;
                    if (!(key in e) && !allowed(opts.extra, child)) {
                        problems.add(`extra ${child}`);
                    }
                }
            }
        }
    };
    walk(example, actual, '');
    const all = [...Object.keys(opts.missing ?? {}), ...Object.keys(opts.extra ?? {})];
    return { problems: [...problems], unusedAllowances: all.filter((p) => !used.has(p)) };
}
