// Bundles the extension with esbuild: dist/extension.js (what activation parses) plus one bundle per
// `*.lazy.ts` module (the Azure SDK, the VS Code account), which are required on first use only.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

const production = process.argv.includes('--production') || process.env.NODE_ENV === 'production';

function lazyModules(dir) {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name);
        return entry.isDirectory() ? lazyModules(path) : entry.name.endsWith('.lazy.ts') ? [path] : [];
    });
}

// Keeps a lazy module out of whichever bundle imports it: it stays a require of its own file.
const lazyExternal = {
    name: 'lazy-external',
    setup(build) {
        build.onResolve({ filter: /\.lazy(\.js)?$/ }, (args) => {
            if (args.kind === 'entry-point') {
                return undefined;
            }
            return { path: `./${basename(args.path).replace(/\.js$/, '')}.js`, external: true };
        });
    },
};

// dockerode's SSH transport requires ssh2: it gets the extension's own ssh2 bundle, not a second copy.
const sharedSsh2 = {
    name: 'shared-ssh2',
    setup(build) {
        build.onResolve({ filter: /^ssh2$/ }, (args) => (args.importer.endsWith('ssh2.lazy.ts') ? undefined : { path: './ssh2.lazy.js', external: true }));
    },
};

const entryPoints = { extension: 'src/extension.ts' };
for (const path of lazyModules('src')) {
    entryPoints[basename(path, '.ts')] = path;
}

// Bundles that hold no azext-utils (its wizard tells errors apart by constructor.name) build without
// keepNames, which adds a name-keeping call per class and function: the SDK bundle, the largest, is
// a seventh smaller. The SDKs set their errors' `name` themselves, which is what the code compares.
const withoutNames = new Set(['sdk.lazy', 'yaml.lazy']);
const common = {
    outdir: 'dist',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // ssh2 (through dockerode) has optional native parts; it falls back to pure JS without them.
    external: ['vscode', 'cpu-features', '*.node'],
    minify: production,
    sourcemap: !production,
    metafile: true,
    logLevel: 'warning',
    plugins: [lazyExternal, sharedSsh2],
    // No telemetry and no experiments: azext-utils gets inert stand-ins (see src/bundleStubs/).
    alias: {
        '@vscode/extension-telemetry': './src/bundleStubs/extensionTelemetry.ts',
        'vscode-tas-client': './src/bundleStubs/tasClient.ts',
        'html-to-text': './src/bundleStubs/htmlToText.ts',
        '@grpc/grpc-js': './src/bundleStubs/buildkit.ts',
        '@grpc/proto-loader': './src/bundleStubs/buildkit.ts',
        protobufjs: './src/bundleStubs/buildkit.ts',
    },
};
const pick = (keep) => Object.fromEntries(Object.entries(entryPoints).filter(([name]) => withoutNames.has(name) !== keep));
const results = await Promise.all([
    // azext-utils tells GoBackError and UserCancelledError apart by constructor.name; minified names
    // made Back in every wizard prompt and warning close the wizard with "Go back.".
    esbuild.build({ ...common, entryPoints: pick(true), keepNames: true }),
    esbuild.build({ ...common, entryPoints: pick(false), keepNames: false }),
]);
for (const result of results) {
    for (const [file, info] of Object.entries(result.metafile.outputs)) {
        if (file.endsWith('.js')) {
            console.log(`${file}\t${(info.bytes / 1024).toFixed(0)} KiB`);
        }
    }
}

// Every vscode.l10n.t string of src/ into l10n/bundle.l10n.json, the file translators start from
// (package.json "l10n" points VS Code at l10n/bundle.l10n.<locale>.json beside it).
execFileSync(process.execPath, ['node_modules/@vscode/l10n-dev/dist/cli.js', 'export', '--outDir', 'l10n', 'src'], { stdio: ['ignore', 'ignore', 'inherit'] });
console.log('l10n/bundle.l10n.json');
