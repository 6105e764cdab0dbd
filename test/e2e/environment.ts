/**
 * What an e2e scenario runs against: the Azure emulator (real HTTPS, real @azure SDKs in the
 * extension), code-server with the packaged VSIX pointed at the emulator through settings and
 * environment, and Chromium showing the workbench.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { notifications, openWorkbench, screenshot, visibleTreeRows, withExtensionTraceLog, type Workbench } from '../harness/browser';
import { startCodeServer, type CodeServer } from '../harness/codeServer';
import { repoRoot, vsixPath } from '../harness/paths';
import type { LatencyProfile } from '../emulator/latencyProfile';
import { demoSeedPath, loadSeed, type Seed, type SeedSubscription } from '../emulator/seed';
import { dockerBackedVms, type DockerBackedVms } from '../emulator/dockerBackedVms';
import { startEmulator, type Emulator, type StartOptions } from '../emulator/server';

export const artifactsDir = (): string => path.join(repoRoot(), 'test-results', 'e2e');
export const docsScreenshotsDir = (): string => path.join(repoRoot(), 'docs', 'screenshots');

export interface E2eOptions {
    seed?: Seed;
    latency?: LatencyProfile;
    emulator?: Omit<StartOptions, 'seed' | 'latency'>;
    settings?: Record<string, unknown>;
    env?: Record<string, string>;
    vsixPath?: string;
}

export interface E2eSession {
    emulator: Emulator;
    codeServer: CodeServer;
    workbench: Workbench;
    page: Page;
    /** a screenshot in test-results/e2e/. */
    shot(name: string): Promise<string>;
    /** logs and a screenshot for a failed scenario, in test-results/e2e/. */
    saveFailure(title: string): Promise<void>;
    /** Fails when the extension host logged a promise rejection nobody handled. */
    assertNoUnhandledRejections(): void;
    stop(): Promise<void>;
}

export function demoSeed(): Seed {
    return loadSeed(demoSeedPath());
}

export async function startE2eSession(opts: E2eOptions = {}): Promise<E2eSession> {
    const vsix = opts.vsixPath ?? vsixPath();
    if (!fs.existsSync(vsix)) {
        throw new Error(`${vsix} not found: run npm run package first`);
    }
    const emulator = await startEmulator({ ...opts.emulator, seed: opts.seed ?? demoSeed(), latency: opts.latency ?? { name: 'instant' } });
    let codeServer: CodeServer | undefined;
    try {
        codeServer = await startCodeServer({
            vsixPath: vsix,
            settings: { ...emulator.vscodeSettings(), ...opts.settings },
            env: { ...emulator.env(), ...opts.env },
        });
        const workbench = await openWorkbench(withExtensionTraceLog(codeServer.url));
        const cs = codeServer;
        const session: E2eSession = {
            emulator,
            codeServer: cs,
            workbench,
            page: workbench.page,
            shot: (name) => screenshot(workbench.page, name, artifactsDir()),
            saveFailure: async (title) => {
                const base = title.replace(/[^\w.-]+/g, '_').slice(0, 80);
                const dir = artifactsDir();
                fs.mkdirSync(dir, { recursive: true });
                await screenshot(workbench.page, `FAILED-${base}`, dir).catch(() => undefined);
                fs.writeFileSync(path.join(dir, `FAILED-${base}.code-server.log`), cs.logs());
                fs.writeFileSync(path.join(dir, `FAILED-${base}.exthost.log`), cs.extensionHostLogs());
                fs.writeFileSync(path.join(dir, `FAILED-${base}.browser.log`), workbench.consoleLog());
                fs.writeFileSync(path.join(dir, `FAILED-${base}.requests.json`), JSON.stringify(emulator.requestLog, null, 1));
                // CI keeps only what is printed: the files above vanish with its clone.
                console.log(await failureDigest(workbench.page, cs.extensionHostLogs()));
            },
            assertNoUnhandledRejections: () => {
                const lines = cs.unhandledRejections();
                if (lines.length > 0) {
                    throw new Error(`unhandled promise rejections in the extension host:\n${lines.join('\n')}`);
                }
            },
            stop: async () => {
                await workbench.close().catch(() => undefined);
                await cs.stop().catch(() => undefined);
                await emulator.stop();
            },
        };
        return session;
    } catch (err) {
        await codeServer?.stop().catch(() => undefined);
        await emulator.stop();
        throw err;
    }
}

/** The demo seed's expectations: subscription names and, per subscription, its Docker host VMs. */
export function seededHosts(seed: Seed): Array<{ subscription: string; hosts: string[]; others: string[] }> {
    return seed.subscriptions.map((s) => {
        const vms = (s.resourceGroups ?? []).flatMap((rg) => rg.virtualMachines ?? []);
        const isHost = (vm: (typeof vms)[number]) =>
            !!vm.tags?.['azure-docker-hosts:docker'] || (vm.extensions ?? []).some((e) => e.type === 'DockerExtension');
        return {
            subscription: s.displayName,
            hosts: vms.filter(isHost).map((vm) => vm.name).sort(),
            others: vms.filter((vm) => !isHost(vm)).map((vm) => vm.name),
        };
    });
}

/** What useHostSession gives a scenario: filled in by its before() hook. */
export interface HostSession {
    s: E2eSession;
    /** The real engines behind the emulator's VMs. */
    readonly engines: DockerBackedVms;
    /** The HOME of code-server and the docker CLI: a generated SSH key or context never touches the machine's own. */
    readonly home: string;
}

/**
 * Registers the hooks of a scenario that creates hosts: an emulator with one subscription (as seeded) whose
 * VMs are backed by real dockerd, code-server with its own HOME, failure artefacts, and clean-up.
 */
export function useHostSession(subscription: SeedSubscription, options: Pick<E2eOptions, 'settings'> = {}): HostSession {
    const engines = dockerBackedVms();
    const session = { engines, home: fs.mkdtempSync(path.join(os.tmpdir(), 'adh-e2e-home-')) } as HostSession;
    before(async () => {
        session.s = await startE2eSession({
            seed: { subscriptions: [subscription] },
            emulator: engines.hooks,
            settings: options.settings,
            env: { HOME: session.home },
        });
    });
    afterEach(async function () {
        if (this.currentTest?.state === 'failed') {
            await session.s?.saveFailure(this.currentTest.fullTitle());
        }
    });
    after(async () => {
        await session.s?.stop();
        await engines.stopAll();
    });
    return session;
}

/** What the user saw and the extension's own log at the moment a scenario failed, in a few dozen lines. */
async function failureDigest(page: Page, extensionHostLogs: string): Promise<string> {
    const rows = await visibleTreeRows(page).catch(() => []);
    const toasts = await notifications(page).catch(() => []);
    const terminal = await page.locator('.xterm .xterm-rows').last().innerText({ timeout: 1000 }).catch(() => '');
    const ours = extensionHostLogs.split(/^--- /m).find((section) => /Azure Docker Hosts\.log/.test(section.split('\n')[0])) ?? '';
    return [
        '---- failure digest ----',
        `tree rows: ${rows.join(' | ') || '(none)'}`,
        `notifications: ${toasts.join(' | ') || '(none)'}`,
        `terminal: ${terminal.trim().split('\n').slice(-8).join(' / ') || '(none)'}`,
        'last lines of the Azure Docker Hosts log:',
        // Azure's successful reads are many and rarely the cause.
        ...ours.trimEnd().split('\n').slice(1).filter((line) => !/\[debug\] Azure answered GET .* with 200 /.test(line)).slice(-40),
        '------------------------',
    ].join('\n');
}
