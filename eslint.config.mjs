import tseslint from 'typescript-eslint';

export default tseslint.config(
    { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', 'test/extension-runner/**'] },
    ...tseslint.configs.recommended,
    {
        rules: {
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
            '@typescript-eslint/no-explicit-any': 'error',
            eqeqeq: 'error',
            'no-restricted-imports': 'off',
        },
    },
    {
        // The core never imports vscode: its logic is tested in plain Node.
        files: ['src/azure/**', 'src/docker/**', 'src/tls/**', 'src/hostSetup/**'],
        rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'The core must not depend on VS Code.' }] }] },
    },
);
