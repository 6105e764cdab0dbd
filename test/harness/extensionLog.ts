/**
 * The log files VS Code writes under a user-data dir's logs folder: the extension host's, and the
 * "Azure Docker Hosts" log channel's real content (a file in the extension's folder of the window's logs).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every file under `userDataDir`/logs whose path `wanted` accepts. */
export function logFiles(userDataDir: string, wanted: (file: string) => boolean): string[] {
    const found: string[] = [];
    const walk = (dir: string) => {
        for (const e of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
            const p = path.join(dir, e.name);
            if (e.isDirectory()) {
                walk(p);
            } else if (wanted(p)) {
                found.push(p);
            }
        }
    };
    walk(path.join(userDataDir, 'logs'));
    return found;
}

export function extensionLogFiles(userDataDir: string): string[] {
    return logFiles(userDataDir, (p) => path.basename(p) === 'Azure Docker Hosts.log' && p.includes('azure-docker-hosts.azure-docker-hosts'));
}
