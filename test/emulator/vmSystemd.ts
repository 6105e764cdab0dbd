/**
 * systemd's view of a simulated VM's service, as far as starting dockerd needs it: which unit
 * file and drop-ins are loaded, what their [Service] sections add up to (with `ExecStart=` reset
 * semantics), and the command line systemd would run. Pure: files come through a FileView.
 */

/** Read-only access to a file tree by absolute path (a VM's disk, or a snapshot of its units). */
export interface FileView {
    /** The file's text, or undefined if it does not exist (or is not a regular file). */
    read(absPath: string): string | undefined;
    /** Names of the entries of a folder (empty if it does not exist). */
    list(absPath: string): string[];
}

/** Where systemd looks for units, highest priority first (/usr/lib is /lib on these images). */
export const unitDirs = ['/etc/systemd/system', '/run/systemd/system', '/lib/systemd/system'];

export interface UnitFiles {
    /** The unit file that systemd would load, and its text. */
    fragment?: { path: string; text: string };
    /** `*.conf` drop-ins in systemd's order (by file name; a name in a higher-priority folder wins). */
    dropIns: { path: string; text: string }[];
}

export function loadUnit(view: FileView, unit: string): UnitFiles {
    let fragment: UnitFiles['fragment'];
    for (const dir of unitDirs) {
        const text = view.read(`${dir}/${unit}`);
        if (text !== undefined) {
            fragment = { path: `${dir}/${unit}`, text };
            break;
        }
    }
    const byName = new Map<string, { path: string; text: string }>();
    for (const dir of [...unitDirs].reverse()) {
        const dropInDir = `${dir}/${unit}.d`;
        for (const name of view.list(dropInDir).filter((n) => n.endsWith('.conf'))) {
            const text = view.read(`${dropInDir}/${name}`);
            if (text !== undefined) {
                byName.set(name, { path: `${dropInDir}/${name}`, text });
            }
        }
    }
    const dropIns = [...byName.keys()].sort().map((name) => byName.get(name)!);
    return { fragment, dropIns };
}

export interface ServiceConfig {
    type: string;
    /** Each ExecStart= command line, split into words (variables not yet expanded). */
    execStart: string[][];
    environment: Map<string, string>;
    /** EnvironmentFile= entries; a leading `-` makes a missing file fine. */
    environmentFiles: { path: string; optional: boolean }[];
}

/** The [Service] section that the fragment and its drop-ins add up to, checked as systemd checks it. */
export function serviceConfig(unit: string, files: UnitFiles): ServiceConfig {
    if (!files.fragment) {
        throw new Error(`Failed to start ${unit}: Unit ${unit} not found.`);
    }
    const config: ServiceConfig = { type: 'simple', execStart: [], environment: new Map(), environmentFiles: [] };
    for (const file of [files.fragment, ...files.dropIns]) {
        for (const [key, value] of serviceEntries(file.text)) {
            switch (key) {
                case 'Type':
                    config.type = value;
                    break;
                case 'ExecStart':
                    // An empty assignment resets the list, which is how a drop-in replaces the command.
                    config.execStart = value === '' ? [] : [...config.execStart, splitCommandLine(value)];
                    break;
                case 'Environment':
                    for (const assignment of splitCommandLine(value)) {
                        const eq = assignment.indexOf('=');
                        if (eq > 0) {
                            config.environment.set(assignment.slice(0, eq), assignment.slice(eq + 1));
                        }
                    }
                    break;
                case 'EnvironmentFile':
                    if (value === '') {
                        config.environmentFiles = [];
                    } else {
                        config.environmentFiles.push({ path: value.replace(/^-/, ''), optional: value.startsWith('-') });
                    }
                    break;
            }
        }
    }
    if (config.execStart.length === 0) {
        throw new Error(`${unit}: Service has no ExecStart=, ExecStop=, or SuccessAction= setting. Refusing.`);
    }
    if (config.execStart.length > 1 && config.type !== 'oneshot') {
        throw new Error(`${unit}: Service has more than one ExecStart= setting, which is only allowed for Type=oneshot services. Refusing.`);
    }
    return config;
}

/** Key/value pairs of the [Service] sections of one unit file, with line continuations joined. */
function serviceEntries(text: string): [string, string][] {
    const entries: [string, string][] = [];
    let section = '';
    const lines = text.replace(/\\\n/g, ' ').split('\n');
    for (const raw of lines) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#') || line.startsWith(';')) {
            continue;
        }
        const header = /^\[(.+)\]$/.exec(line);
        if (header) {
            section = header[1];
            continue;
        }
        const eq = line.indexOf('=');
        if (section === 'Service' && eq > 0) {
            entries.push([line.slice(0, eq).trim(), line.slice(eq + 1).trim()]);
        }
    }
    return entries;
}

/** Splits a command line the way systemd does for Exec*=: whitespace, with single and double quotes. */
export function splitCommandLine(value: string): string[] {
    const words: string[] = [];
    const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
    for (let m = re.exec(value); m; m = re.exec(value)) {
        words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2] ?? m[3]);
    }
    return words;
}

/** Reads KEY=VALUE lines of an environment file (comments and blank lines skipped, quotes removed). */
export function parseEnvironmentFile(text: string): Map<string, string> {
    const env = new Map<string, string>();
    for (const raw of text.split('\n')) {
        const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(raw);
        if (m && !raw.trimStart().startsWith('#')) {
            env.set(m[1], m[2].trim().replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1'));
        }
    }
    return env;
}

/**
 * The argv systemd would exec: the single ExecStart= with its prefix characters removed and
 * variables expanded from Environment= and the EnvironmentFile=s (`$VAR` splits into words,
 * `${VAR}` stays one word, an unset variable is empty).
 */
export function execStartArgv(unit: string, config: ServiceConfig, view: FileView): string[] {
    const env = new Map(config.environment);
    for (const file of config.environmentFiles) {
        const text = view.read(file.path);
        if (text === undefined) {
            if (!file.optional) {
                throw new Error(`${unit}: Failed to load environment files: No such file or directory (${file.path})`);
            }
            continue;
        }
        for (const [k, v] of parseEnvironmentFile(text)) {
            env.set(k, v);
        }
    }
    const [first, ...rest] = config.execStart[config.execStart.length - 1];
    const argv = [first.replace(/^[-@:+!]+/, '')];
    for (const word of rest) {
        const whole = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(word);
        if (whole) {
            argv.push(...(env.get(whole[1]) ?? '').split(/\s+/).filter(Boolean));
        } else {
            argv.push(word.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => env.get(name) ?? ''));
        }
    }
    return argv;
}
