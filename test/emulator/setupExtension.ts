/**
 * What a CustomScript extension carries, read as the Linux extension reads it: the protected
 * settings' `script` (base64, optionally gzip) or `commandToExecute` (protected wins over public).
 * Also `parseSetupScript`, for tests that need the material the extension put in its script.
 */
import { gunzipSync } from 'node:zlib';
import type { TlsSetupInput } from '../../src/hostSetup/setupScript';
import type { Json } from './util';

export type CustomScriptPayload = { script: string } | { commandToExecute: string };

export function customScriptPayload(protectedSettings: Json | undefined, settings: Json | undefined): CustomScriptPayload {
    const prot = asObject(protectedSettings);
    const pub = asObject(settings);
    const script = prot.script ?? pub.script;
    const command = prot.commandToExecute ?? pub.commandToExecute;
    if (typeof script === 'string' && typeof command === 'string') {
        // The extension's own wording.
        throw new Error("Enable failed: invalid configuration: 'script' and 'commandToExecute' were both specified, but only one is validate at a time");
    }
    if (typeof script === 'string') {
        const bytes = Buffer.from(script, 'base64');
        const gzipped = bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
        return { script: (gzipped ? gunzipSync(bytes) : bytes).toString('utf8') };
    }
    if (typeof command === 'string') {
        return { commandToExecute: command };
    }
    throw new Error("Enable failed: invalid configuration: 'commandToExecute' is not specified");
}

function asObject(value: Json | undefined): Record<string, Json> {
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

/** The port and PEMs that buildSetupExtension's script carries. */
export function parseSetupScript(protectedSettings: unknown): TlsSetupInput {
    const script = (protectedSettings as { script?: unknown } | null | undefined)?.script;
    if (typeof script !== 'string') {
        throw new Error('protectedSettings.script is missing');
    }
    const text = Buffer.from(script, 'base64').toString('utf8');
    const port = Number(assignment(text, 'port', '[0-9]+'));
    return {
        port,
        caPem: decodeBase64(assignment(text, 'ca_pem_b64', '[A-Za-z0-9+/=]*')),
        serverCertPem: decodeBase64(assignment(text, 'server_cert_pem_b64', '[A-Za-z0-9+/=]*')),
        serverKeyPem: decodeBase64(assignment(text, 'server_key_pem_b64', '[A-Za-z0-9+/=]*')),
    };
}

function assignment(script: string, name: string, valuePattern: string): string {
    const match = new RegExp(`^readonly ${name}='(${valuePattern})'$`, 'm').exec(script);
    if (!match) {
        throw new Error(`The setup script does not set ${name}`);
    }
    return match[1];
}

function decodeBase64(value: string): string {
    return Buffer.from(value, 'base64').toString('utf8');
}
