import { conflictsHeading, restoreScript, setupScriptTemplate } from './setupScriptTemplate';

/** TLS on a port, with the engine's CA and server certificate. */
export interface TlsSetupInput {
    access?: 'tls';
    port: number;
    caPem: string;
    serverCertPem: string;
    serverKeyPem: string;
    /** See {@link LiveRestoreChoice}. */
    liveRestore?: boolean;
}

/** SSH only: the engine on its unix socket alone, usable by the admin user (the docker group). */
export interface SshSetupInput {
    access: 'ssh';
    adminUser: string;
    /** See {@link LiveRestoreChoice}. */
    liveRestore?: boolean;
}

/**
 * `live-restore` for a daemon.json that does not set it, on a host this extension creates: true
 * (containers survive an engine restart) except on a swarm node, where dockerd refuses it.
 * Undefined adds nothing: an adopted VM, a rotation or a switch keeps the owner's or the create's
 * choice, and a VM that is someone's swarm node would not start its engine with it.
 */
export type LiveRestoreChoice = SetupScriptInput['liveRestore'];

export type SetupScriptInput = TlsSetupInput | SshSetupInput;

/**
 * Fills the setup script. The PEMs and the user name travel base64-encoded and the port must be
 * an integer, so nothing a caller passes can become shell syntax.
 */
export function renderSetupScript(input: SetupScriptInput): string {
    const values: Record<string, string> = input.access === 'ssh'
        ? { ACCESS: 'ssh', ADMIN_USER_B64: adminUserBase64(input.adminUser), PORT: '0', CA_PEM_B64: '', SERVER_CERT_PEM_B64: '', SERVER_KEY_PEM_B64: '', LIVE_RESTORE: liveRestoreArg(input.liveRestore) }
        : {
            ACCESS: 'tls',
            ADMIN_USER_B64: '',
            PORT: validPort(input.port),
            CA_PEM_B64: pemToBase64(input.caPem, 'CERTIFICATE'),
            SERVER_CERT_PEM_B64: pemToBase64(input.serverCertPem, 'CERTIFICATE'),
            SERVER_KEY_PEM_B64: pemToBase64(input.serverKeyPem, 'PRIVATE KEY'),
            LIVE_RESTORE: liveRestoreArg(input.liveRestore),
        };
    return setupScriptTemplate.replace(/@@([A-Z0-9_]+)@@/g, (_match, name: string) => {
        const value = values[name];
        if (value === undefined) {
            throw new Error(`Setup script template has an unknown placeholder: ${name}`);
        }
        return value;
    });
}

function liveRestoreArg(choice: LiveRestoreChoice): string {
    return choice === undefined ? 'unset' : String(choice);
}

function validPort(port: number): string {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
        throw new RangeError(`Invalid Docker TLS port: ${port}`);
    }
    return String(port);
}

/** The same rule Azure's osProfile applies (validateAdminUser.ts); anything else never reaches the VM. */
function adminUserBase64(user: string): string {
    if (!/^[a-z_][a-z0-9_-]{0,31}$/.test(user)) {
        throw new Error(`Invalid admin user name for the docker group: ${user}`);
    }
    return Buffer.from(user, 'utf8').toString('base64');
}

function pemToBase64(pem: string, label: string): string {
    if (!pem.includes(`-----BEGIN ${label}-----`)) {
        throw new Error(`Expected a PEM ${label}`);
    }
    return Buffer.from(pem, 'utf8').toString('base64');
}

/** The script that undoes the last setup run on a VM (it takes no input). */
export function renderRestoreScript(): string {
    return restoreScript;
}

/**
 * The conflicts the setup script listed before stopping, read from the extension's failure message
 * (Azure passes on the script's stderr); undefined when it did not stop for conflicts.
 */
export function setupConflictsIn(message: string): string[] | undefined {
    const at = message.indexOf(conflictsHeading);
    if (at < 0) {
        return undefined;
    }
    const lines = message.slice(at + conflictsHeading.length).split(/\r?\n/).slice(1);
    const items: string[] = [];
    for (const line of lines) {
        const item = /^ {2}- (.+)$/.exec(line);
        if (!item) {
            break;
        }
        items.push(item[1]);
    }
    return items;
}

/**
 * The last line a failed script wrote to stderr, from the extension's failure message (Azure
 * quotes the tail of the script's output after "[stderr]", then adds its own troubleshooting
 * sentence); undefined when the script did not fail by itself (exit status) or wrote nothing.
 */
export function scriptErrorIn(message: string): string | undefined {
    const at = message.lastIndexOf('[stderr]');
    if (at < 0 || !/exit status=\d+/.test(message)) {
        return undefined;
    }
    const stderr = message.slice(at + '[stderr]'.length).split("'. More information")[0];
    return stderr.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).at(-1);
}
