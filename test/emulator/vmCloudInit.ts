/**
 * What a VM's customData asks cloud-init for, read as cloud-init reads it: a `#cloud-config`
 * YAML document (a real YAML parser, so anchors, flow lists and quoting count as they would).
 * The simulation installs the packages it knows (vmStubs.ts) at first boot and records the rest.
 */
import { parse } from 'yaml';

export interface CloudConfig {
    /** The first line's kind: `#cloud-config`, a `#!` script, or something cloud-init would not run. */
    kind: 'cloud-config' | 'script' | 'other';
    packages: string[];
    packageUpdate: boolean;
    packageUpgrade: boolean;
    /** Every top-level key, so that a test sees what else it asked for. */
    keys: string[];
    /** The parsed document (cloud-config only). */
    document?: Record<string, unknown>;
}

/** Parses customData as sent to ARM (base64). Throws on a `#cloud-config` that is not valid YAML, as cloud-init refuses it. */
export function parseCustomData(customDataBase64: string | undefined): CloudConfig | undefined {
    if (customDataBase64 === undefined) {
        return undefined;
    }
    const text = Buffer.from(customDataBase64, 'base64').toString('utf8');
    const none: CloudConfig = { kind: 'other', packages: [], packageUpdate: false, packageUpgrade: false, keys: [] };
    if (text.startsWith('#!')) {
        return { ...none, kind: 'script' };
    }
    if (!/^#cloud-config\s*\n/.test(text)) {
        return none;
    }
    const parsed: unknown = parse(text);
    const document = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Record<string, unknown> : {};
    const packages = Array.isArray(document.packages) ? document.packages : [];
    return {
        kind: 'cloud-config',
        // An entry is a name or [name, version].
        packages: packages.map((p: unknown) => String(Array.isArray(p) ? p[0] : p)),
        packageUpdate: document.package_update === true,
        packageUpgrade: document.package_upgrade === true,
        keys: Object.keys(document),
        document,
    };
}
