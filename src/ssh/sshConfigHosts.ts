/**
 * The managed `Host` blocks in the user's ~/.ssh/config that let the docker CLI reach an SSH-only
 * host (`docker --context azure-<name>` runs `ssh <alias> docker system dial-stdio`) without a
 * prompt: the host's key, its pinned known_hosts file with StrictHostKeyChecking=yes. Each block sits
 * between begin/end markers naming the VM, so it is replaced or removed whole and nothing else in
 * the file changes. Blocks go at the top of the file: ssh takes the first value it finds, so a
 * `Host *` below cannot turn host-key checking off for them.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { pinnedSshOptions } from './hostKeys';

export interface SshConfigHost {
    /** The VM's resource id: names the block, so deleting the host finds it. */
    readonly vmId: string;
    /** The name the context uses (`ssh://user@<alias>`). */
    readonly alias: string;
    readonly address: string;
    readonly user: string;
    readonly identityFile: string;
    /** The host's folder, where its pinned known_hosts file is. */
    readonly hostDir: string;
}

export function defaultSshConfigFile(home: string = homedir()): string {
    return path.join(home, '.ssh', 'config');
}

/** `adh-<host>`: a name of its own, so the block never applies to the user's other connections. */
export function sshAliasForHost(hostName: string): string {
    return `adh-${hostName.toLowerCase().replace(/[^a-z0-9_.-]/g, '-')}`;
}

const begin = (vmId: string) => `# BEGIN azure-docker-hosts ${vmId.toLowerCase()} (managed by the Azure Docker Hosts extension; edits are replaced)`;
const end = (vmId: string) => `# END azure-docker-hosts ${vmId.toLowerCase()}`;

/** The block's text: one option per line, values quoted where OpenSSH allows spaces. */
export function sshConfigBlock(host: SshConfigHost): string {
    const quote = (v: string) => (/\s/.test(v) ? `"${v}"` : v);
    const pinned: string[] = [];
    const options = pinnedSshOptions(host.hostDir);
    for (let i = 1; i < options.length; i += 2) {
        const [key, value] = options[i].split(/=(.*)/s);
        pinned.push(`    ${key} ${quote(value)}`);
    }
    return [
        begin(host.vmId),
        `Host ${host.alias}`,
        `    HostName ${host.address}`,
        `    User ${host.user}`,
        `    IdentityFile ${quote(host.identityFile)}`,
        '    IdentitiesOnly yes',
        ...pinned,
        end(host.vmId),
        '',
    ].join('\n');
}

/** Writes (or replaces) the host's block. */
export async function writeSshConfigHost(host: SshConfigHost, file: string = defaultSshConfigFile()): Promise<void> {
    for (const value of [host.alias, host.address, host.user]) {
        if (!/^[A-Za-z0-9_.:@-]+$/.test(value)) {
            throw new Error(`"${value}" cannot be written to ${file}: only letters, digits and _ . : @ - are allowed there.`);
        }
    }
    const text = await readText(file);
    await writeText(file, sshConfigBlock(host) + withoutBlock(text, host.vmId));
}

/** Removes the host's block; true when there was one. */
export async function removeSshConfigHost(vmId: string, file: string = defaultSshConfigFile()): Promise<boolean> {
    const text = await readText(file);
    const rest = withoutBlock(text, vmId);
    if (rest === text) {
        return false;
    }
    await writeText(file, rest);
    return true;
}

/** The text without the block between the VM's markers (and nothing else). */
function withoutBlock(text: string, vmId: string): string {
    const lines = text.split('\n');
    const from = lines.indexOf(begin(vmId));
    const to = lines.indexOf(end(vmId), from);
    if (from < 0 || to < 0) {
        return text;
    }
    lines.splice(from, to - from + 1);
    return lines.join('\n');
}

async function readText(file: string): Promise<string> {
    try {
        return await fs.readFile(file, 'utf8');
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
            return '';
        }
        throw error;
    }
}

/** Replaced atomically with the file's mode kept (0600 for a new one, as OpenSSH wants), in a ~/.ssh made 0700. */
async function writeText(file: string, content: string): Promise<void> {
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const mode = await fs.stat(file).then((s) => s.mode & 0o777, () => 0o600);
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
    await fs.writeFile(temp, content, { mode, flag: 'wx' });
    await fs.chmod(temp, mode);
    await fs.rename(temp, file).catch(async (error: unknown) => {
        await fs.rm(temp, { force: true });
        throw error;
    });
}
