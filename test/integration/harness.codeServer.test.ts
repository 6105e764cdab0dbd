/**
 * The code-server and Chromium harness, checked with throwaway extensions generated here: one
 * installed from a VSIX, one copied into the extensions dir. Each writes what its extension host
 * sees (Node and VS Code versions, environment) to a file; the VSIX one also contributes a
 * command, a quick pick and an activity-bar tree, which the browser helpers drive.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openActivityView, openWorkbench, pickQuickItem, runCommand, screenshot, treeRow, typeInQuickInput, type Workbench } from '../harness/browser';
import { startCodeServer, type CodeServer } from '../harness/codeServer';
import { repoRoot } from '../harness/paths';
import { createTestPki } from '../harness/pki';
import { waitForFile } from '../harness/wait';

function writeProbe(dir: string, name: string, withUi: boolean): void {
    fs.mkdirSync(dir, { recursive: true });
    const pkg: Record<string, unknown> = {
        name, publisher: 'adh-test', version: '0.0.1', license: 'MIT', displayName: name,
        repository: { type: 'git', url: 'https://example.invalid/probe' },
        engines: { vscode: '^1.80.0' },
        activationEvents: ['onStartupFinished'],
        main: './extension.js',
    };
    if (withUi) {
        pkg.contributes = {
            commands: [{ command: `${name}.hello`, title: 'Hello Quick Pick', category: 'ADH Probe' }],
            viewsContainers: { activitybar: [{ id: `${name}-c`, title: 'ADH Probe', icon: 'icon.svg' }] },
            views: { [`${name}-c`]: [{ id: `${name}.tree`, name: 'Probe Items' }] },
        };
        fs.writeFileSync(path.join(dir, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect x="4" y="4" width="16" height="16"/></svg>');
    }
    fs.writeFileSync(path.join(dir, 'LICENSE'), 'MIT');
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
    fs.writeFileSync(path.join(dir, 'extension.js'), `
const vscode = require('vscode');
const fs = require('fs');
exports.activate = (context) => {
  const file = process.env.ADH_PROBE_DIR + '/${name}.json';
  const env = {};
  for (const k of ['ADH_PROBE_VAR', 'AZURE_TENANT_ID', 'NODE_EXTRA_CA_CERTS']) env[k] = process.env[k];
  fs.writeFileSync(file, JSON.stringify({ node: process.version, vscode: vscode.version, env }));
  ${withUi ? `
  context.subscriptions.push(vscode.commands.registerCommand('${name}.hello', async () => {
    const pick = await vscode.window.showQuickPick(['alpha', 'beta'], { placeHolder: 'pick one' });
    const text = await vscode.window.showInputBox({ prompt: 'say something' });
    fs.writeFileSync(process.env.ADH_PROBE_DIR + '/picked.json', JSON.stringify({ pick, text }));
  }));
  const items = ['first item', 'second item'];
  context.subscriptions.push(vscode.window.registerTreeDataProvider('${name}.tree', {
    getChildren: () => items,
    getTreeItem: (label) => Object.assign(new vscode.TreeItem(label), { tooltip: label }),
  }));` : ''}
};
`);
}

describe('harness: code-server and Chromium', function () {
    this.timeout(240_000);
    let tmp: string;
    let cs: CodeServer | undefined;
    let wb: Workbench | undefined;

    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'adh-probe-'));
        writeProbe(path.join(tmp, 'ui'), 'probe-ui', true);
        writeProbe(path.join(tmp, 'plain'), 'probe-plain', false);
        const vsce = path.join(repoRoot(), 'node_modules', '.bin', 'vsce');
        const vsix = path.join(tmp, 'probe-ui.vsix');
        const r = spawnSync(vsce, ['package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', vsix], {
            cwd: path.join(tmp, 'ui'), encoding: 'utf8', input: 'y\n',
        });
        assert.equal(r.status, 0, `vsce package failed: ${r.stdout}\n${r.stderr}`);
        fs.mkdirSync(path.join(tmp, 'out'));
        fs.writeFileSync(path.join(tmp, 'fake-ca.pem'), (await createTestPki(['127.0.0.1'])).ca.certPem);
        cs = await startCodeServer({
            vsixPath: vsix,
            extensionDirs: [path.join(tmp, 'plain')],
            env: {
                ADH_PROBE_DIR: path.join(tmp, 'out'),
                ADH_PROBE_VAR: 'reaches-the-extension-host',
                AZURE_TENANT_ID: 'tenant-from-env',
                NODE_EXTRA_CA_CERTS: path.join(tmp, 'fake-ca.pem'),
            },
        });
        wb = await openWorkbench(cs.url);
    });

    after(async function () {
        if (this.currentTest?.state === 'failed' || process.env.ADH_DEBUG) {
            console.log(cs?.logs().slice(-3000), cs?.extensionHostLogs().slice(-3000), wb?.consoleLog().slice(-3000));
        }
        await wb?.close();
        await cs?.stop();
        fs.rmSync(tmp, { recursive: true, force: true });
    });

    for (const name of ['probe-ui', 'probe-plain']) {
        it(`activates ${name} on Node 24 with the server's environment`, async () => {
            const seen = JSON.parse(await waitForFile(path.join(tmp, 'out', `${name}.json`), 60_000, `${name} to activate`));
            assert.match(seen.node, /^v24\./);
            assert.match(seen.vscode, /^1\.\d+\.\d+/);
            assert.deepEqual(seen.env, {
                ADH_PROBE_VAR: 'reaches-the-extension-host',
                AZURE_TENANT_ID: 'tenant-from-env',
                NODE_EXTRA_CA_CERTS: path.join(tmp, 'fake-ca.pem'),
            });
        });
    }

    it('drives the command palette, a quick pick and an input box', async () => {
        const page = wb!.page;
        await runCommand(page, 'ADH Probe: Hello Quick Pick');
        await pickQuickItem(page, 'beta');
        await typeInQuickInput(page, 'typed text');
        const picked = JSON.parse(await waitForFile(path.join(tmp, 'out', 'picked.json'), 30_000, 'the quick pick result'));
        assert.deepEqual(picked, { pick: 'beta', text: 'typed text' });
    });

    it('opens an activity-bar view, finds tree rows, and takes a screenshot', async () => {
        const page = wb!.page;
        await openActivityView(page, 'ADH Probe');
        await treeRow(page, /^second item/).waitFor({ state: 'visible' });
        const file = await screenshot(page, 'probe-tree', path.join(tmp, 'shots'));
        assert.ok(fs.statSync(file).size > 1000);
        assert.equal(fs.readFileSync(file).subarray(1, 4).toString(), 'PNG');
    });
});
