/**
 * Runs the extension-host suite (out/test/extension/**\/*.test.js) inside code-server:
 *   node out/test/harness/runExtensionTests.js [--vsix FILE | --no-vsix] [--grep RE] [--timeout MS]
 *
 * code-server refuses --extensionDevelopmentPath, so a companion extension (test/extension-runner)
 * is copied into the throwaway extensions dir next to the installed VSIX. Chromium opens the
 * workbench (the extension host starts only when a client connects); the runner then runs mocha
 * in the extension host and writes the results file this waits for.
 *
 * Optional hook: if out/test/extension/globalSetup.js exists, its `setup()` runs first and may
 * return { env?, settings?, workspaceDir?, teardown?() } for the code-server instance.
 *
 * Prints each result and a last line "N passed, N failed"; exits 1 on any failure, any pending test
 * (the runner forbids `.only` and pending tests too) or no tests.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openWorkbench, screenshot, withExtensionTraceLog, type Workbench } from './browser';
import { startCodeServer, type CodeServer } from './codeServer';
import { repoRoot, vsixPath } from './paths';
import { waitFor } from './wait';

export interface ExtensionTestResult {
    passed: number;
    failed: number;
    tests: Array<{ title: string; state: 'passed' | 'failed' | 'pending'; error?: string }>;
}

export interface GlobalSetup {
    env?: Record<string, string>;
    settings?: Record<string, unknown>;
    workspaceDir?: string;
    teardown?(): Promise<void> | void;
}

export interface RunOptions {
    vsixPath?: string;
    testsGlob?: string;
    grep?: string;
    timeoutMs?: number;
    /** where screenshots/logs go when the run fails. */
    artifactsDir?: string;
    /** More unpacked extensions to install beside the VSIX (the activation benchmark's empty baseline). */
    extensionDirs?: string[];
}

export async function runExtensionTests(opts: RunOptions = {}): Promise<ExtensionTestResult> {
    const root = repoRoot();
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'adh-ext-'));
    const resultsFile = path.join(work, 'results.json');
    const progressFile = `${resultsFile}.progress`;
    const testsGlob = opts.testsGlob ?? path.join(root, 'out', 'test', 'extension', '**', '*.test.js');
    const timeoutMs = opts.timeoutMs ?? 10 * 60_000;
    const artifacts = opts.artifactsDir ?? path.join(root, 'test-results', 'extension');
    let setup: GlobalSetup = {};
    let cs: CodeServer | undefined;
    let wb: Workbench | undefined;
    try {
        const setupModule = path.join(root, 'out', 'test', 'extension', 'globalSetup.js');
        if (fs.existsSync(setupModule)) {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            setup = (await require(setupModule).setup()) ?? {};
        }
        cs = await startCodeServer({
            vsixPath: opts.vsixPath,
            extensionDirs: [path.join(root, 'test', 'extension-runner'), ...(opts.extensionDirs ?? [])],
            workspaceDir: setup.workspaceDir,
            settings: setup.settings,
            env: {
                ...setup.env,
                ADH_EXTENSION_TESTS_GLOB: testsGlob,
                ADH_EXTENSION_RESULTS_FILE: resultsFile,
                ADH_MOCHA_PATH: require.resolve('mocha', { paths: [root] }),
                ...(opts.grep ? { ADH_EXTENSION_TESTS_GREP: opts.grep } : {}),
            },
        });
        // The log level a user sets with "Developer: Set Log Level…", given the web workbench's way:
        // the extension's channel keeps its trace and debug lines, which the log tests read.
        wb = await openWorkbench(withExtensionTraceLog(cs.url));
        try {
            await waitFor(`the extension-runner to write ${resultsFile}`, timeoutMs, () => (fs.existsSync(resultsFile) ? true : undefined), 250);
        } catch (err) {
            const progress = fs.existsSync(progressFile) ? fs.readFileSync(progressFile, 'utf8') : 'none: the runner never activated (is the extension host up?)';
            fs.mkdirSync(artifacts, { recursive: true });
            await screenshot(wb.page, 'timeout', artifacts).catch(() => undefined);
            fs.writeFileSync(path.join(artifacts, 'code-server.log'), cs.logs());
            fs.writeFileSync(path.join(artifacts, 'exthost.log'), cs.extensionHostLogs());
            fs.writeFileSync(path.join(artifacts, 'browser-console.log'), wb.consoleLog());
            throw new Error(`${(err as Error).message}\nrunner progress: ${progress}\nlogs in ${artifacts}`);
        }
        const result = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as ExtensionTestResult;
        // A pending test checked nothing: it fails the run, whatever the runner in the host counted.
        result.failed = result.tests.filter((t) => t.state !== 'passed').length;
        const rejections = cs.unhandledRejections();
        if (rejections.length > 0) {
            result.failed++;
            result.tests.push({ title: 'no unhandled promise rejection in the extension host', state: 'failed', error: rejections.join('\n') });
        }
        if (result.failed > 0) {
            fs.mkdirSync(artifacts, { recursive: true });
            fs.writeFileSync(path.join(artifacts, 'exthost.log'), cs.extensionHostLogs());
        }
        return result;
    } finally {
        await wb?.close().catch(() => undefined);
        await cs?.stop().catch(() => undefined);
        await setup.teardown?.();
        fs.rmSync(work, { recursive: true, force: true });
    }
}

function parseArgs(argv: string[]): RunOptions {
    const opts: RunOptions = { vsixPath: vsixPath() };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const next = () => {
            const v = argv[++i];
            if (v === undefined) {
                throw new Error(`${a} needs a value`);
            }
            return v;
        };
        if (a === '--vsix') {
            opts.vsixPath = path.resolve(next());
        } else if (a === '--no-vsix') {
            opts.vsixPath = undefined;
        } else if (a === '--grep') {
            opts.grep = next();
        } else if (a === '--timeout') {
            opts.timeoutMs = Number(next());
        } else if (a === '--glob') {
            opts.testsGlob = path.resolve(next());
        } else {
            throw new Error(`unknown argument ${a}`);
        }
    }
    if (!opts.timeoutMs && process.env.ADH_EXTENSION_TESTS_TIMEOUT_MS) {
        opts.timeoutMs = Number(process.env.ADH_EXTENSION_TESTS_TIMEOUT_MS);
    }
    return opts;
}

async function main(): Promise<number> {
    const opts = parseArgs(process.argv.slice(2));
    const started = Date.now();
    console.log(`extension tests in code-server (${opts.vsixPath ? path.basename(opts.vsixPath) : 'no VSIX'})`);
    const result = await runExtensionTests(opts);
    for (const t of result.tests) {
        const mark = t.state === 'passed' ? '✔' : t.state === 'failed' ? '✖' : '-';
        console.log(`  ${mark} ${t.title}`);
        if (t.error) {
            console.log(t.error.split('\n').map((l) => `      ${l}`).join('\n'));
        }
    }
    console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
    console.log(`${result.passed} passed, ${result.failed} failed`);
    if (result.passed + result.failed === 0) {
        console.error('no extension tests ran');
        return 1;
    }
    return result.failed > 0 ? 1 : 0;
}

if (require.main === module) {
    const onSignal = () => process.exit(130);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    main().then(
        (code) => process.exit(code),
        (err) => {
            console.error(err instanceof Error ? err.message : err);
            console.log('0 passed, 1 failed');
            process.exit(1);
        },
    );
}
