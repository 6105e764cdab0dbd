import * as http from 'node:http';
import * as net from 'node:net';

/**
 * Sends `GET <path> HTTP/1.0` over a new TCP connection to ip:port and resolves with the status
 * line; rejects when the connection is refused, reset or closed without an answer (a firewall that
 * blocks it), or after 5 s.
 */
export function httpStatusLine(ip: string, port: number, path = '/passwd'): Promise<string> {
    return new Promise((resolve, reject) => {
        const socket = net.connect({ host: ip, port });
        let text = '';
        socket.setTimeout(5000, () => socket.destroy(new Error('timed out')));
        socket.on('connect', () => socket.write(`GET ${path} HTTP/1.0\r\n\r\n`));
        socket.on('data', (b: Buffer) => (text += b.toString()));
        socket.on('end', () => (text ? resolve(text.split('\r\n')[0]) : reject(new Error('closed without an answer'))));
        socket.on('error', reject);
    });
}

/** GET over plain HTTP; resolves with the body (rejects when nothing listens). */
export function httpGet(url: string): Promise<string> {
    return new Promise((resolve, reject) => {
        http.get(url, (res) => {
            let body = '';
            res.on('data', (b: Buffer) => (body += b.toString()));
            res.on('end', () => resolve(body));
        }).on('error', reject);
    });
}

/** A TCP port free on `host` now (for a server a test starts there). */
export function freePortOn(host: string): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once('error', reject);
        server.listen(0, host, () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}
