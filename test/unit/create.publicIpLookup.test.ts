import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { checkLookupUrl, lookupPublicIp } from '../../src/azure/create/publicIpLookup';

describe('public IP lookup', () => {
    let server: Server;
    let base: string;
    before(async () => {
        server = createServer((req, res) => {
            if (req.url === '/ip') {
                res.end('203.0.113.7\n');
            } else if (req.url === '/html') {
                res.end('<html>hello</html>');
            } else {
                res.writeHead(500).end();
            }
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => server.close());

    it('reads a plain-text address', async () => assert.equal(await lookupPublicIp(`${base}/ip`), '203.0.113.7'));
    it('ignores an answer that is not an address', async () => assert.equal(await lookupPublicIp(`${base}/html`), undefined));
    it('gives up quietly on an error status or no server', async () => {
        assert.equal(await lookupPublicIp(`${base}/fail`), undefined);
        assert.equal(await lookupPublicIp('http://127.0.0.1:1/'), undefined);
    });

    it('accepts https: anywhere and http: only on loopback', () => {
        for (const ok of ['https://api.ipify.org', 'https://203.0.113.9/ip', 'http://127.0.0.1:8080/ip', 'http://127.9.9.9/', 'http://localhost/ip', 'http://[::1]:1/']) {
            assert.ok(checkLookupUrl(ok) instanceof URL, ok);
        }
        for (const bad of ['http://api.ipify.org', 'http://203.0.113.9/', 'http://[::2]/', 'ftp://127.0.0.1/', 'file:///etc/hostname', 'not a url']) {
            assert.match(String(checkLookupUrl(bad)), /must be an https: address|is not a URL/, bad);
        }
    });

    it('refuses a plain-http lookup elsewhere without sending a request', async () => {
        await assert.rejects(lookupPublicIp('http://api.ipify.org/'), /must be an https: address/);
    });

    it('package.json makes the lookup URL an application setting, which a workspace cannot set', () => {
        const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { scope?: string; pattern?: string }> } } };
        const setting = manifest.contributes.configuration.properties['azureDockerHosts.publicIpLookupUrl'];
        assert.equal(setting.scope, 'application');
        const pattern = new RegExp(setting.pattern ?? '');
        assert.ok(pattern.test('https://api.ipify.org') && pattern.test('http://127.0.0.1:9/x') && !pattern.test('http://api.ipify.org'));
    });
});
