import { conflictsHeading, restoreScript, setupScriptTemplate } from './setupScriptTemplate';

export interface SetupScriptInput {
    port: number;
    caPem: string;
    serverCertPem: string;
    serverKeyPem: string;
}

/**
 * Fills the setup script. The PEMs travel base64-encoded and the port must be an integer, so
 * nothing a caller passes can become shell syntax.
 */
export function renderSetupScript(input: SetupScriptInput): string {
    if (!Number.isInteger(input.port) || input.port < 1 || input.port > 65535) {
        throw new RangeError(`Invalid Docker TLS port: ${input.port}`);
    }
    const values: Record<string, string> = {
        PORT: String(input.port),
        CA_PEM_B64: pemToBase64(input.caPem, 'CERTIFICATE'),
        SERVER_CERT_PEM_B64: pemToBase64(input.serverCertPem, 'CERTIFICATE'),
        SERVER_KEY_PEM_B64: pemToBase64(input.serverKeyPem, 'PRIVATE KEY'),
    };
    return setupScriptTemplate.replace(/@@([A-Z0-9_]+)@@/g, (_match, name: string) => {
        const value = values[name];
        if (value === undefined) {
            throw new Error(`Setup script template has an unknown placeholder: ${name}`);
        }
        return value;
    });
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
