export type ShellFlavour = 'bash' | 'fish' | 'powershell' | 'cmd';

export interface DockerEnvironmentTarget {
    readonly address: string;
    readonly port: number;
    /** The host's DOCKER_CERT_PATH folder (ca.pem, cert.pem, key.pem). */
    readonly certDir: string;
}

/** DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH as name/value pairs. */
export function dockerEnvironmentVariables(target: DockerEnvironmentTarget): Record<string, string> {
    return { DOCKER_HOST: `tcp://${target.address}:${target.port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: target.certDir };
}

const quote: Record<ShellFlavour, (value: string) => string> = {
    bash: (v) => `'${v.replace(/'/g, `'\\''`)}'`,
    fish: (v) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`,
    powershell: (v) => `'${v.replace(/'/g, "''")}'`,
    // cmd.exe has no quoting that protects % (it expands %NAME% even inside "…"), and `set "N=v"`
    // keeps a value's own quotes. So each special character is escaped with ^ instead; ^% works
    // because %-expansion runs first and finds no variable whose name ends in ^. For an interactive
    // prompt, which is where the copied lines are pasted.
    cmd: (v) => v.replace(/[\^&|<>()"%!]/g, '^$&'),
};

/** The commands that set the variables in the chosen shell, one per line. */
export function dockerEnvironmentScript(target: DockerEnvironmentTarget, shell: ShellFlavour): string {
    const line = (name: string, value: string): string => {
        switch (shell) {
            case 'bash':
                return `export ${name}=${quote.bash(value)}`;
            case 'fish':
                return `set -gx ${name} ${quote.fish(value)}`;
            case 'powershell':
                return `$Env:${name} = ${quote.powershell(value)}`;
            case 'cmd':
                return `set ${name}=${quote.cmd(value)}`;
        }
    };
    return `${Object.entries(dockerEnvironmentVariables(target)).map(([n, v]) => line(n, v)).join('\n')}\n`;
}
