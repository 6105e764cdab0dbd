/**
 * @peculiar/x509 2.x resolves its algorithms through tsyringe, which refuses to load unless a
 * Reflect metadata polyfill exists. No such polyfill is a dependency here, and tsyringe only reads
 * and writes metadata on its own classes, so this minimal WeakMap-backed stand-in is enough. It is
 * installed only when nothing else (e.g. reflect-metadata in the same extension host) already did.
 * Import it before '@peculiar/x509'.
 */
type MetadataTarget = object;
type MetadataStore = Map<unknown, unknown>;

interface ReflectMetadata {
    getMetadata?(key: unknown, target: MetadataTarget): unknown;
    getOwnMetadata?(key: unknown, target: MetadataTarget): unknown;
    defineMetadata?(key: unknown, value: unknown, target: MetadataTarget): void;
}

const reflect = Reflect as typeof Reflect & ReflectMetadata;

if (typeof reflect.getMetadata !== 'function') {
    const stores = new WeakMap<MetadataTarget, MetadataStore>();
    const own = (key: unknown, target: MetadataTarget): unknown => stores.get(target)?.get(key);
    reflect.getOwnMetadata = own;
    reflect.getMetadata = (key, target) => {
        for (let t: MetadataTarget | null = target; t; t = Object.getPrototypeOf(t) as MetadataTarget | null) {
            const store = stores.get(t);
            if (store?.has(key)) {
                return store.get(key);
            }
        }
        return undefined;
    };
    reflect.defineMetadata = (key, value, target) => {
        let store = stores.get(target);
        if (!store) {
            store = new Map();
            stores.set(target, store);
        }
        store.set(key, value);
    };
}

export {};
