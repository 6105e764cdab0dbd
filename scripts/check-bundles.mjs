// Run after the production build (npm run package): fails when a bundle cannot load, or when a large
// library has slipped into the wrong one (the main bundle loads with the views, so ssh2 must stay out).
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const read = (name) => readFileSync(new URL(`../dist/${name}`, import.meta.url), 'utf8');
const fail = (message) => {
    console.error(`check-bundles: ${message}`);
    process.exit(1);
};

// Activation loads only the entry point (src/extension.ts); everything else waits for main.lazy.js.
const entryKb = statSync(new URL('../dist/extension.js', import.meta.url)).size / 1024;
if (entryKb > 16) {
    fail(`dist/extension.js is ${entryKb.toFixed(0)} KB: activation must stay a thin entry point; move what it imports into src/main.lazy.ts`);
}
// ssh2's client identifies itself with this string; only its own bundle may hold it.
for (const name of ['extension.js', 'main.lazy.js', 'dockerode.lazy.js']) {
    if (read(name).includes('SSH-2.0-ssh2js')) {
        fail(`dist/${name} holds its own copy of ssh2; it must require ./ssh2.lazy.js`);
    }
}
const { Dockerode } = require('../dist/dockerode.lazy.js');
new Dockerode({ protocol: 'ssh', host: '127.0.0.1', username: 'check' });
// dockerode's SSH transport (docker-modem) requires ssh2 when it loads: it must be the shared bundle.
if (!Object.keys(require.cache).some((file) => file.endsWith('ssh2.lazy.js'))) {
    fail('dist/dockerode.lazy.js did not load ./ssh2.lazy.js');
}
if (typeof require('../dist/ssh2.lazy.js').Client !== 'function') {
    fail('dist/ssh2.lazy.js exports no Client');
}
console.log('check-bundles: ok');
