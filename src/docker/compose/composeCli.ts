// Compose is a real program: the docker CLI's plugin (v2) or docker-compose (v1). This finds which
// one is installed and builds its command line for one host, without touching the user's current
// docker context or environment.
import { spawn } from 'node:child_process';
import { dockerEnvironmentVariables, type DockerEnvironmentTarget } from '../dockerEnvironment';
import { LineSplitter } from '../lineSplitter';

export type ComposeProgram =
    | { readonly kind: 'v2'; readonly version: string }
    | { readonly kind: 'v1'; readonly version: string }
    | { readonly kind: 'missing' };

export const composeInstallUrl = 'https://docs.docker.com/compose/install/';

export class ComposeMissingError extends Error {
    constructor() {
        super(`Neither "docker compose" (the docker CLI's compose plugin) nor "docker-compose" is installed on this machine. Install one of them (${composeInstallUrl}), then try again.`);
        this.name = 'ComposeMissingError';
    }
}

/** Runs a program to completion; exit code and stdout, or undefined when it cannot be started. */
export type ProbeRunner = (command: string, args: readonly string[]) => Promise<{ code: number; stdout: string } | undefined>;

const probe: ProbeRunner = (command, args) =>
    new Promise((resolve) => {
        const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'], env: cleanEnvironment(process.env) });
        let stdout = '';
        child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
        child.on('error', () => resolve(undefined));
        child.on('close', (code) => resolve({ code: code ?? -1, stdout }));
    });

/** Prefers the v2 plugin, as the docker CLI's own documentation does. */
export async function detectCompose(run: ProbeRunner = probe): Promise<ComposeProgram> {
    const v2 = await run('docker', ['compose', 'version', '--short']);
    if (v2?.code === 0) {
        return { kind: 'v2', version: v2.stdout.trim() };
    }
    const v1 = await run('docker-compose', ['version', '--short']);
    if (v1?.code === 0) {
        return { kind: 'v1', version: v1.stdout.trim() };
    }
    return { kind: 'missing' };
}

export interface ComposeTarget extends DockerEnvironmentTarget {
    /** The docker CLI context for this host (v2 is pointed at it with --context). */
    readonly contextName: string;
}

export interface ComposeRequest {
    readonly action: 'up' | 'down';
    /** The compose file, absolute. */
    readonly file: string;
    readonly projectName?: string;
    readonly profiles?: readonly string[];
    /** Only these services (up only); empty or undefined: all. */
    readonly services?: readonly string[];
}

export interface ComposeInvocation {
    readonly command: string;
    readonly args: readonly string[];
    /** The whole environment of the process. */
    readonly env: Readonly<Record<string, string>>;
}

/** The variables that would point the CLI elsewhere than the chosen host. */
const hostVariables = ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_TLS'];

/** The environment without the variables that would point the CLI elsewhere. */
export function cleanEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
    const clean: Record<string, string> = {};
    for (const [k, v] of Object.entries(env)) {
        if (v !== undefined && !hostVariables.includes(k)) {
            clean[k] = v;
        }
    }
    return clean;
}

export function composeInvocation(program: ComposeProgram, target: ComposeTarget, request: ComposeRequest, env: NodeJS.ProcessEnv = process.env): ComposeInvocation {
    const options = ['--file', request.file, ...(request.projectName ? ['--project-name', request.projectName] : []), ...(request.profiles ?? []).flatMap((p) => ['--profile', p])];
    const action = request.action === 'up' ? ['up', '--detach', ...(request.services ?? [])] : ['down'];
    switch (program.kind) {
        case 'v2':
            // --context for this one command: the user's current context stays as it is.
            return { command: 'docker', args: ['--context', target.contextName, 'compose', ...options, ...action], env: cleanEnvironment(env) };
        case 'v1': {
            // Python's requests lets these replace the host's CA given by DOCKER_CERT_PATH, so the
            // engine's certificate would fail to verify; v1 talks only to the engine, which pulls.
            const v1Env = cleanEnvironment(env);
            delete v1Env.REQUESTS_CA_BUNDLE;
            delete v1Env.CURL_CA_BUNDLE;
            return { command: 'docker-compose', args: [...options, ...action], env: { ...v1Env, ...dockerEnvironmentVariables(target) } };
        }
        case 'missing':
            throw new ComposeMissingError();
    }
}

/** Runs compose, passing its output on line by line; cancel ends the process. Resolves with its exit code. */
export function runCompose(invocation: ComposeInvocation, options: { readonly cwd: string; readonly onLine: (line: string) => void; readonly signal?: AbortSignal }): Promise<number> {
    return new Promise((resolve, reject) => {
        const child = spawn(invocation.command, [...invocation.args], { cwd: options.cwd, env: invocation.env, stdio: ['ignore', 'pipe', 'pipe'], signal: options.signal, killSignal: 'SIGTERM' });
        for (const stream of [child.stdout, child.stderr]) {
            const lines = new LineSplitter();
            stream.on('data', (b: Buffer) => lines.push(b).forEach(options.onLine));
            stream.on('end', () => {
                const rest = lines.flush();
                if (rest !== undefined) {
                    options.onLine(rest);
                }
            });
        }
        child.on('error', reject);
        child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : -1)));
    });
}
