import type { Duplex } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type Dockerode from 'dockerode';
import { EngineError } from './describeEngineError';
import type { EngineClient } from './engineClient';

export interface Disposable {
    dispose(): void;
}

export interface ShellOptions {
    readonly cols: number;
    readonly rows: number;
    /** Tried in order; the first that exists in the container wins. Default bash, then sh. */
    readonly shells?: readonly string[];
    readonly user?: string;
    readonly workingDir?: string;
    /** Extra KEY=value entries; TERM is set to xterm-256color unless given. */
    readonly env?: readonly string[];
    readonly signal?: AbortSignal;
}

/** An interactive shell in a container over a TTY exec (what a Pseudoterminal sits on). */
export interface ShellSession {
    /** The shell that started, e.g. "sh" when the container has no bash. */
    readonly shell: string;
    write(data: string | Buffer): void;
    /** Output as text. What arrived before the first listener is delivered to it. */
    onData(listener: (data: string) => void): Disposable;
    /** The exit code, or undefined when the connection was lost before it could be read. */
    onExit(listener: (code: number | undefined) => void): Disposable;
    resize(cols: number, rows: number): Promise<void>;
    /** Closes the connection (the shell sees end of input). */
    close(): void;
}

// runc's words when the program does not exist; exit codes 126/127 alone could be the shell's own.
const missingProgram = /executable file not found|no such file or directory|not found in \$PATH/i;
const probeIntervalMs = 50;

/** Starts the first available shell of `options.shells` with a TTY of the given size. */
export async function openShell(client: EngineClient, containerId: string, options: ShellOptions): Promise<ShellSession> {
    const shells = options.shells ?? ['bash', 'sh'];
    const missing: string[] = [];
    for (const shell of shells) {
        const started = await startShell(client, containerId, shell, options);
        if (started.kind === 'missing') {
            missing.push(`${shell}: ${started.message}`);
            continue;
        }
        return started.session;
    }
    throw new EngineError({
        kind: 'other',
        cause: `No shell could start in the container: ${missing.join('; ')}.`,
        fix: 'The image has none of these shells; run a command with a shell-less tool, or use an image that has sh.',
        unreachable: false,
    });
}

type StartResult = { kind: 'started'; session: ShellSession } | { kind: 'missing'; message: string };

async function startShell(client: EngineClient, containerId: string, shell: string, options: ShellOptions): Promise<StartResult> {
    const env = options.env ?? [];
    const exec = await client.call(
        `create a ${shell} exec`,
        (d) => d.getContainer(containerId).exec({
            Cmd: [shell],
            AttachStdin: true,
            AttachStdout: true,
            AttachStderr: true,
            Tty: true,
            Env: env.some((e) => e.startsWith('TERM=')) ? [...env] : ['TERM=xterm-256color', ...env],
            User: options.user,
            WorkingDir: options.workingDir,
        }),
        { signal: options.signal },
    );
    const controller = new AbortController();
    const socket = (await client.stream(`start ${shell}`, () => exec.start({ hijack: true, stdin: true, Tty: true }) as Promise<Duplex>, {
        signal: options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal,
    })) as Duplex;

    const decoder = new StringDecoder('utf8');
    let pending: string[] = [];
    const dataListeners = new Set<(data: string) => void>();
    const exitListeners = new Set<(code: number | undefined) => void>();
    socket.on('data', (chunk: Buffer) => {
        const text = decoder.write(chunk);
        if (!text) {
            return;
        }
        if (dataListeners.size) {
            dataListeners.forEach((l) => l(text));
        } else {
            pending.push(text);
        }
    });
    let closed = false;
    const closedPromise = new Promise<void>((resolve) => {
        socket.once('close', () => {
            closed = true;
            resolve();
        });
        // A broken connection surfaces as 'close' too; the error itself has no reader.
        socket.on('error', () => undefined);
    });

    // A missing program is not refused up front: the exec starts, runc fails, and the engine
    // writes its error into the stream and closes it. Running with a pid means the shell is up.
    const running = await new Promise<boolean>((resolve, reject) => {
        let settled = false;
        const settle = (value: boolean) => {
            if (!settled) {
                settled = true;
                resolve(value);
            }
        };
        void closedPromise.then(() => settle(false));
        const probe = async () => {
            while (!settled) {
                try {
                    const info = await client.call('inspect the exec', () => exec.inspect());
                    if (info.Running && info.Pid > 0) {
                        settle(true);
                        return;
                    }
                    if (!info.Running && info.ExitCode !== null) {
                        await closedPromise; // its output (the error) is complete once closed
                        settle(false);
                        return;
                    }
                } catch (error) {
                    if (!settled) {
                        settled = true;
                        socket.destroy();
                        reject(error);
                    }
                    return;
                }
                await new Promise((r) => setTimeout(r, probeIntervalMs));
            }
        };
        void probe();
    });

    if (!running) {
        const output = pending.join('') + decoder.end();
        const info = await client.call('inspect the exec', () => exec.inspect()).catch(() => undefined);
        if (missingProgram.test(output) && (info?.ExitCode === 126 || info?.ExitCode === 127)) {
            return { kind: 'missing', message: output.trim().split('\n')[0] };
        }
        pending = [output];
    }

    const exitCode = closedPromise.then(async () => {
        const info = await client.call('read the exit code', () => exec.inspect()).catch(() => undefined);
        return info?.ExitCode ?? undefined;
    });
    let exited: { code: number | undefined } | undefined;
    void exitCode.then((code) => {
        exited = { code };
        exitListeners.forEach((l) => l(code));
    });

    const session: ShellSession = {
        shell,
        write: (data) => {
            if (!closed) {
                socket.write(data);
            }
        },
        onData: (listener) => {
            dataListeners.add(listener);
            if (pending.length) {
                const text = pending.join('');
                pending = [];
                listener(text);
            }
            return { dispose: () => dataListeners.delete(listener) };
        },
        onExit: (listener) => {
            exitListeners.add(listener);
            if (exited) {
                listener(exited.code);
            }
            return { dispose: () => exitListeners.delete(listener) };
        },
        resize: (cols, rows) => resizeExec(client, exec, cols, rows),
        close: () => {
            if (!closed) {
                socket.end();
                socket.destroy();
            }
            controller.abort();
        },
    };
    if (running) {
        await session.resize(options.cols, options.rows).catch(() => undefined); // the shell keeps its default size
    }
    return { kind: 'started', session };
}

function resizeExec(client: EngineClient, exec: Dockerode.Exec, cols: number, rows: number): Promise<void> {
    const w = Math.max(1, Math.floor(cols));
    const h = Math.max(1, Math.floor(rows));
    return client.call('resize the terminal', () => exec.resize({ w, h }) as Promise<unknown>).then(() => undefined);
}
