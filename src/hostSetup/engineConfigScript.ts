import { backupAndRestore, restoreOnFailure } from './setupScriptTemplate';

/** How container logs rotate: Docker's `local` driver or `json-file`, each with at most `maxFile` files of `maxSize`. */
export interface LogRotation {
    readonly driver: 'local' | 'json-file';
    /** Docker's size syntax: a number and k, m or g (e.g. "20m"). */
    readonly maxSize: string;
    readonly maxFile: number;
}

/** What Configure Engine… changes in daemon.json; a field left undefined keeps what the VM has. */
export interface EngineSettings {
    readonly logs?: LogRotation;
    readonly liveRestore?: boolean;
}

/** Docker refuses sizes it cannot parse when it starts; checked before anything is sent. */
export function validLogSize(value: string): boolean {
    return /^[1-9][0-9]{0,5}[kmg]$/.test(value);
}

/** Why these settings cannot be applied to this engine, or undefined when they can. */
export function refusedEngineSettings(settings: EngineSettings, current: { readonly swarmActive: boolean }): string | undefined {
    if (settings.liveRestore && current.swarmActive) {
        return 'dockerd refuses live-restore on a swarm node, so it would not start.';
    }
    if (settings.logs && (!validLogSize(settings.logs.maxSize) || !Number.isInteger(settings.logs.maxFile) || settings.logs.maxFile < 1 || settings.logs.maxFile > 100)) {
        return `A log file size like 20m and a file count from 1 to 100 are needed (got ${settings.logs.maxSize} and ${settings.logs.maxFile}).`;
    }
    if (!settings.logs && settings.liveRestore === undefined) {
        return 'Nothing to change was chosen.';
    }
    return undefined;
}

/**
 * Merges the chosen keys into the VM's daemon.json (argv[1] gets the result) and prints what the
 * engine must do to take them: `restart` (log settings apply only at start), `reload` (dockerd
 * reloads live-restore on SIGHUP) or `unchanged`. Everything else in the file stays. When the
 * driver stays, only max-size and max-file of its options change; a new driver starts from ours,
 * since another driver's options would keep dockerd from starting.
 */
const mergeEngineSettings = `import json, os, sys

out, driver, max_size, max_file, live = sys.argv[1:6]
path = "/etc/docker/daemon.json"
config = {}
if os.path.exists(path):
    try:
        with open(path, encoding="utf-8") as f:
            config = json.load(f)
    except ValueError as e:
        sys.exit("%s is not valid JSON (%s); fix or remove it on the VM, then try again" % (path, e))
    if not isinstance(config, dict):
        sys.exit("%s is not a JSON object; fix it on the VM, then try again" % path)
change = "unchanged"
if live != "keep":
    wanted = live == "true"
    if config.get("live-restore", False) != wanted:
        change = "reload"
    config["live-restore"] = wanted
if driver != "keep":
    opts = config.get("log-opts") if config.get("log-driver", "json-file") == driver else None
    opts = dict(opts) if isinstance(opts, dict) else {}
    opts["max-size"] = max_size
    opts["max-file"] = max_file
    if config.get("log-driver") != driver or config.get("log-opts") != opts:
        change = "restart"
    config["log-driver"] = driver
    config["log-opts"] = opts
with open(out, "w", encoding="utf-8") as f:
    f.write(json.dumps(config, indent=2) + "\\n")
print(change)
`;

export const engineConfigScriptTemplate = `#!/bin/bash
# Azure Docker Hosts: Configure Engine: log rotation and live-restore in daemon.json, keeping the
# rest of the file. The backup and the trap of the setup script put the file back, and the engine
# on its previous configuration, if anything fails.
set -euo pipefail

readonly log_driver='@@LOG_DRIVER@@'
readonly max_size='@@MAX_SIZE@@'
readonly max_file='@@MAX_FILE@@'
readonly live_restore='@@LIVE_RESTORE@@'

${backupAndRestore}
${restoreOnFailure}
# An older run's backup goes first: a restore after this run must not bring back older files.
rm -rf "$backup_dir"
change=$(python3 - "$work/daemon.json" "$log_driver" "$max_size" "$max_file" "$live_restore" <<'PY'
${mergeEngineSettings}PY
)
if [ "$change" = unchanged ]; then
    echo "the engine already has these settings; nothing was changed"
    exit 0
fi

backup_owned_files
backed_up=1
install -d -m 0755 /etc/docker
install -m 0644 "$work/daemon.json" /etc/docker/daemon.json
# live-restore is taken on a reload, so it is on before a restart, and the containers keep running through it.
systemctl reload docker
if [ "$change" = restart ]; then
    systemctl restart docker
fi
systemctl is-active --quiet docker
echo "dockerd runs with the new settings ($change)"
`;

/** Fills the script; every value is checked here, so nothing a caller passes can become shell syntax. */
export function renderEngineConfigScript(settings: EngineSettings): string {
    const refused = refusedEngineSettings(settings, { swarmActive: false });
    if (refused) {
        throw new Error(refused);
    }
    const values: Record<string, string> = {
        LOG_DRIVER: settings.logs?.driver ?? 'keep',
        MAX_SIZE: settings.logs?.maxSize ?? '',
        MAX_FILE: settings.logs ? String(settings.logs.maxFile) : '',
        LIVE_RESTORE: settings.liveRestore === undefined ? 'keep' : String(settings.liveRestore),
    };
    return engineConfigScriptTemplate.replace(/@@([A-Z0-9_]+)@@/g, (_match, name: string) => values[name]);
}
