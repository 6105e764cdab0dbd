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
});
