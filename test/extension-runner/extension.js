// Test-only companion extension (see package.json). Installed by test/harness/runExtensionTests
// into a throwaway code-server extensions dir. With these environment variables set, it runs
// mocha inside this extension host, so the tests use the real `vscode` API:
//   ADH_EXTENSION_TESTS_GLOB     absolute glob of compiled test files (e.g. /repo/out/test/extension/**/*.test.js)
//   ADH_EXTENSION_RESULTS_FILE   where to write { passed, failed, tests: [{ title, state, error }] }
//   ADH_MOCHA_PATH               absolute path of the repo's mocha package entry
//   ADH_EXTENSION_TESTS_TIMEOUT  per-test timeout in ms (default 60000)
//   ADH_EXTENSION_TESTS_GREP     optional mocha grep
// While running it keeps `<results>.progress` up to date with the current test, for timeouts.
'use strict';
const fs = require('fs');
const path = require('path');
const url = require('url');
const vscode = require('vscode');

let running;

function activate(context) {
    context.subscriptions.push(vscode.commands.registerCommand('adh.extensionRunner.run', () => start(true)));
    start(false);
}

function start(force) {
    const glob = process.env.ADH_EXTENSION_TESTS_GLOB;
    const resultsFile = process.env.ADH_EXTENSION_RESULTS_FILE;
    if (!glob || !resultsFile) {
        return undefined;
    }
    if (running || (!force && fs.existsSync(resultsFile))) {
        return running;
    }
    running = runTests(glob, resultsFile)
        .catch((err) => writeJson(resultsFile, {
            passed: 0, failed: 1,
            tests: [{ title: 'extension-runner', state: 'failed', error: String((err && err.stack) || err) }],
        }))
        .finally(() => { running = undefined; });
    return running;
}

async function runTests(glob, resultsFile) {
    const progressFile = resultsFile + '.progress';
    writeJson(progressFile, { state: 'loading', glob, pid: process.pid, node: process.version, vscode: vscode.version });
    const mochaPath = process.env.ADH_MOCHA_PATH;
    if (!mochaPath) {
        throw new Error('ADH_MOCHA_PATH is not set');
    }
    let mod;
    try {
        mod = require(mochaPath);
    } catch (err) {
        mod = await import(url.pathToFileURL(mochaPath).href);
    }
    const Mocha = (mod && (mod.Mocha || (mod.default && (mod.default.Mocha || mod.default)))) || mod;
    const mocha = new Mocha({
        ui: 'bdd',
        color: false,
        timeout: Number(process.env.ADH_EXTENSION_TESTS_TIMEOUT || 60000),
        reporter: 'spec',
        grep: process.env.ADH_EXTENSION_TESTS_GREP || undefined,
        // A focused or skipped test fails the run: otherwise it passes without checking what it names.
        forbidOnly: true,
        forbidPending: true,
    });
    const files = expandGlob(glob);
    for (const f of files) {
        mocha.addFile(f);
    }
    if (typeof mocha.loadFilesAsync === 'function') {
        await mocha.loadFilesAsync();
    }
    const tests = [];
    await new Promise((resolve) => {
        const runner = mocha.run(() => resolve());
        runner.on('test', (t) => writeJson(progressFile, { state: 'running', current: t.fullTitle(), done: tests.length }));
        runner.on('pass', (t) => tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
        runner.on('fail', (t, err) => tests.push({
            title: t.fullTitle(),
            state: 'failed',
            error: String((err && (err.stack || err.message)) || err),
        }));
        runner.on('pending', (t) => tests.push({ title: t.fullTitle(), state: 'pending' }));
    });
    const passed = tests.filter((t) => t.state === 'passed').length;
    const failed = tests.filter((t) => t.state !== 'passed').length;
    writeJson(resultsFile, { passed, failed, files, tests });
    writeJson(progressFile, { state: 'done', passed, failed });
}

function writeJson(file, value) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(value, null, 2));
    fs.renameSync(tmp, file);
}

/** A small glob: `*` within a path segment, `**` across segments, `?` one character. */
function expandGlob(pattern) {
    const segments = pattern.split('/');
    const firstWild = segments.findIndex((s) => /[*?[]/.test(s));
    if (firstWild < 0) {
        return fs.existsSync(pattern) ? [pattern] : [];
    }
    const base = segments.slice(0, firstWild).join('/') || '/';
    let re = '';
    const rest = segments.slice(firstWild).join('/');
    for (let i = 0; i < rest.length; i++) {
        const c = rest[i];
        if (c === '*' && rest[i + 1] === '*') {
            re += rest[i + 2] === '/' ? '(?:.*/)?' : '.*';
            i += rest[i + 2] === '/' ? 2 : 1;
        } else if (c === '*') {
            re += '[^/]*';
        } else if (c === '?') {
            re += '[^/]';
        } else {
            re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
        }
    }
    const matcher = new RegExp(`^${re}$`);
    const out = [];
    const walk = (dir) => {
        if (!fs.existsSync(dir)) {
            return;
        }
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
            const p = path.join(dir, e.name);
            if (e.isDirectory()) {
                walk(p);
            } else if (matcher.test(path.relative(base, p).split(path.sep).join('/'))) {
                out.push(p);
            }
        }
    };
    walk(base);
    return out.sort();
}

function deactivate() {}

module.exports = { activate, deactivate, expandGlob };
