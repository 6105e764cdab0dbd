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
