/**
 * What went wrong with a registry, as a cause and a fix: from the v2 API's answers (status and
 * `errors[].code`), and from the engine's words when a pull or push it ran failed.
 */
export type RegistryErrorKind =
    /** The registry does not answer: no such host, refused, timed out. */
    | 'registryNotFound'
    /** The credentials were refused (wrong password, expired or revoked token). */
    | 'unauthorized'
    /** Signed in, but without the right to do this (ACR: AcrPull/AcrPush/AcrDelete missing). */
    | 'denied'
    /** The registry wants credentials and has none. */
    | 'signInNeeded'
    | 'repositoryNotFound'
    | 'tagNotFound'
    | 'other';

export class RegistryError extends Error {
    override readonly name = 'RegistryError';
    constructor(readonly causeText: string, readonly fix: string, readonly kind: RegistryErrorKind, options?: ErrorOptions) {
        super(`${causeText} ${fix}`.trim(), options);
    }
}

export interface FailureContext {
    /** An Azure Container Registry, signed in with the Azure account. */
    readonly acr: boolean;
    /** Credentials were sent. */
    readonly signedIn: boolean;
    readonly repository?: string;
    readonly tag?: string;
    /** What was being done: 'pull' (default), 'push' or 'delete'. */
    readonly action?: 'pull' | 'push' | 'delete';
    /** The answer came from the token endpoint, not the registry. */
    readonly tokenEndpoint?: boolean;
}

const acrRole = { pull: 'AcrPull', push: 'AcrPush', delete: 'AcrDelete' } as const;

/** Classifies a failure from its status (when known) and text. */
export function classifyRegistryFailure(server: string, status: number | undefined, codes: string[], text: string, ctx: FailureContext): RegistryError {
    const action = ctx.action ?? 'pull';
    const what = ctx.repository ? `${ctx.repository}${ctx.tag ? `:${ctx.tag}` : ''} on ${server}` : `from ${server}`;
    const has = (c: string) => codes.includes(c);
    const words = text.toLowerCase();
    // A HEAD answer has no body: a 404 on a tag is the tag.
    if (has('MANIFEST_UNKNOWN') || /manifest unknown|manifest for .* not found/.test(words) || (status === 404 && ctx.tag && codes.length === 0)) {
        return new RegistryError(`The tag ${ctx.tag ?? ''} was not found in ${ctx.repository ?? 'the repository'} on ${server}.`.replace('tag  was', 'tag was'),
            'Check the tag: the repository\'s tags are listed under the registry in the Registries view.', 'tagNotFound');
    }
    if (has('NAME_UNKNOWN') || (status === 404 && ctx.repository)) {
        return new RegistryError(`The repository ${ctx.repository ?? ''} does not exist on ${server}.`, 'Check the image name.', 'repositoryNotFound');
    }
    const refused = status === 401 || status === 403 || has('UNAUTHORIZED') || has('DENIED')
        || /unauthorized|authentication required|access to the resource is denied|access denied|denied:|insufficient_scope/.test(words);
    if (refused) {
        if (/expired/.test(words) || (ctx.tokenEndpoint && ctx.acr)) {
            return new RegistryError(`${server} refused the sign-in: the registry token has expired or was revoked.`,
                'Run the action again: a new token is taken from your Azure account. If it fails again, sign in to Azure again.', 'unauthorized');
        }
        if (ctx.acr) {
            return new RegistryError(`Your Azure account may not ${action} ${what}.`,
                `Ask for the ${acrRole[action]} role (or a role that includes it) on the registry, then try again; new role assignments can take a few minutes to apply.`, 'denied');
        }
        if (!ctx.signedIn) {
            return new RegistryError(`${server} needs a sign-in to ${action} ${what}.`.replace(` ${action} from ${server}`, ` ${action} from it`),
                'Add the registry under Other registries in the Registries view, with a username and password or token.', 'signInNeeded');
        }
        if (status === 403 || has('DENIED') || /denied/.test(words)) {
            return new RegistryError(`The registry's account may not ${action} ${what}.`, 'Use an account or token with that right.', 'denied');
        }
        return new RegistryError(`${server} refused the username or password.`,
            'Remove the registry under Other registries in the Registries view and add it again with the right username and password or token.', 'unauthorized');
    }
    const detail = text.trim() ? `: ${text.trim().replace(/\.$/, '')}` : '';
    return new RegistryError(`${server} answered ${status ?? 'with an error'}${detail}.`, 'Try again later; if it persists, check the registry.', 'other');
}

export const registryErrors = {
    /** A v2 API (or token endpoint) answer that is not a success. */
    async fromResponse(server: string, res: Response, ctx: FailureContext): Promise<RegistryError> {
        let codes: string[] = [];
        let text = '';
        try {
            const body = await res.json() as { errors?: { code?: string; message?: string }[]; error?: string; error_description?: string };
            codes = (body.errors ?? []).map((e) => e.code ?? '');
            text = (body.errors ?? []).map((e) => e.message ?? '').join('; ') || body.error_description || body.error || '';
        } catch {
            // HEAD answers and some proxies have no JSON body
        }
        const challenge = res.headers.get('www-authenticate') ?? '';
        if (/insufficient_scope/.test(challenge)) {
            text = `${text} insufficient_scope`;
        }
        return classifyRegistryFailure(server, res.status, codes, text, ctx);
    },

    unreachable(server: string, error: unknown): RegistryError {
        const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
        return new RegistryError(`The registry ${server} could not be reached (${cause}).`,
            'Check the registry\'s name: it may not exist, or this computer cannot reach it.', 'registryNotFound', { cause: error });
    },
};
