/**
 * The host name is the VM name and also the public IP's DNS label, so it follows the stricter of the
 * two rule sets: DNS-label rules (3–63 characters, lowercase letters, digits and hyphens, starting
 * with a letter and ending with a letter or digit).
 */
export const hostNameRules = { minLength: 3, maxLength: 63 } as const;

// Words ARM refuses in resource names (ReservedResourceName); the first group anywhere in the name.
const reservedAnywhere = ['microsoft', 'windows'];
const reservedWhole = ['azure', 'bing', 'cortana', 'hotmail', 'office', 'office365', 'onedrive', 'outlook', 'skype', 'xbox', 'login', 'msdn', 'sql', 'visualstudio'];

/** An error message for the prompt, or undefined when the name is valid. */
export function validateHostName(value: string): string | undefined {
    const name = value.trim();
    if (name.length === 0) {
        return 'Enter a name for the Docker host.';
    }
    if (name.length < hostNameRules.minLength || name.length > hostNameRules.maxLength) {
        return `The name must be ${hostNameRules.minLength} to ${hostNameRules.maxLength} characters long (it is ${name.length}).`;
    }
    if (/[A-Z]/.test(name)) {
        return 'Use lowercase letters: the name is also the DNS label of the host\'s address.';
    }
    if (!/^[a-z0-9-]+$/.test(name)) {
        return 'Use only lowercase letters, digits and hyphens: the name is also the DNS label of the host\'s address.';
    }
    if (!/^[a-z]/.test(name)) {
        return 'The name must start with a letter.';
    }
    if (name.endsWith('-')) {
        return 'The name must end with a letter or a digit.';
    }
    const word = reservedAnywhere.find((w) => name.includes(w)) ?? reservedWhole.find((w) => name === w);
    if (word) {
        return `"${word}" is a reserved word in Azure resource names; choose another name.`;
    }
    return undefined;
}
