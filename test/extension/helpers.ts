import type { AzExtTreeItem } from '@microsoft/vscode-azext-utils';
import { request } from 'node:https';
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
export function emulator(method: string, path: string, body?: unknown): Promise<unknown> {
    const base = process.env.ADH_TEST_EMULATOR_URL;
    if (!base) {
        throw new Error('ADH_TEST_EMULATOR_URL is not set: the suite runs under test/harness/runExtensionTests');
    }
    return new Promise((resolve, reject) => {
        const req = request(`${base}${path}`, { method, headers: { 'content-type': 'application/json' } }, (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (text += chunk));
            res.on('end', () => {
                if ((res.statusCode ?? 500) >= 300) {
                    reject(new Error(`${method} ${path}: HTTP ${res.statusCode} ${text}`));
                } else {
                    resolve(text ? JSON.parse(text) : undefined);
                }
            });
        });
        req.on('error', reject);
        req.end(body === undefined ? undefined : JSON.stringify(body));
    });
}

export async function refresh(): Promise<void> {
    await vscode.commands.executeCommand('azureDockerHosts.refresh');
}
