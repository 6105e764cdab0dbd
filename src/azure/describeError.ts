/** What went wrong, in the user's words, and what they can do about it. */
export interface ErrorDescription {
    readonly cause: string;
    /** What to do; undefined when there is nothing the user can do. */
    readonly fix?: string;
    readonly kind: 'signIn' | 'forbidden' | 'network' | 'throttled' | 'notFound' | 'quota' | 'other';
}

interface ErrorLike {
    name?: string;
    message?: string;
    code?: string;
    statusCode?: number;
    cause?: unknown;
}

const networkCodes = new Set(['ENOTFOUND', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'REQUEST_SEND_ERROR']);
const certificateCodes = new Set(['SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID']);

function firstLine(text: string | undefined): string {
    return (text ?? '').split('\n')[0].trim();
}

function codeOf(error: ErrorLike): string | undefined {
    const inner = error.cause as ErrorLike | undefined;
    return error.code ?? inner?.code;
}

/**
 * What Azure said, without the SDK's wrapping: a failed long-running operation's "The long-running
 * operation has failed. <code>." prefix, and a VM extension's "VM has reported a failure … Error
 * message: '<message>'. More information …" are reduced to the message inside, on one line.
 */
export function plainAzureMessage(error: unknown): string {
    let message = typeof error === 'object' && error !== null ? String((error as ErrorLike).message ?? '') : String(error);
    message = message.replace(/^The long-running operation has failed\.\s*(?:[A-Za-z]+\.\s*)?/, '');
    const inner = /Error message: '([\s\S]*?)'\. More information/.exec(message) ?? /Error message: '([\s\S]*)'/.exec(message);
    return firstLine(inner ? inner[1] : message).replace(/[.\s]+$/, '');
}

/**
 * Maps an error from the Azure SDK or @azure/identity to a cause and a fix. `where` names what was
 * being done ("listing VMs in subscription Dev"), so the message stands on its own.
 */
export function describeAzureError(error: unknown, where: string, endpoint: string): ErrorDescription {
    const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as ErrorLike;
    const code = codeOf(e);
    const message = firstLine(e.message);
    if (e.name === 'CredentialUnavailableError' || e.name === 'AuthenticationRequiredError' || e.name === 'AuthenticationError' || e.statusCode === 401 || code === 'ExpiredAuthenticationToken' || code === 'InvalidAuthenticationToken') {
        return {
            kind: 'signIn',
            cause: `Azure did not accept your sign-in while ${where}: ${message || 'the token is missing or expired'}.`,
            fix: 'Sign in again with "Azure Docker Hosts: Sign in to Azure", then refresh.',
        };
    }
    if (e.statusCode === 403 || code === 'AuthorizationFailed') {
        return {
            kind: 'forbidden',
            cause: `You do not have permission for ${where} (${code ?? 'HTTP 403'}).`,
            fix: 'Ask for the Reader role (Contributor to create hosts) on it, or hide it with "Select Subscriptions…".',
        };
    }
    if (code && certificateCodes.has(code)) {
        return {
            kind: 'network',
            cause: `The certificate of ${endpoint} is not trusted (${code}) while ${where}.`,
            fix: 'Check the cloud settings (microsoft-sovereign-cloud.*) and any TLS-intercepting proxy; NODE_EXTRA_CA_CERTS can add a trusted CA.',
        };
    }
    if (code === 'ECONNRESET' || (code === 'PARSE_ERROR' && /aborted|socket hang up/i.test(message))) {
        return {
            kind: 'network',
            cause: `The connection to Azure at ${endpoint} was cut off while ${where}.`,
            fix: 'This is usually a passing network problem: refresh or try again.',
        };
    }
    if ((code && networkCodes.has(code)) || (e.name === 'AbortError' && !message)) {
        return {
            kind: 'network',
            cause: `Could not reach Azure at ${endpoint} while ${where} (${code ?? 'no answer'}).`,
            fix: 'Check your network connection and proxy settings, then refresh.',
        };
    }
    if (code === 'AzureTimeout') {
        return {
            kind: 'network',
            cause: `${message} while ${where}.`,
            fix: 'Azure or the network may be slow; try again, or raise the setting azureDockerHosts.azureRequestTimeoutSeconds.',
        };
    }
    if (e.statusCode === 429) {
        return { kind: 'throttled', cause: `Azure is throttling requests while ${where}.`, fix: 'Wait a minute, then refresh.' };
    }
    if (e.statusCode === 404) {
        return { kind: 'notFound', cause: `Not found while ${where}: ${message}` };
    }
    if (code === 'OperationNotAllowed' && /quota/i.test(message)) {
        return { kind: 'quota', cause: `Your subscription's quota does not allow this (${where}): ${message}`, fix: 'Pick a smaller VM size or another region, or request a quota increase in the Azure portal.' };
    }
    return { kind: 'other', cause: `Failed while ${where}: ${message || String(error)}` };
}
