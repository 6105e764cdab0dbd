export const defaultTlsPort = 2376;

/** Parses the Docker TLS port; returns the port or an error message for the prompt. */
export function parseTlsPort(value: string): number | string {
    const text = value.trim();
    if (!/^\d+$/.test(text)) {
        return 'Enter a port number from 1 to 65535.';
    }
    const port = Number(text);
    if (port < 1 || port > 65535) {
        return `The port must be from 1 to 65535 (${text} is not).`;
    }
    if (port === 22) {
        return 'Port 22 is used by SSH on the same VM; choose another port (2376 is the usual one for Docker over TLS).';
    }
    return port;
}
