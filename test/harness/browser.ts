/**
 * A real browser for tests: Debian's Chromium driven by playwright-core (never `playwright
 * install`). Helpers drive the VS Code workbench as a person would, and wait on selectors only.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { chromiumPath } from './paths';

export const CHROMIUM_FLAGS = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-dev-shm-usage',
];

export interface Workbench {
    browser: Browser;
    page: Page;
    /** the page's console messages and page errors so far. */
    consoleLog(): string;
    close(): Promise<void>;
}

/** Launches Chromium and opens the workbench at `url`; resolves once the workbench is drawn. */
/** The workbench URL with the extension's log at trace level (the web workbench's "Set Log Level"), so a failed run's log shows every request and refresh. */
export function withExtensionTraceLog(url: string): string {
    return `${url}&payload=${encodeURIComponent(JSON.stringify([['logLevel', 'azure-docker-hosts.azure-docker-hosts:trace']]))}`;
}

export async function openWorkbench(url: string, opts: { timeoutMs?: number; viewport?: { width: number; height: number } } = {}): Promise<Workbench> {
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS, headless: true });
    try {
        const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1400, height: 900 } });
        const page = await context.newPage();
        const lines: string[] = [];
        page.on('console', (m) => lines.push(`[${m.type()}] ${m.text()}`));
        page.on('pageerror', (e) => lines.push(`[pageerror] ${e.message}`));
        page.setDefaultTimeout(opts.timeoutMs ?? 30_000);
        await page.goto(url, { waitUntil: 'domcontentloaded', timeout: opts.timeoutMs ?? 60_000 });
        await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: opts.timeoutMs ?? 60_000 });
        return {
            browser,
            page,
            consoleLog: () => lines.join('\n'),
            close: () => browser.close(),
        };
    } catch (err) {
        await browser.close();
        throw err;
    }
}

export const quickInput = (page: Page) => page.locator('.quick-input-widget');
const quickRows = (page: Page) => page.locator('.quick-input-widget .quick-input-list .monaco-list-row');

/** F1 (Show All Commands); resolves once the quick input shows. */
export async function openCommandPalette(page: Page): Promise<void> {
    // A quick input still on screen may be a wizard's that is closing (after an error, say), not the
    // palette: typing into it fails once it hides. Wait for it to go, then open the palette afresh.
    const open = quickInput(page);
    if ((await open.isVisible()) && !(await open.locator('input.input').inputValue().catch(() => '')).startsWith('>')) {
        await open.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => page.keyboard.press('Escape'));
    }
    if (!(await quickInput(page).isVisible())) {
        await page.locator('.monaco-workbench').focus().catch(() => undefined);
        await page.keyboard.press('F1');
    }
    await quickInput(page).waitFor({ state: 'visible' });
    const input = quickInput(page).locator('input.input');
    await input.waitFor({ state: 'visible' });
    if (!(await input.inputValue()).startsWith('>')) {
        await input.fill('>');
    }
}

/** Runs a command by its palette title, e.g. "Azure Docker Hosts: Create Docker Host VM". */
export async function runCommand(page: Page, title: string): Promise<void> {
    await openCommandPalette(page);
    await quickInput(page).locator('input.input').fill(`>${title}`);
    const row = quickRows(page).filter({ has: page.locator('.label-name', { hasText: exactText(title) }) }).first();
    await row.waitFor({ state: 'visible' });
    await row.click();
}

/** Picks the quick-pick item whose label is `label` (exact string) or matches it (RegExp). */
export async function pickQuickItem(page: Page, label: string | RegExp): Promise<void> {
    await quickInput(page).waitFor({ state: 'visible' });
    const row = quickRows(page).filter({ has: page.locator('.label-name', { hasText: typeof label === 'string' ? exactText(label) : label }) }).first();
    await row.waitFor({ state: 'visible' });
    // The pointer left where the previous pick was; on a slow machine the hover of the item now
    // under it (a long detail) opens and covers the row to click. Moving away closes it.
    await page.mouse.move(0, 0);
    await row.click();
}

/**
 * Types into the open quick input (replacing its value) and, by default, presses Enter. `expect`
 * names the prompt to wait for (its text, or its placeholder), so typing never lands in the
 * previous step while the next one is still coming up.
 */
export async function typeInQuickInput(page: Page, text: string, opts: { submit?: boolean; expect?: RegExp } = {}): Promise<void> {
    const input = quickInput(page).locator('input.input');
    if (opts.expect) {
        const widget = quickInput(page);
        await widget.getByText(opts.expect).or(widget.getByPlaceholder(opts.expect)).first().waitFor({ state: 'visible' });
    }
    await input.waitFor({ state: 'visible' });
    await input.fill(text);
    if (opts.submit ?? true) {
        await input.press('Enter');
    }
}

/** Opens the activity-bar view container whose aria-label starts with `ariaLabel`. */
export async function openActivityView(page: Page, ariaLabel: string): Promise<void> {
    const item = page.locator(`.part.activitybar li.action-item:has([aria-label^="${cssString(ariaLabel)}"]), .part.activitybar li.action-item[aria-label^="${cssString(ariaLabel)}"]`).first();
    await item.waitFor({ state: 'visible' });
    const active = (await item.getAttribute('class'))?.split(/\s+/).includes('checked');
    if (!active) {
        await item.click();
    }
    await page.locator(`.part.sidebar .composite.title h2, .part.sidebar .title-label h2`).filter({ hasText: new RegExp(escapeRegExp(ariaLabel), 'i') }).first().waitFor({ state: 'visible' });
}

/** The tree row whose accessible name (aria-label) matches. Use `await treeRow(...).waitFor()`. */
export function treeRow(page: Page, ariaLabel: RegExp | string): Locator {
    return page.getByRole('treeitem', { name: ariaLabel }).first();
}

/** The aria-labels of the tree rows currently rendered (for failure messages). */
export async function visibleTreeRows(page: Page): Promise<string[]> {
    return page.locator('[role="treeitem"]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? (e.textContent ?? '').trim()));
}

/** Saves a PNG to `dir/name.png` (dir created) and returns its path. */
export async function screenshot(page: Page, name: string, dir: string): Promise<string> {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, name.endsWith('.png') ? name : `${name}.png`);
    await page.screenshot({ path: file });
    return file;
}

/** Notification toasts' text, for assertions and failure reports. */
export async function notifications(page: Page): Promise<string[]> {
    return page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
}

function exactText(s: string): RegExp {
    return new RegExp(`^\\s*${escapeRegExp(s)}\\s*$`);
}

function escapeRegExp(s: string): string {
    return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function cssString(s: string): string {
    return s.replace(/["\\]/g, '\\$&');
}

/** Right-clicks a tree row and runs one entry of its context menu. */
export async function runContextMenu(page: Page, row: RegExp | string, entry: string): Promise<void> {
    // Select it first, as people do: the command then acts on the selection even if an engine event
    // re-renders the row between the right-click and the click.
    await treeRow(page, row).click();
    await treeRow(page, row).click({ button: 'right' });
    const item = page.getByRole('menuitem', { name: entry, exact: true }).first();
    await item.waitFor({ state: 'visible' });
    await item.hover();
    // VS Code's menu listens for the item's mouseup only once a mousedown on it was seen; a click
    // with no time between the two was seen in CI to be dropped under load (the menu stayed open,
    // the item highlighted, no command ran). A person's click lasts longer than that.
    await item.click({ delay: 120 });
    const menu = page.locator('.context-view .monaco-menu');
    await menu.waitFor({ state: 'hidden', timeout: 2_000 }).catch(async () => {
        // Still open with the item highlighted: Enter runs it, as for a keyboard user.
        if (await item.isVisible()) {
            await item.press('Enter');
        }
        await menu.waitFor({ state: 'hidden', timeout: 5_000 });
    });
}

/** Clicks a button of the modal dialog that is open. */
export async function clickDialogButton(page: Page, label: string): Promise<void> {
    const button = page.locator('.monaco-dialog-box .dialog-buttons a.monaco-button, .monaco-dialog-box .dialog-buttons .monaco-button').filter({ hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }).first();
    await button.waitFor({ state: 'visible' });
    await button.click();
}

/** Expands a tree row unless it already is, and waits until it is (clicking a row toggles it). */
export async function expandRow(page: Page, row: RegExp | string): Promise<void> {
    const item = treeRow(page, row);
    await item.waitFor({ state: 'visible', timeout: 60_000 });
    if ((await item.getAttribute('aria-expanded')) !== 'true') {
        await item.locator('.monaco-tl-twistie').click();
    }
    // Query the row again rather than hold its element: the tree may re-render the row (a refresh of
    // its label), and a detached element never reports the expansion.
    await page.getByRole('treeitem', { name: row, expanded: true }).first().waitFor({ state: 'visible', timeout: 60_000 });
}
