import type { SetupScriptInput } from './setupScript';

/**
 * The inverse of buildSetupExtension's script: what a VM would end up configured with. The Azure
 * emulator uses it to start a real dockerd with exactly the material the extension sent.
 */
export function parseSetupScript(protectedSettings: unknown): SetupScriptInput {
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
