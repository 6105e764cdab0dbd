import { X509Certificate } from 'node:crypto';
import type { PowerState } from '../host/powerState';
import type { ClientMaterial } from '../tls/storage';

export type EngineErrorKind = 'vmStopped' | 'refused' | 'timeout' | 'tlsWrongCa' | 'tlsExpired' | 'tlsBadClientCert' | 'tlsHostname' | 'other';

/** Why an engine call failed, and what the user can do about it. */
export interface EngineErrorDescription {
    readonly kind: EngineErrorKind;
    readonly cause: string;
    readonly fix: string;
    /** True when the engine was not reached or the connection broke (the host row shows "unreachable"). */
    readonly unreachable: boolean;
    /** The engine's HTTP status, when it answered with an error. */
    readonly statusCode?: number;
    /** The low-level code (ECONNREFUSED, CERT_HAS_EXPIRED…), for logs. */
    readonly code?: string;
}

export interface EngineErrorContext {
    readonly address: string;
    readonly port: number;
    /** The material the client used: lets a rejected handshake be explained (expired or foreign client cert). */
    readonly tls?: ClientMaterial;
    /** The VM's power state from Azure, when known. */
    readonly powerState?: PowerState;
    readonly timeoutMs?: number;
    readonly now?: Date;
}

/** Thrown by the engine timeout; carries the limit so the text can name it. */
export class EngineTimeoutError extends Error {
    constructor(readonly timeoutMs: number, what: string) {
        super(`${what}: no answer within ${Math.round(timeoutMs / 100) / 10} s`);
        this.name = 'EngineTimeoutError';
    }
}

interface ErrorLike {
    name?: string;
    message?: string;
    code?: string;
    statusCode?: number;
    json?: unknown;
    reason?: string;
    cause?: unknown;
}

/** Every certificate problem has the same cure, which the extension offers as one command. */
const rotateFix = 'Run "Rotate TLS Certificates" on the host (right-click it in Azure Docker Hosts): it makes a new CA, server and client certificate and installs them on the VM.';

// The engine's certificate does not chain to the CA we hold.
const wrongCaCodes = new Set([
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT',
    'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_SIGNATURE_FAILURE', 'CERT_UNTRUSTED',
]);
const serverExpiredCodes = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
// Alerts the engine sends when it rejects our client certificate. Go's TLS server (dockerd 20.10)
// sends "bad certificate" for every case (foreign CA, expired, missing); newer Go versions may send
// the more specific ones, so the local certificate is examined to tell the cases apart. The code's
// prefix depends on the TLS library: ERR_SSL_SSLV3_ALERT_… (OpenSSL 3.0, BoringSSL in Electron),
// ERR_SSL_SSL/TLS_ALERT_… (OpenSSL 3.5 in Node 24).
const clientRejectedAlert = /^ERR_SSL_.*ALERT_(BAD_CERTIFICATE|CERTIFICATE_EXPIRED|UNKNOWN_CA|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|CERTIFICATE_REQUIRED|ACCESS_DENIED|CERTIFICATE_REVOKED|DECRYPT_ERROR)$/;
const lostCodes = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);
const unreachableCodes = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL']);

function asErrorLike(error: unknown): ErrorLike {
    return typeof error === 'object' && error !== null ? (error as ErrorLike) : { message: String(error) };
}

function codeOf(e: ErrorLike): string | undefined {
    return e.code ?? (e.cause ? asErrorLike(e.cause).code : undefined);
}

/** The engine's own message from an HTTP error (dockerode puts the body in `json`). */
function engineMessage(e: ErrorLike): string {
    const body = e.json as { message?: string } | Buffer | undefined;
    const fromBody = body && !Buffer.isBuffer(body) && typeof body.message === 'string' ? body.message : undefined;
    const text = fromBody ?? (e.message ?? '').replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, '');
    return text.trim() || `HTTP ${e.statusCode}`;
}

function day(date: Date): string {
    return date.toISOString().slice(0, 10);
}

/** What is wrong with our client certificate, judged from the PEMs alone; undefined when it looks fine. */
function clientCertProblem(tls: ClientMaterial | undefined, now: Date): { kind: 'tlsExpired' | 'tlsBadClientCert'; cause: string } | undefined {
    if (!tls) {
        return undefined;
    }
    let cert: X509Certificate;
    try {
        cert = new X509Certificate(tls.cert);
    } catch {
        return { kind: 'tlsBadClientCert', cause: "This host's client certificate cannot be read (not a PEM certificate)." };
    }
    const notAfter = new Date(cert.validTo);
    const notBefore = new Date(cert.validFrom);
    if (now > notAfter) {
        return { kind: 'tlsExpired', cause: `This host's client certificate expired on ${day(notAfter)}, so the engine rejects the TLS handshake.` };
    }
    if (now < notBefore) {
        return { kind: 'tlsExpired', cause: `This host's client certificate is not valid before ${notBefore.toISOString()} (check this machine's clock), so the engine rejects the TLS handshake.` };
    }
    try {
        const ca = new X509Certificate(tls.ca);
        if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) {
            return { kind: 'tlsBadClientCert', cause: "This host's client certificate is not signed by the host's CA, so the engine rejects the TLS handshake." };
        }
    } catch {
        // an unreadable CA shows up as a server-certificate failure instead
    }
    return undefined;
}

/**
 * Maps a failed engine call to a kind, a cause naming what went wrong, and a fix. Connection
 * failures are explained from the error code, the VM's power state, and the client's own PEMs
 * (an engine that rejects the handshake does not say why).
 */
export function describeEngineError(error: unknown, context: EngineErrorContext): EngineErrorDescription {
    const e = asErrorLike(error);
    const code = codeOf(e);
    const where = `${context.address}:${context.port}`;
    const now = context.now ?? new Date();

    if (typeof e.statusCode === 'number' && !code) {
        return {
            kind: 'other',
            cause: `The engine refused the request: ${engineMessage(e)} (HTTP ${e.statusCode}).`,
            fix: e.statusCode === 404 ? 'It may have been removed meanwhile; refresh the host.' : 'See the engine\'s message; refresh the host and try again.',
            unreachable: false,
            statusCode: e.statusCode,
        };
    }

    const timedOut = error instanceof EngineTimeoutError || code === 'ETIMEDOUT';
    const connectionFailed = timedOut || code === 'ECONNREFUSED' || (code !== undefined && (lostCodes.has(code) || unreachableCodes.has(code)));
    if (connectionFailed && (context.powerState === 'stopped' || context.powerState === 'deallocated' || context.powerState === 'stopping' || context.powerState === 'deallocating')) {
        return {
            kind: 'vmStopped',
            cause: `The VM is ${context.powerState}, so its Docker engine at ${where} is not running.`,
            fix: 'Start the VM, then retry.',
            unreachable: true,
            code,
        };
    }
    if (code === 'ECONNREFUSED') {
        return {
            kind: 'refused',
            cause: `Nothing accepts connections at ${where} (connection refused): the Docker engine is not running, or listens on another port.`,
            fix: `Check that the VM is running and that dockerd listens on TCP port ${context.port} (systemctl status docker on the VM), then retry.`,
            unreachable: true,
            code,
        };
    }
    if (timedOut) {
        const limit = error instanceof EngineTimeoutError ? error.timeoutMs : context.timeoutMs;
        return {
            kind: 'timeout',
            cause: `The engine at ${where} did not answer${limit ? ` within ${Math.round(limit / 100) / 10} s` : ' in time'}.`,
            fix: 'Check that the VM is running and that its network security group lets your address reach that port; a slow engine may need a larger azureDockerHosts.engineTimeoutSeconds.',
            unreachable: true,
            code: code ?? 'TIMEOUT',
        };
    }
    if (code && wrongCaCodes.has(code)) {
        return {
            kind: 'tlsWrongCa',
            cause: `The engine's certificate is not signed by this host's CA (${code}): the engine at ${where} is not the one this host's certificates were made for, or its TLS material was replaced.`,
            fix: `Put the host's CA and client certificate back in its certificate folder, or ${rotateFix.charAt(0).toLowerCase()}${rotateFix.slice(1)}`,
            unreachable: true,
            code,
        };
    }
    if (code && serverExpiredCodes.has(code)) {
        return {
            kind: 'tlsExpired',
            cause: code === 'CERT_HAS_EXPIRED'
                ? `The engine's server certificate at ${where} has expired.`
                : `The engine's server certificate at ${where} is not valid yet (check the clocks of this machine and the VM).`,
            fix: rotateFix,
            unreachable: true,
            code,
        };
    }
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
        return {
            kind: 'tlsHostname',
            cause: `The engine's certificate is not valid for ${context.address}: ${(e.reason ?? e.message ?? 'the name is not in its subject alternative names').replace(/[:\s]+$/, '')}.`,
            fix: `${rotateFix} The new server certificate names the host's current address; or connect through a name the old one lists.`,
            unreachable: true,
            code,
        };
    }
    if (code && clientRejectedAlert.test(code)) {
        const problem = clientCertProblem(context.tls, now);
        return {
            kind: problem?.kind ?? (code.endsWith('ALERT_CERTIFICATE_EXPIRED') ? 'tlsExpired' : 'tlsBadClientCert'),
            cause: problem?.cause ?? `The engine at ${where} rejected this host's client certificate during the TLS handshake (${e.reason ?? code}): it trusts another CA.`,
            fix: rotateFix,
            unreachable: true,
            code,
        };
    }
    if (code && lostCodes.has(code)) {
        return {
            kind: 'other',
            cause: `The connection to the engine at ${where} was lost (${code}${e.message && e.message !== code ? `: ${e.message}` : ''}).`,
            fix: 'The engine may have stopped or restarted; retry in a moment.',
            unreachable: true,
            code,
        };
    }
    if (code && unreachableCodes.has(code)) {
        return {
            kind: 'other',
            cause: `The engine's address ${context.address} cannot be reached (${code}).`,
            fix: "Check this machine's network connection and the host's address, then retry.",
            unreachable: true,
            code,
        };
    }
    const firstLine = (e.message ?? String(error)).split('\n')[0].trim();
    return {
        kind: 'other',
        cause: `The engine call failed: ${firstLine || 'unknown error'}${code ? ` (${code})` : ''}.`,
        fix: 'Retry; if it keeps failing, check the engine on the VM (journalctl -u docker).',
        unreachable: code !== undefined && (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')),
        code,
    };
}

/** An engine call that failed, described. `message` is the cause; `fix` says what to do. */
export class EngineError extends Error {
    readonly kind: EngineErrorKind;
    readonly fix: string;
    readonly unreachable: boolean;
    readonly statusCode?: number;
    readonly code?: string;

    constructor(readonly description: EngineErrorDescription, options?: { cause?: unknown }) {
        super(description.cause, options);
        this.name = 'EngineError';
        this.kind = description.kind;
        this.fix = description.fix;
        this.unreachable = description.unreachable;
        this.statusCode = description.statusCode;
        this.code = description.code;
    }
}
