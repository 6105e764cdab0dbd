import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

describe('extension host smoke', () => {
    it('runs inside a real VS Code', () => {
        assert.match(vscode.version, /^\d+\.\d+\.\d+/);
    });

    it('has the Azure Docker Hosts extension installed', () => {
        const ext = vscode.extensions.getExtension('azure-docker-hosts.azure-docker-hosts');
        assert.ok(ext, 'azure-docker-hosts.azure-docker-hosts is not installed in this VS Code');
        assert.equal(ext.packageJSON.name, 'azure-docker-hosts');
    });

    it('registers every command package.json contributes, and each menu names one of them', async () => {
        const ext = vscode.extensions.getExtension('azure-docker-hosts.azure-docker-hosts')!;
        await ext.activate();
        // The command table is the main module's, loaded by the first read of a view (as here) or command.
        assert.ok((ext.exports as { tree?: unknown }).tree);
        const registered = new Set(await vscode.commands.getCommands(true));
        const contributes = ext.packageJSON.contributes as { commands: { command: string }[]; menus: Record<string, { command?: string }[]> };
        const declared = contributes.commands.map((c) => c.command);
        assert.deepEqual(declared.filter((id) => !registered.has(id)), []);
        const inMenus = Object.values(contributes.menus).flat().flatMap((m) => (m.command ? [m.command] : []));
        assert.deepEqual(inMenus.filter((id) => !declared.includes(id)), []);
    });
});
