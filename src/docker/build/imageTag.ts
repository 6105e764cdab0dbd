// Docker's reference grammar (distribution/reference), for the tag a build gives its image.
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const pathComponent = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const name = `(?:${domain}/)?${pathComponent}(?:/${pathComponent})*`;
const referencePattern = new RegExp(`^(${name})(?::([\\w][\\w.-]{0,127}))?$`);

/** Why `tag` cannot name a built image, or undefined when it can (`name` or `name:tag`, no digest). */
export function validateImageTag(tag: string): string | undefined {
    const text = tag.trim();
    if (!text) {
        return 'Enter a tag, for example myapp:latest.';
    }
    const match = referencePattern.exec(text);
    if (!match) {
        return `"${text}" is not a valid image tag: use lowercase letters, digits and separators (. _ -) in the name, optionally a registry and path, then ":" and a tag of letters, digits, _ . or - (for example registry.example.com/team/app:1.0).`;
    }
    if (match[1].length > 255) {
        return `"${text}" is too long: an image name has at most 255 characters.`;
    }
    return undefined;
}

/** `<folder>:latest`, with the folder name lowered into the reference grammar. */
export function defaultImageTag(folderName: string): string {
    const base = folderName.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '').replace(/[._-]{2,}/g, '-');
    return `${base || 'image'}:latest`;
}
