/** Small JSON and id helpers shared by the emulator's modules. */
import { randomBytes, randomUUID } from 'node:crypto';

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject { [key: string]: Json }

export function isObject(value: unknown): value is JsonObject {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function obj(value: Json | undefined): JsonObject | undefined {
    return isObject(value) ? value : undefined;
}

export function arr(value: Json | undefined): Json[] {
    return Array.isArray(value) ? value : [];
}

export function str(value: Json | undefined): string | undefined {
    return typeof value === 'string' ? value : undefined;
}

/** A deep copy, so that views never hand out the stored objects. */
export function clone<T extends Json>(value: T): T {
    return structuredClone(value);
}

export function guid(): string {
    return randomUUID();
}

export function randomToken(bytes = 24): string {
    return randomBytes(bytes).toString('base64url');
}

/** ARM normalises locations: "West US" -> "westus". */
export function normalizeLocation(location: string): string {
    return location.replace(/\s+/g, '').toLowerCase();
}

export function sameId(a: string | undefined, b: string | undefined): boolean {
    return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** True when `id` is `parent` or a child resource of it. */
export function isUnder(id: string, parent: string): boolean {
    const i = id.toLowerCase();
    const p = parent.toLowerCase();
    return i === p || i.startsWith(p + '/');
}

/** Every `{ "id": "..." }` reference inside a stored JSON value. */
export function collectIdRefs(value: Json | undefined, into: string[] = []): string[] {
    if (Array.isArray(value)) {
        for (const item of value) {
            collectIdRefs(item, into);
        }
    } else if (isObject(value)) {
        for (const [key, child] of Object.entries(value)) {
            if (key === 'id' && typeof child === 'string') {
                into.push(child);
            } else {
                collectIdRefs(child, into);
            }
        }
    }
    return into;
}

export function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
