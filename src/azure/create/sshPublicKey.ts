const keyTypes = ['ssh-ed25519', 'ssh-rsa', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'sk-ssh-ed25519@openssh.com', 'sk-ecdsa-sha2-nistp256@openssh.com'];

/**
 * Checks that text is one OpenSSH public key line whose blob names the same key type. Returns the
 * normalised key, or the error message for the prompt.
 */
export function parseSshPublicKey(text: string): { key: string; type: string } | string {
    const trimmed = text.trim();
    if (/PRIVATE KEY-----/.test(trimmed)) {
        return 'This is a private key. Choose the matching public key (the file ending in .pub); the private key never leaves this computer.';
    }
    const lines = trimmed.split(/\r?\n/).filter((l) => l.trim() !== '');
    if (lines.length !== 1) {
        return 'An SSH public key is one line, such as "ssh-ed25519 AAAA… user@host".';
    }
    const [type, blob] = lines[0].split(/\s+/);
    if (!keyTypes.includes(type) || !blob || !/^[A-Za-z0-9+/]+={0,2}$/.test(blob)) {
        return 'This is not an SSH public key: expected a line such as "ssh-ed25519 AAAA… user@host".';
    }
    const bytes = Buffer.from(blob, 'base64');
    const length = bytes.length >= 4 ? bytes.readUInt32BE(0) : -1;
    if (length < 0 || 4 + length > bytes.length || bytes.subarray(4, 4 + length).toString('latin1') !== type) {
        return `This is not a valid ${type} key: its data is damaged.`;
    }
    return { key: lines[0].trim(), type };
}
