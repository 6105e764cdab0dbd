/**
 * Docker CLI contexts, written in the CLI's own on-disk store (docker/cli cli/context/store):
 *   <config>/contexts/meta/<sha256(name)>/meta.json   {"Name","Metadata":{"Description",…},"Endpoints":{"docker":{"Host","SkipTLSVerify"}}}
 *   <config>/contexts/tls/<sha256(name)>/docker/{ca,cert,key}.pem
 * and `currentContext` in <config>/config.json. So `docker --context <name> …` works with no import step.
 */
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import type { ClientMaterial } from '../tls/storage';

export interface DockerContextSpec {
    readonly name: string;
    readonly description?: string;
    /** tcp://address:port, or ssh://user@host for an SSH-only host (no TLS files then). */
    readonly host: string;
    readonly tls?: ClientMaterial;
    /** The VM the context was made for, kept in the metadata so deleting the host can find it. */
    readonly vmId?: string;
}

/** An extra Metadata field; the CLI keeps unknown fields (DockerContext.AdditionalFields). */
export const vmIdField = 'AzureDockerHostsVmId';

// The CLI's rule (store.ValidateContextName); "default" is its built-in context.
const namePattern = /^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$/;
const tlsFiles = { ca: 'ca.pem', cert: 'cert.pem', key: 'key.pem' } as const;

export class DockerContextExistsError extends Error {
    constructor(readonly contextName: string) {
        super(`A docker context named "${contextName}" already exists. Choose another name, or confirm to replace it.`);
        this.name = 'DockerContextExistsError';
    }
}

/** `$DOCKER_CONFIG`, else `~/.docker`: where the CLI looks. */
export function defaultDockerConfigDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
    return env.DOCKER_CONFIG?.trim() ? env.DOCKER_CONFIG : path.join(home, '.docker');
}

/** `azure-<host>`, with anything the CLI would refuse replaced by '-'. */
export function contextNameForHost(hostName: string): string {
    return `azure-${hostName.toLowerCase().replace(/[^a-z0-9_.+-]/g, '-')}`;
}

/** The error message for an unusable name, or undefined when the CLI accepts it. */
export function validateContextName(name: string): string | undefined {
    if (name === 'default') {
        return '"default" is the docker CLI\'s built-in context; choose another name.';
    }
    if (!namePattern.test(name)) {
        return `"${name}" is not a valid docker context name: use at least 2 characters, letters, digits, "_", ".", "+" or "-", starting with a letter or digit.`;
    }
    return undefined;
}

/** The folder name the CLI uses for a context: the hex SHA-256 of its name (digest.FromString(name).Encoded()). */
export function contextStorageId(name: string): string {
    return createHash('sha256').update(name, 'utf8').digest('hex');
}

export interface ContextPaths {
    readonly metaDir: string;
    readonly metaFile: string;
    /** tls/<id>: everything the CLI removes with the context. */
    readonly tlsDir: string;
    /** tls/<id>/docker: the docker endpoint's ca.pem, cert.pem, key.pem. */
    readonly endpointTlsDir: string;
}

export function contextPaths(name: string, configDir: string = defaultDockerConfigDir()): ContextPaths {
    const id = contextStorageId(name);
    const root = path.join(configDir, 'contexts');
    const metaDir = path.join(root, 'meta', id);
    const tlsDir = path.join(root, 'tls', id);
    return { metaDir, metaFile: path.join(metaDir, 'meta.json'), tlsDir, endpointTlsDir: path.join(tlsDir, 'docker') };
}

export async function contextExists(name: string, configDir: string = defaultDockerConfigDir()): Promise<boolean> {
    return exists(contextPaths(name, configDir).metaFile);
}

/**
 * Writes the context. Refuses to replace an existing one unless `overwrite` is set (the UI asks
 * first); replacing resets its TLS files, as the CLI's ResetTLSMaterial does.
 */
export async function writeDockerContext(spec: DockerContextSpec, options: { configDir?: string; overwrite?: boolean } = {}): Promise<ContextPaths> {
    const invalid = validateContextName(spec.name);
    if (invalid) {
        throw new Error(invalid);
    }
    const configDir = options.configDir ?? defaultDockerConfigDir();
    const paths = contextPaths(spec.name, configDir);
    if (!options.overwrite && (await exists(paths.metaFile))) {
        throw new DockerContextExistsError(spec.name);
    }
    const metadata: Record<string, string> = {};
    if (spec.description) {
        metadata.Description = spec.description;
    }
    if (spec.vmId) {
        metadata[vmIdField] = spec.vmId;
    }
    const meta = { Name: spec.name, Metadata: metadata, Endpoints: { docker: { Host: spec.host, SkipTLSVerify: false } } };
    await fs.rm(paths.tlsDir, { recursive: true, force: true });
    if (spec.tls) {
        await writeContextTls(paths, spec.tls);
    }
    // Modes as the CLI creates them: metadata is not secret, TLS material is.
    await fs.mkdir(paths.metaDir, { recursive: true, mode: 0o755 });
    await writeAtomic(paths.metaFile, JSON.stringify(meta), 0o644);
    return paths;
}

/** Replaces the TLS files of an existing context (after a certificate rotation). */
export async function updateContextTls(name: string, tls: ClientMaterial, configDir: string = defaultDockerConfigDir()): Promise<void> {
    const paths = contextPaths(name, configDir);
    if (!(await exists(paths.metaFile))) {
        throw new Error(`The docker context "${name}" does not exist.`);
    }
    await writeContextTls(paths, tls);
}

/** Removes the context; if it is the current one, the CLI falls back to DOCKER_HOST (as `docker context rm -f` does). */
export async function removeContext(name: string, configDir: string = defaultDockerConfigDir()): Promise<boolean> {
    const paths = contextPaths(name, configDir);
    const existed = await exists(paths.metaDir);
    if ((await currentContext(configDir)) === name) {
        await updateConfig(configDir, (config) => void delete config.currentContext);
    }
    await fs.rm(paths.metaDir, { recursive: true, force: true });
    await fs.rm(paths.tlsDir, { recursive: true, force: true });
    return existed;
}

/** Makes the context the CLI's current one (`docker context use`); "default" clears it. Other config.json keys are kept. */
export async function useContext(name: string, configDir: string = defaultDockerConfigDir()): Promise<void> {
    if (name !== 'default' && !(await contextExists(name, configDir))) {
        throw new Error(`The docker context "${name}" does not exist. Create it first with "Create Docker Context".`);
    }
    await updateConfig(configDir, (config) => {
        if (name === 'default') {
            delete config.currentContext;
        } else {
            config.currentContext = name;
        }
    });
}

export async function currentContext(configDir: string = defaultDockerConfigDir()): Promise<string | undefined> {
    const config = await readConfig(configDir);
    return typeof config.currentContext === 'string' && config.currentContext ? config.currentContext : undefined;
}

/** The names of the contexts whose metadata says they were made for this VM. */
export async function findContextsForHost(vmId: string, configDir: string = defaultDockerConfigDir()): Promise<string[]> {
    const metaRoot = path.join(configDir, 'contexts', 'meta');
    let entries: string[];
    try {
        entries = await fs.readdir(metaRoot);
    } catch {
        return [];
    }
    const names: string[] = [];
    for (const entry of entries) {
        try {
            const meta = JSON.parse(await fs.readFile(path.join(metaRoot, entry, 'meta.json'), 'utf8')) as { Name?: unknown; Metadata?: Record<string, unknown> };
            const owner = meta.Metadata?.[vmIdField];
            if (typeof meta.Name === 'string' && typeof owner === 'string' && owner.toLowerCase() === vmId.toLowerCase()) {
                names.push(meta.Name);
            }
        } catch {
            // Not a context folder, or one the CLI itself could not read: not ours either way.
        }
    }
    return names.sort();
}

async function writeContextTls(paths: ContextPaths, tls: ClientMaterial): Promise<void> {
    await fs.mkdir(paths.endpointTlsDir, { recursive: true, mode: 0o700 });
    // mkdir leaves existing folders' modes alone, and the umask may have narrowed new ones.
    await fs.chmod(paths.tlsDir, 0o700);
    await fs.chmod(paths.endpointTlsDir, 0o700);
    await writeAtomic(path.join(paths.endpointTlsDir, tlsFiles.ca), tls.ca, 0o600);
    await writeAtomic(path.join(paths.endpointTlsDir, tlsFiles.cert), tls.cert, 0o600);
    await writeAtomic(path.join(paths.endpointTlsDir, tlsFiles.key), tls.key, 0o600);
}

type DockerConfig = Record<string, unknown>;

async function readConfig(configDir: string): Promise<DockerConfig> {
    const file = path.join(configDir, 'config.json');
    let text: string;
    try {
        text = await fs.readFile(file, 'utf8');
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
            return {};
        }
        throw error;
    }
    if (!text.trim()) {
        return {};
    }
    try {
        const parsed = JSON.parse(text) as unknown;
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
            return parsed as DockerConfig;
        }
    } catch {
        // Reported below.
    }
    throw new Error(`${file} is not a JSON object, so the docker CLI cannot read it either. Fix or remove it, then try again.`);
}

async function updateConfig(configDir: string, change: (config: DockerConfig) => void): Promise<void> {
    const file = path.join(configDir, 'config.json');
    const config = await readConfig(configDir);
    change(config);
    const mode = await fs.stat(file).then((s) => s.mode & 0o777, () => 0o600);
    await fs.mkdir(configDir, { recursive: true, mode: 0o700 });
    // The CLI saves it with tab indentation; credentials may be in it, so it is replaced atomically.
    await writeAtomic(file, `${JSON.stringify(config, null, '\t')}\n`, mode);
}

/** Write a temporary file beside the target, then rename: readers never see half a file. */
async function writeAtomic(file: string, content: string, mode: number): Promise<void> {
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await fs.open(temp, 'wx', mode);
    try {
        await handle.chmod(mode);
        await handle.writeFile(content, 'utf8');
    } finally {
        await handle.close();
    }
    try {
        await fs.rename(temp, file);
    } catch (error) {
        await fs.rm(temp, { force: true });
        throw error;
    }
}

async function exists(file: string): Promise<boolean> {
    return fs.access(file).then(() => true, () => false);
}
