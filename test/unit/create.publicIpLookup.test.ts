import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lookupPublicIp } from '../../src/azure/create/publicIpLookup';

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
});
