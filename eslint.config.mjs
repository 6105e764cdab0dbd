import tseslint from 'typescript-eslint';

// The layer rules of docs/architecture.md. A relative import that names one of these folders
// anywhere in its path reaches into that folder.
const folder = (name, message) => ({ regex: `^\\.{1,2}/(?:.*/)?${name}(?:/|$)`, message });
const vscodeApi = [
    { name: 'vscode', message: 'The core must not depend on VS Code: its logic is tested in plain Node.' },
    { name: '@microsoft/vscode-azext-utils', message: 'The core must not depend on VS Code: this package loads it.' },
    { name: '@microsoft/vscode-azext-azureauth', message: 'The core must not depend on VS Code: this package loads it.' },
];
const vscodeLayer = ['tree', 'commands', 'session'].map((name) => folder(name, `The core must not import the VS Code layer (${name}/).`));
const noArm = (who) => folder('azure', `${who} must not depend on ARM access (azure/).`);
const noEngine = (who) => folder('docker', `${who} must not depend on engine access (docker/).`);

/** Each folder's full list: flat config replaces a rule's options rather than merging them. */
const layers = {
    'src/azure/**': [],
    'src/docker/**': [noArm('Engine access')],
    'src/registry/**': [noArm('Registry access'), noEngine('Registry access')],
    'src/tls/**': [noArm('tls/'), noEngine('tls/')],
    'src/hostSetup/**': [noArm('hostSetup/'), noEngine('hostSetup/')],
    'src/ssh/**': [noArm('SSH access'), noEngine('SSH access'), folder('tls', 'SSH access must not depend on tls/.')],
    'src/host/**': [noArm('The neutral host model'), noEngine('The neutral host model'), folder('tls', 'The neutral host model must not depend on tls/.'), folder('hostSetup', 'The neutral host model must not depend on hostSetup/.')],
};

export default tseslint.config(
    { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', 'test/extension-runner/**', 'test/extension-bench/empty-extension/**'] },
    ...tseslint.configs.recommended,
    {
        rules: {
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
            '@typescript-eslint/no-explicit-any': 'error',
            eqeqeq: 'error',
            'no-restricted-imports': 'off',
        },
    },
    ...Object.entries(layers).map(([files, extra]) => ({
        files: [files],
        rules: { 'no-restricted-imports': ['error', { paths: vscodeApi, patterns: [...vscodeLayer, ...extra] }] },
    })),
    {
        files: ['src/tree/**'],
        rules: { 'no-restricted-imports': ['error', { patterns: [folder('commands', 'The tree must not import commands/; shared ids live in src/commandIds.ts.')] }] },
    },
);
