// The build context: which files of the context folder go to the engine, by Docker's .dockerignore
// rules (the @balena/dockerignore port of Docker's matcher, never a matcher of ours), and the tar
// stream that carries them, made while it is sent.
import { promises as fs, type Stats } from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import type { PackOptions } from 'tar-fs';
import { loadDockerode } from '../loadDockerode';

/** Above this the user is asked before the upload starts. */
export const largeContextBytes = 500 * 1024 * 1024;

export interface FolderSize {
    /** Relative to the context folder, with '/' separators. */
    readonly path: string;
    readonly bytes: number;
}

export interface BuildContextPlan {
    readonly contextDir: string;
    /** The Dockerfile relative to the context, with '/' separators (what the engine is told). */
    readonly dockerfile: string;
    /** What goes into the tar, in order: kept folders, files and links, relative with '/'. */
    readonly entries: readonly string[];
    readonly files: number;
    /** The kept files' bytes (the tar adds headers and padding). */
    readonly bytes: number;
    /** The top-level folders that weigh most, heaviest first (at most three). */
    readonly biggestFolders: readonly FolderSize[];
    /** How many entries .dockerignore left out (a folder left out whole counts once). */
    readonly ignored: number;
}

/** Bad input found before anything is sent: the message says what to change. */
export class BuildInputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'BuildInputError';
    }
}

const toPosix = (p: string) => p.split(path.sep).join('/');

/**
 * Resolves the Dockerfile against the context and lists what the context sends. The Dockerfile
 * and .dockerignore are always sent, even when .dockerignore names them (Docker's rule).
 */
export async function planBuildContext(contextDir: string, dockerfilePath: string, options?: { readonly signal?: AbortSignal }): Promise<BuildContextPlan> {
    const root = path.resolve(contextDir);
    const rootStat = await fs.stat(root).catch(() => undefined);
    if (!rootStat?.isDirectory()) {
        throw new BuildInputError(`The build context "${contextDir}" is not a folder.`);
    }
    const dockerfileAbs = path.resolve(root, dockerfilePath);
    const dockerfile = toPosix(path.relative(root, dockerfileAbs));
    if (!dockerfile || dockerfile.startsWith('../') || dockerfile === '..' || path.isAbsolute(dockerfile)) {
        throw new BuildInputError(`The Dockerfile "${dockerfilePath}" is not inside the build context "${root}". Choose a context folder that contains it.`);
    }
    const dockerfileStat = await fs.stat(dockerfileAbs).catch(() => undefined);
    if (!dockerfileStat?.isFile()) {
        throw new BuildInputError(`There is no Dockerfile at "${dockerfile}" in the build context "${root}".`);
    }

    const patterns = await readDockerignore(root);
    const matcher = loadDockerode().dockerignore({ ignorecase: false }).add(patterns);
    const exceptions = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1).trim().replace(/^\/+/, ''));
    const alwaysSent = new Set([dockerfile, '.dockerignore']);

    const entries: string[] = [];
    const topLevel = new Map<string, number>();
    let files = 0;
    let bytes = 0;
    let ignored = 0;
    const keep = (rel: string, stat: Stats) => {
        entries.push(rel);
        if (stat.isFile()) {
            files++;
            bytes += stat.size;
            const slash = rel.indexOf('/');
            if (slash > 0) {
                const top = rel.slice(0, slash);
                topLevel.set(top, (topLevel.get(top) ?? 0) + stat.size);
            }
        }
    };
    const walk = async (dirRel: string): Promise<void> => {
        options?.signal?.throwIfAborted();
        const names = (await fs.readdir(path.join(root, dirRel))).sort();
        for (const name of names) {
            const rel = dirRel ? `${dirRel}/${name}` : name;
            const stat = await fs.lstat(path.join(root, rel));
            if (stat.isSocket()) {
                continue;
            }
            const excluded = !alwaysSent.has(rel) && matcher.ignores(rel);
            if (!stat.isDirectory()) {
                if (excluded) {
                    ignored++;
                } else {
                    keep(rel, stat);
                }
                continue;
            }
            if (!excluded) {
                keep(rel, stat);
                await walk(rel);
            } else if (mayHoldException(rel, exceptions, dockerfile)) {
                // Left out itself, but an exception (or the Dockerfile) may bring back something inside.
                await walk(rel);
            } else {
                ignored++;
            }
        }
    };
    await walk('');

    const biggestFolders = [...topLevel].map(([p, b]) => ({ path: p, bytes: b })).sort((a, b) => b.bytes - a.bytes).slice(0, 3);
    return { contextDir: root, dockerfile, entries, files, bytes, biggestFolders, ignored };
}

/** The patterns of <context>/.dockerignore; none when it does not exist. */
async function readDockerignore(root: string): Promise<string[]> {
    let text: string;
    try {
        text = await fs.readFile(path.join(root, '.dockerignore'), 'utf8');
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
            return [];
        }
        throw error;
    }
    return text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
}

/** Docker's walk: an excluded folder is still entered when an exception pattern could match below it. */
function mayHoldException(dirRel: string, exceptions: readonly string[], dockerfile: string): boolean {
    const prefix = `${dirRel}/`;
    return dockerfile.startsWith(prefix) || exceptions.some((p) => /[*?[\\]/.test(p) || `${p}/`.startsWith(prefix));
}

/**
 * The context as a tar stream, read from disk while it is consumed (never held whole). Owners are
 * 0:0, as the docker CLI sends them, so a COPY gives root-owned files whoever ran the editor.
 */
export function packBuildContext(plan: BuildContextPlan): Readable {
    const { tarPack } = loadDockerode();
    const options: PackOptions & { umask: number } = {
        entries: [...plan.entries],
        // The entries are the whole list: a folder entry brings only its own header.
        ignore: () => true,
        map: (header) => ({ ...header, uid: 0, gid: 0 }),
        // Modes as they are on disk, as the CLI sends them (tar-fs would apply our umask).
        umask: 0,
        // A FIFO or device in the folder is skipped rather than failing the build.
        strict: false,
    };
    return tarPack(plan.contextDir, options);
}
