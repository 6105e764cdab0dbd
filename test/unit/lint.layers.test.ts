import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';

// out/test/unit → the repository, whose eslint.config.mjs holds the layer rules.
const repo = path.resolve(__dirname, '..', '..', '..');

let eslint: ESLint | undefined;

/** The no-restricted-imports messages ESLint reports for `code` as if it were the file `file`. */
async function layerErrors(file: string, code: string): Promise<string[]> {
    eslint ??= new ESLint({ cwd: repo });
    const [result] = await eslint.lintText(code, { filePath: path.join(repo, file) });
    return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

// Each rule of docs/architecture.md, broken by one fixture import, next to an import it allows.
const rules: { rule: string; file: string; breaks: string; allowed: string }[] = [
    { rule: 'the core imports no vscode (azure/)', file: 'src/azure/fixture.ts', breaks: "import * as vscode from 'vscode';", allowed: "import { parseResourceId } from './resourceId';" },
    { rule: 'the core imports no vscode (docker/)', file: 'src/docker/fixture.ts', breaks: "import * as vscode from 'vscode';", allowed: "import type { DockerHost } from '../host/dockerHost';" },
    { rule: 'the core imports no vscode (tls/)', file: 'src/tls/fixture.ts', breaks: "import * as vscode from 'vscode';", allowed: "import { createCa } from './certificates';" },
    { rule: 'the core imports no vscode (hostSetup/)', file: 'src/hostSetup/fixture.ts', breaks: "import * as vscode from 'vscode';", allowed: "import { renderCloudInit } from './cloudInit';" },
    { rule: 'the core imports no vscode (host/)', file: 'src/host/fixture.ts', breaks: "import * as vscode from 'vscode';", allowed: "import type { PowerState } from './powerState';" },
    { rule: 'the core imports nothing that loads vscode', file: 'src/azure/create/fixture.ts', breaks: "import { AzureWizard } from '@microsoft/vscode-azext-utils';", allowed: "import type { ArmClients } from '../armClients';" },
    { rule: 'the core imports nothing from tree/', file: 'src/azure/lifecycle/fixture.ts', breaks: "import { DockerHostItem } from '../../tree/DockerHostItem';", allowed: "import type { DockerHost } from '../../host/dockerHost';" },
    { rule: 'the core imports nothing from commands/', file: 'src/docker/fixture.ts', breaks: "import { pickHost } from '../commands/pickHost';", allowed: "import { EngineClient } from './engineClient';" },
    { rule: 'the core imports nothing from session/', file: 'src/tls/fixture.ts', breaks: "import { engineSettings } from '../session/settings';", allowed: "import { readClientMaterial } from './storage';" },
    { rule: 'tls/ imports nothing from azure/', file: 'src/tls/fixture.ts', breaks: "import { managedTag } from '../azure/tags';", allowed: "import { hostDir } from '../host/hostFiles';" },
    { rule: 'tls/ imports nothing from docker/', file: 'src/tls/fixture.ts', breaks: "import { pingEngine } from '../docker/enginePing';", allowed: "import { createCa } from './certificates';" },
    { rule: 'hostSetup/ imports nothing from azure/', file: 'src/hostSetup/fixture.ts', breaks: "import { managedTag } from '../azure/tags';", allowed: "import { renderSetupScript } from './setupScript';" },
    { rule: 'hostSetup/ imports nothing from docker/', file: 'src/hostSetup/fixture.ts', breaks: "import { pingEngine } from '../docker/enginePing';", allowed: "import { renderSetupScript } from './setupScript';" },
    { rule: 'the core imports no vscode (ssh/)', file: 'src/ssh/fixture.ts', breaks: "import * as vscode from 'vscode';", allowed: "import { fingerprint } from './hostKeys';" },
    { rule: 'ssh/ imports nothing from azure/', file: 'src/ssh/fixture.ts', breaks: "import { managedTag } from '../azure/tags';", allowed: "import { hostKeyLinePrefix } from '../hostSetup/setupScriptTemplate';" },
    { rule: 'ssh/ imports nothing from docker/', file: 'src/ssh/fixture.ts', breaks: "import { pingEngine } from '../docker/enginePing';", allowed: "import { connectSsh } from './sshConnection';" },
    { rule: 'the core imports no vscode (registry/)', file: 'src/registry/fixture.ts', breaks: "import * as vscode from 'vscode';", allowed: "import { parseImageReference } from './imageReference';" },
    { rule: 'registry/ imports nothing from azure/', file: 'src/registry/fixture.ts', breaks: "import { listAzureRegistries } from '../azure/containerRegistries';", allowed: "import { RegistryClient } from './registryClient';" },
    { rule: 'registry/ imports nothing from docker/', file: 'src/registry/fixture.ts', breaks: "import { pullImage } from '../docker/operations';", allowed: "import { RegistryError } from './registryErrors';" },
    { rule: 'docker/ imports nothing from azure/', file: 'src/docker/fixture.ts', breaks: "import { listDockerHosts } from '../azure/discovery';", allowed: "import { powerStateOf } from '../host/powerState';" },
    { rule: 'host/ imports nothing from the rest of the core', file: 'src/host/fixture.ts', breaks: "import { readClientMaterial } from '../tls/storage';", allowed: "import { hostDir } from './hostFiles';" },
    { rule: 'tree/ does not import commands/', file: 'src/tree/engine/fixture.ts', breaks: "import { pickHost } from '../../commands/pickHost';", allowed: "import { commandIds } from '../../commandIds';" },
];

describe('lint: the layer rules', function () {
    // The first lint loads typescript-eslint.
    this.timeout(60_000);

    for (const { rule, file, breaks, allowed } of rules) {
        it(`${rule}: an import that breaks it fails lint, one it allows does not`, async () => {
            const errors = await layerErrors(file, `${breaks}\n${allowed}\nexport {};\n`);
            assert.equal(errors.length, 1, `expected one layer error in ${file}, got: ${errors.join(' | ') || 'none'}`);
            assert.match(errors[0], /must not/);
            assert.deepEqual(await layerErrors(file, `${allowed}\nexport {};\n`), []);
        });
    }

    it('npm packages whose names contain a folder name are not mistaken for it', async () => {
        assert.deepEqual(await layerErrors('src/docker/fixture.ts', "import type { TokenCredential } from '@azure/core-auth';\nimport Docker from 'dockerode';\nexport {};\n"), []);
    });
});
