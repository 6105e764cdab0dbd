import type { AzExtTreeItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { AzureDockerHostsApi } from '../../src/extension';

export async function extensionApi(): Promise<AzureDockerHostsApi> {
    const ext = vscode.extensions.getExtension<AzureDockerHostsApi>('azure-docker-hosts.azure-docker-hosts');
    if (!ext) {
        throw new Error('azure-docker-hosts.azure-docker-hosts is not installed');
    }
    return ext.activate();
}

/** A row as the user sees it. */
export interface Row {
    label: string;
    description?: string;
    contextValue?: string;
    item: AzExtTreeItem;
}

export async function rows(api: AzureDockerHostsApi, parent?: AzExtTreeItem): Promise<Row[]> {
    const children = await api.tree.getChildren(parent as never);
    return children.map((item) => {
        const t = api.tree.getTreeItem(item);
        const label = typeof t.label === 'string' ? t.label : (t.label?.label ?? '');
        return { label, description: typeof t.description === 'string' ? t.description : undefined, contextValue: t.contextValue, item };
    });
}

/** Calls the emulator's control API (loopback only, trusted through NODE_EXTRA_CA_CERTS). */
export async function emulator(method: string, path: string, body?: unknown): Promise<unknown> {
    const base = process.env.ADH_TEST_EMULATOR_URL;
    if (!base) {
        throw new Error('ADH_TEST_EMULATOR_URL is not set: the suite runs under test/harness/runExtensionTests');
    }
    const response = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!response.ok) {
        throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
    }
    const text = await response.text();
    return text ? JSON.parse(text) : undefined;
}

export async function refresh(): Promise<void> {
    await vscode.commands.executeCommand('azureDockerHosts.refresh');
}
