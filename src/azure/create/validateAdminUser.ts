// Names Azure refuses as a Linux VM's admin user (InvalidParameter "The Admin Username specified is not allowed").
const reserved = new Set([
    '1', '123', 'a', 'actuser', 'adm', 'admin', 'admin1', 'admin2', 'administrator', 'aspnet', 'backup', 'console', 'david',
    'guest', 'john', 'owner', 'root', 'server', 'sql', 'support', 'support_388945a0', 'sys', 'test', 'test1', 'test2', 'test3',
    'user', 'user1', 'user2', 'user3', 'user4', 'user5',
]);

/** An error message for the prompt, or undefined when the Linux admin user name is valid. */
export function validateAdminUser(value: string): string | undefined {
    const name = value.trim();
    if (name.length === 0) {
        return 'Enter the admin user name for SSH.';
    }
    if (name.length > 32) {
        return `A Linux user name is at most 32 characters long (it is ${name.length}).`;
    }
    if (!/^[a-z_][a-z0-9_-]*$/.test(name)) {
        return 'Use lowercase letters, digits, "_" and "-", starting with a letter or "_".';
    }
    if (reserved.has(name)) {
        return `"${name}" is reserved on Azure VMs; choose another user name.`;
    }
    return undefined;
}
