/**
 * Image names as the engine reads them: `[registry/]repository[:tag][@digest]`. The first part is
 * a registry only when it has a dot or a port, or is `localhost`; otherwise the image is on Docker Hub.
 */
export interface ImageReference {
    /** host[:port], lower case; `docker.io` for Docker Hub. */
    readonly registry: string;
    readonly repository: string;
    readonly tag?: string;
    readonly digest?: string;
}

export const dockerHub = 'docker.io';

export function parseImageReference(name: string): ImageReference | undefined {
    const text = name.trim();
    if (!text || /\s/.test(text)) {
        return undefined;
    }
    const [withoutDigest, digest] = text.split('@', 2);
    const slash = withoutDigest.indexOf('/');
    const first = slash < 0 ? '' : withoutDigest.slice(0, slash);
    const hasRegistry = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
    const registry = hasRegistry ? first.toLowerCase() : dockerHub;
    const rest = hasRegistry ? withoutDigest.slice(slash + 1) : withoutDigest;
    const colon = rest.lastIndexOf(':');
    const tag = colon > rest.lastIndexOf('/') ? rest.slice(colon + 1) : undefined;
    const repository = tag === undefined ? rest : rest.slice(0, colon);
    if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repository)) {
        return undefined;
    }
    if (tag !== undefined && !/^[\w][\w.-]{0,127}$/.test(tag)) {
        return undefined;
    }
    if (digest !== undefined && !/^[a-z0-9]+:[a-f0-9]{32,}$/.test(digest)) {
        return undefined;
    }
    return { registry, repository, tag, digest };
}

/** `registry/repository:tag` for a registry other than Docker Hub. */
export function imageName(registry: string, repository: string, tag: string): string {
    return `${registry}/${repository}:${tag}`;
}

/** Why a repository name or tag typed by the user is not valid, or undefined when it is. */
export function validateRepositoryAndTag(repository: string, tag: string): string | undefined {
    if (!parseImageReference(`${repository}:x`) || repository.includes(':') || repository.includes('@')) {
        return 'A repository name is lower-case letters, digits and separators (. _ -), in parts joined by /, e.g. team/web.';
    }
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) {
        return 'A tag is up to 128 letters, digits, _ . or -, and does not start with . or -.';
    }
    return undefined;
}

/** Why `server` (host or host:port) is not a registry address, or undefined when it is. */
export function validateRegistryServer(server: string): string | undefined {
    return /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i.test(server) && parseImageReference(`${server}/x`)?.registry === server.toLowerCase()
        ? undefined
        : 'Enter the registry\'s host name, with :port if it has one, e.g. ghcr.io or registry.example.com:5000.';
}
