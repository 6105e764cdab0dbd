/**
 * A real VS Code for tests: code-server (VS Code's server + web workbench), run on Node 24 with a
 * fresh user-data-dir, extensions-dir and config per run. The extension host starts only when a
 * workbench client connects (see browser.ts).
 *
 * The env given here is the server's environment; the extension host inherits it, so
 * NODE_EXTRA_CA_CERTS and AZURE_* reach the extension (harness.codeServer.test.ts checks this).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './dockerd';
import { codeServerEntry, node24 } from './paths';
import { logFiles } from './extensionLog';

export interface CodeServerOptions {
    /** a .vsix to install with --install-extension. */
    vsixPath?: string;
    /** unpacked extension folders to copy into the extensions dir as publisher.name-version. */
    extensionDirs?: string[];
    /** user settings, merged over quiet test defaults. */
    settings?: Record<string, unknown>;
    /** extra environment for the server and so for the extension host. */
    env?: Record<string, string | undefined>;
    /** the folder to open; a fresh empty one when omitted. */
    workspaceDir?: string;
    /** port on 127.0.0.1; a free one when omitted. */
    port?: number;
    /** how long to wait for the server to serve; default 60 s. */
    startTimeoutMs?: number;
}

export interface CodeServer {
    /** the workbench URL, with the folder opened. */
    url: string;
    port: number;
    pid: number;
    userDataDir: string;
    extensionsDir: string;
    workspaceDir: string;
    /** code-server's stdout/stderr so far. */
    logs(): string;
    /** the extension host's log files (remote exthost), concatenated, for failure reports. */
    extensionHostLogs(): string;
    /** Lines of the extension host's log that report a promise rejection nobody handled. */
    unhandledRejections(): string[];
    /** Pids of this server's extension host processes (its process group's `--type=extensionHost`). */
    extensionHostPids(): number[];
    stop(): Promise<void>;
}

/** Settings that keep a test workbench quiet and deterministic. */
export const QUIET_SETTINGS: Record<string, unknown> = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.enableExperiments': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'security.workspace.trust.enabled': false,
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'chat.disableAIFeatures': true,
    'git.enabled': false,
    'npm.autoDetect': 'off',
    // The DOM renderer, so tests can read the terminal's text.
    'terminal.integrated.gpuAcceleration': 'off',
};

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

export async function startCodeServer(opts: CodeServerOptions = {}): Promise<CodeServer> {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'adh-cs-'));
    try {
        return await launch(base, opts);
    } catch (err) {
        if (!process.env.ADH_KEEP_TMP) {
            fs.rmSync(base, { recursive: true, force: true, maxRetries: 3 });
        }
        throw err;
    }
}

async function launch(base: string, opts: CodeServerOptions): Promise<CodeServer> {
    const userDataDir = path.join(base, 'user-data');
    const extensionsDir = path.join(base, 'extensions');
    const xdg = path.join(base, 'xdg');
    const workspaceDir = opts.workspaceDir ?? path.join(base, 'workspace');
    for (const d of [userDataDir, path.join(userDataDir, 'User'), extensionsDir, xdg, workspaceDir]) {
        fs.mkdirSync(d, { recursive: true });
    }
    fs.writeFileSync(
        path.join(userDataDir, 'User', 'settings.json'),
        JSON.stringify({ ...QUIET_SETTINGS, ...(opts.settings ?? {}) }, null, 2),
    );
    const configFile = path.join(base, 'config.yaml');
    fs.writeFileSync(configFile, 'auth: none\ncert: false\n');

    const node = node24();
    const entry = codeServerEntry();
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        PATH: `${path.dirname(node)}:${process.env.PATH ?? ''}`,
        // code-server keeps its own state under XDG dirs; keep it per run.
        XDG_CONFIG_HOME: path.join(xdg, 'config'),
        XDG_DATA_HOME: path.join(xdg, 'data'),
        // Lets tests inside the extension host find the extensions' global storage.
        ADH_TEST_USER_DATA_DIR: userDataDir,
        ...(opts.env ?? {}),
    };
    for (const k of Object.keys(env)) {
        if (env[k] === undefined) {
            delete env[k];
        }
    }
    delete env.VSCODE_IPC_HOOK_CLI;
    const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

    for (const dir of opts.extensionDirs ?? []) {
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
        fs.cpSync(dir, path.join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`.toLowerCase()), { recursive: true });
    }
    if (opts.vsixPath) {
        if (!fs.existsSync(opts.vsixPath)) {
            throw new Error(`VSIX not found: ${opts.vsixPath} (npm run package makes it)`);
        }
        const r = spawnSync(node, [entry, ...common, '--force', '--install-extension', opts.vsixPath], {
            env, encoding: 'utf8', timeout: 120_000,
        });
        if (r.status !== 0 || !/successfully installed/i.test(r.stdout ?? '')) {
            throw new Error(`code-server --install-extension ${opts.vsixPath} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
        }
    }

    const port = opts.port ?? (await freePort('127.0.0.1'));
    const args = [
        entry, ...common,
        '--auth', 'none',
        '--bind-addr', `127.0.0.1:${port}`,
        '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
        '--disable-getting-started-override', '--ignore-last-opened',
        workspaceDir,
    ];
    // Its own process group, so stop() reaches the extension host and helpers, and nothing else.
    const child = spawn(node, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    live.add(child);
    installExitHook();
    let out = '';
    const append = (b: Buffer) => {
        out = (out + b.toString()).slice(-500_000);
    };
    child.stdout!.on('data', append);
    child.stderr!.on('data', append);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.once('exit', () => live.delete(child));

    const stop = async () => {
        if (child.exitCode === null && child.signalCode === null) {
            killGroup(child.pid!, 'SIGTERM');
            const timedOut = await Promise.race([
                exited.then(() => false),
                new Promise<boolean>((r) => setTimeout(() => r(true), 10_000).unref()),
            ]);
            if (timedOut) {
                killGroup(child.pid!, 'SIGKILL');
                await exited;
            }
        }
        // Helpers (extension host, pty host) share the group and may outlive the server briefly.
        killGroup(child.pid!, 'SIGKILL');
        if (!process.env.ADH_KEEP_TMP) {
            fs.rmSync(base, { recursive: true, force: true, maxRetries: 3 });
        }
    };

    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspaceDir)}`;
    try {
        await waitServing(port, opts.startTimeoutMs ?? 60_000, () => (child.exitCode !== null || child.signalCode !== null ? out : undefined));
    } catch (err) {
        await stop();
        throw err;
    }
    return {
        url,
        port,
        pid: child.pid!,
        userDataDir,
        extensionsDir,
        workspaceDir,
        logs: () => out,
        extensionHostLogs: () => readExtensionHostLogs(userDataDir),
        unhandledRejections: () => readExtensionHostLogs(userDataDir).split('\n').filter((line) => /rejected promise not handled|unhandled (promise )?rejection/i.test(line)),
        extensionHostPids: () => processesInGroup(child.pid!).filter((p) => /--type=extensionHost/.test(p.cmdline)).map((p) => p.pid),
        stop,
    };
}

async function waitServing(port: number, timeoutMs: number, exitedWith: () => string | undefined): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
        const dead = exitedWith();
        if (dead !== undefined) {
            throw new Error(`code-server exited before serving:\n${dead.slice(-4000)}`);
        }
        try {
            const status = await new Promise<number>((resolve, reject) => {
                const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 2000 }, (res) => {
                    res.resume();
                    resolve(res.statusCode ?? 0);
                });
                req.on('timeout', () => req.destroy(new Error('timeout')));
                req.on('error', reject);
            });
            if (status === 200) {
                return;
            }
            last = `/healthz answered ${status}`;
        } catch (err) {
            last = (err as Error).message;
        }
        await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`code-server on 127.0.0.1:${port} did not serve /healthz within ${timeoutMs} ms (${last})\n${exitedWith() ?? ''}`);
}

function readExtensionHostLogs(userDataDir: string): string {
    return logFiles(userDataDir, (p) => /exthost|extensionHost/i.test(p) && p.endsWith('.log'))
        .map((p) => `--- ${p}\n${fs.readFileSync(p, 'utf8')}`)
        .join('\n');
}

/** Processes of a process group, from /proc (Linux). */
function processesInGroup(pgid: number): { pid: number; cmdline: string }[] {
    const found: { pid: number; cmdline: string }[] = [];
    for (const entry of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
        try {
            // Field 5 of stat is the process group; the command name before it may hold spaces.
            const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
            if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pgid) {
                found.push({ pid: Number(entry), cmdline: fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ') });
            }
        } catch {
            // gone meanwhile
        }
    }
    return found;
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
    try {
        process.kill(-pgid, signal);
    } catch {
        // group gone
    }
}

function installExitHook(): void {
    if (exitHookInstalled) {
        return;
    }
    exitHookInstalled = true;
    process.on('exit', () => {
        for (const c of live) {
            killGroup(c.pid!, 'SIGKILL');
        }
    });
}
