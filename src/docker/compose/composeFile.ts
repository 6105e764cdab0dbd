// What the extension needs to know of a compose file before running compose on it: its services
// and profiles (to offer them), and the bind mounts that would refer to the VM's disk.
import { loadYaml } from './loadYaml';

export interface BindMount {
    /** The service that mounts it; undefined for a Run Image volume. */
    readonly service?: string;
    /** As written: a path on the machine that runs the container, i.e. the VM. */
    readonly source: string;
    readonly target: string;
}

export interface ComposeFileSummary {
    readonly services: readonly string[];
    readonly profiles: readonly string[];
    readonly binds: readonly BindMount[];
}

/** The file is not a compose file we can read: the message says where and why. */
export class ComposeFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'ComposeFileError';
    }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A source that names a path rather than a volume (compose's rule), including ~, $VAR and C:\ forms. */
function isPathSource(source: string): boolean {
    return /^(\.|\/|~|\$|[A-Za-z]:[\\/]|\\\\)/.test(source) || source.includes('/');
}

/**
 * Parses a short volume spec ("./data:/data:ro", "cache:/cache", "/anon") into a bind mount, or
 * undefined when it is a named or anonymous volume.
 */
export function bindOfVolumeSpec(spec: string, service?: string): BindMount | undefined {
    // A Windows drive letter is part of the source, not a separator.
    const drive = /^[A-Za-z]:[\\/]/.test(spec) ? spec.slice(0, 2) : '';
    const parts = spec.slice(drive.length).split(':');
    if (parts.length < 2) {
        return undefined;
    }
    const source = drive + parts[0];
    return isPathSource(source) ? { service, source, target: parts[1] } : undefined;
}

/** Reads a compose file's text; `fileName` only names it in messages. */
export function readComposeFile(text: string, fileName: string): ComposeFileSummary {
    const doc = loadYaml().parseDocument(text, { prettyErrors: true });
    const problem = doc.errors[0];
    if (problem) {
        const where = problem.linePos?.[0];
        throw new ComposeFileError(`${fileName}${where ? ` line ${where.line}, column ${where.col}` : ''} is not valid YAML: ${problem.message.split('\n')[0]}`);
    }
    const root: unknown = doc.toJS();
    if (!isRecord(root) || !isRecord(root.services)) {
        throw new ComposeFileError(`${fileName} is not a compose file: it has no "services" section.`);
    }
    const services = Object.keys(root.services).sort();
    const profiles = new Set<string>();
    const binds: BindMount[] = [];
    for (const name of services) {
        const service = root.services[name];
        if (!isRecord(service)) {
            throw new ComposeFileError(`${fileName}: the service "${name}" is not a mapping.`);
        }
        if (Array.isArray(service.profiles)) {
            service.profiles.filter((p): p is string => typeof p === 'string').forEach((p) => profiles.add(p));
        }
        for (const volume of Array.isArray(service.volumes) ? service.volumes : []) {
            if (typeof volume === 'string') {
                const bind = bindOfVolumeSpec(volume, name);
                if (bind) {
                    binds.push(bind);
                }
            } else if (isRecord(volume) && volume.type === 'bind' && typeof volume.source === 'string') {
                binds.push({ service: name, source: volume.source, target: String(volume.target ?? '') });
            }
        }
    }
    return { services, profiles: [...profiles].sort(), binds };
}

/** The warning shown before Up or Run: the paths are on the VM, not on this machine. */
export function bindMountWarning(binds: readonly BindMount[], hostName: string): string | undefined {
    if (!binds.length) {
        return undefined;
    }
    const list = binds.map((b) => `${b.service ? `${b.service}: ` : ''}${b.source} → ${b.target}`).join('; ');
    return `These bind mounts refer to paths on the VM ${hostName}, not on this machine; files in your workspace will not be there: ${list}.`;
}
