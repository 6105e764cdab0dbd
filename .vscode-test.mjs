// @vscode/test-cli config for machines that can download VS Code (`npx vscode-test`).
// It runs the same compiled suite as test/harness/runExtensionTests.ts runs in code-server, with
// this repo as the extension under development (build dist/ first: npm run build && npx tsc -p .).
// Machines without internet use `node out/test/harness/runExtensionTests.js` instead.
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
    label: 'extension',
    files: 'out/test/extension/**/*.test.js',
    version: 'stable',
    extensionDevelopmentPath: '.',
    launchArgs: ['--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    mocha: {
        ui: 'bdd',
        timeout: 60000,
        color: true,
    },
});
