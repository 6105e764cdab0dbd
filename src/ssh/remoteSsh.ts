/** The Remote - SSH extension, which opens a VS Code window on a machine reached through ssh. */
export const remoteSshExtensionId = 'ms-vscode-remote.remote-ssh';

/**
 * The folder Remote-SSH opens: the user's home on the VM, through the alias of the managed Host
 * block (so the key and the pinned host keys apply). Remote-SSH's authority is `ssh-remote+<host>`.
 */
export function remoteSshFolderUri(alias: string, user: string): string {
    if (!/^[A-Za-z0-9_.-]+$/.test(alias)) {
        throw new Error(`"${alias}" is not an SSH alias Remote-SSH can open.`);
    }
    const home = user === 'root' ? '/root' : `/home/${encodeURIComponent(user)}`;
    return `vscode-remote://ssh-remote+${alias}${home}`;
}
