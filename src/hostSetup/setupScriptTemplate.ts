/**
 * The setup script that the CustomScript extension runs as root on the VM, and the restore script
 * that undoes its last run.
 *
 * These strings are the one source of truth. They live in TypeScript, not in .sh files, because a
 * .sh file would have to be found at runtime from both out/src/hostSetup (tsc) and the esbuild
 * bundle in dist/, and two copies would drift. The unit tests render them and run shellcheck on
 * the result, so they are linted like real scripts.
 *
 * Placeholders are replaced by setupScript.ts. Every value is an integer or base64 text inside
 * single quotes, so no input can inject shell; the emulator's test/emulator/setupExtension.ts relies on
 * these exact assignment lines.
 */

/**
 * The files the setup writes, saved before it writes any of them, so that a failed setup (the
 * script's own trap) or a rolled-back adoption (the restore script, sent by the extension as a
 * second CustomScript run) puts the VM's Docker configuration back as it was. A file that did not
 * exist is listed in `absent` and removed again. Each run replaces the backup before it writes
 * anything, and a restore consumes it, so a restore never brings back an older run's files.
 */
export const backupAndRestore = `readonly backup_dir=/var/lib/azure-docker-hosts/backup
readonly dropin=/etc/systemd/system/docker.service.d/azure-docker-hosts.conf
readonly owned_files=(/etc/docker/daemon.json /etc/docker/ca.pem /etc/docker/server-cert.pem /etc/docker/server-key.pem "$dropin")

backup_owned_files() {
    rm -rf "$backup_dir"
    install -d -m 0700 "$backup_dir/files"
    : >"$backup_dir/absent"
    local f
    for f in "\${owned_files[@]}"; do
        if [ -e "$f" ]; then
            install -d -m 0700 "$backup_dir/files\${f%/*}"
            cp -a "$f" "$backup_dir/files$f"
        else
            printf '%s\\n' "$f" >>"$backup_dir/absent"
        fi
    done
    : >"$backup_dir/complete"
}

# Returns 1 when there is no complete backup, 2 when a file could not be put back (the backup stays).
restore_owned_files() {
    [ -e "$backup_dir/complete" ] || return 1
    local f failed=0
    for f in "\${owned_files[@]}"; do
        if [ -e "$backup_dir/files$f" ]; then
            { install -d -m 0755 "\${f%/*}" && cp -a "$backup_dir/files$f" "$f"; } || failed=1
        elif grep -qxF -- "$f" "$backup_dir/absent" && { [ -e "$f" ] || [ -L "$f" ]; }; then
            rm -f -- "$f" || failed=1
        fi
    done
    if [ "$failed" -ne 0 ]; then
        echo "Azure Docker Hosts: could not restore every file; the previous files are in $backup_dir" >&2
        return 2
    fi
    rm -rf "$backup_dir"
    systemctl daemon-reload
    # The engine goes back to the configuration it had; if that fails too, the files are still back.
    systemctl restart docker || echo "docker.service did not restart with the restored configuration" >&2
}
`;

/**
 * A work folder, and the trap that puts the VM's files back when the script fails after
 * `backup_owned_files` (it sets backed_up=1), rather than leave a half-written configuration.
 */
export const restoreOnFailure = `# Nothing written below may be readable by others, not even briefly.
umask 077
work=$(mktemp -d)
backed_up=0
finish() {
    local status=$?
    rm -rf "$work"
    if [ "$status" -ne 0 ] && [ "$backed_up" -eq 1 ] && restore_owned_files; then
        echo "Azure Docker Hosts: the setup failed; restored the previous Docker configuration" >&2
    fi
}
trap finish EXIT
`;

/**
 * Reads the VM's daemon.json and docker.service configuration (python3: cloud-init is written in
 * Python, so every image this runs on has it) and prints one line per conflict; with none, writes
 * daemon.json merged with our keys to argv[1]. A VM without a daemon.json gets our TLS keys and
 * log rotation (the `local` driver, at most 5 files of 20 MB per container) and, on a host the
 * extension creates, `live-restore` (argv[3]: true, false for a swarm node, or unset); one whose
 * daemon.json already chose a log driver, log options or live-restore keeps them.
 *
 * What counts as a conflict, and why:
 * - one of our keys with another value: the engine would not use our TLS material, or would not
 *   ask for client certificates;
 * - "hosts": our listeners are -H flags (the stock unit's -H fd:// needs that), and dockerd refuses
 *   to start with both;
 * - ExecStart set anywhere but the packaged unit, or DOCKER_OPTS that the packaged unit passes:
 *   our drop-in resets ExecStart, so those flags would be dropped silently. The packaged unit's
 *   own command line is what the drop-in replaces knowingly.
 */
const mergeDaemonJson = `import glob, json, os, re, sys

access = sys.argv[2]
ours = {
    "tls": True,
    "tlsverify": True,
    "tlscacert": "/etc/docker/ca.pem",
    "tlscert": "/etc/docker/server-cert.pem",
    "tlskey": "/etc/docker/server-key.pem",
}
ours_dropin = "/etc/systemd/system/docker.service.d/azure-docker-hosts.conf"
conflicts = []
config = {}
if os.path.exists("/etc/docker/daemon.json"):
    try:
        with open("/etc/docker/daemon.json", encoding="utf-8") as f:
            config = json.load(f)
    except ValueError as e:
        conflicts.append("/etc/docker/daemon.json is not valid JSON (%s)" % e)
    if not isinstance(config, dict):
        conflicts.append("/etc/docker/daemon.json is not a JSON object")
        config = {}
for key, value in ours.items():
    if access == "ssh":
        # SSH only: no TCP listener, so our TLS keys go (another value is the owner's and stays).
        if config.get(key) == value:
            del config[key]
    elif key in config and config[key] != value:
        conflicts.append("daemon.json: %s is %s; this setup needs %s" % (json.dumps(key), json.dumps(config[key]), json.dumps(value)))
if "hosts" in config:
    conflicts.append("daemon.json: \\"hosts\\" is %s; this setup listens through -H flags in a systemd drop-in, and dockerd refuses both" % json.dumps(config["hosts"]))
units = ["/etc/systemd/system/docker.service", "/run/systemd/system/docker.service"]
for d in ("/etc/systemd/system", "/run/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system"):
    units += sorted(glob.glob(d + "/docker.service.d/*.conf"))
for unit in units:
    if unit == ours_dropin or not os.path.isfile(unit):
        continue
    with open(unit, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = re.match(r"\\s*ExecStart\\s*=\\s*(\\S.*?)\\s*$", line)
            if m:
                conflicts.append("%s sets ExecStart=%s; this setup replaces dockerd's command line" % (unit, m.group(1)))
if os.path.isfile("/etc/default/docker"):
    with open("/etc/default/docker", encoding="utf-8", errors="replace") as f:
        for line in f:
            m = re.match(r"\\s*(?:export\\s+)?DOCKER_OPTS\\s*=\\s*(\\S.*?)\\s*$", line)
            if m and m.group(1) not in ('""', "''"):
                conflicts.append("/etc/default/docker sets DOCKER_OPTS=%s; this setup replaces dockerd's command line, which passes them" % m.group(1))
if conflicts:
    print("\\n".join(conflicts))
    sys.exit(0)
if access == "tls":
    config.update(ours)
# Container logs rotate, so they cannot fill the VM's disk; a logging choice already made is kept.
if "log-driver" not in config and "log-opts" not in config:
    config["log-driver"] = "local"
    config["log-opts"] = {"max-size": "20m", "max-file": "5"}
# Containers keep running while dockerd restarts or is upgraded; a swarm node gets false, since
# dockerd refuses live-restore in swarm mode. A choice already made is kept, and "unset" (an
# adopted VM, a rotation, a switch) adds nothing.
if "live-restore" not in config and sys.argv[3] != "unset":
    config["live-restore"] = sys.argv[3] == "true"
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write(json.dumps(config, indent=2) + "\\n")
`;

/** The prefix of each host-key line of the setup's output (src/ssh/hostKeys.ts reads them). */
export const hostKeyLinePrefix = 'azure-docker-hosts ssh-host-key';

/**
 * The VM's SSH host keys with their fingerprints, last in the output because Azure keeps only the
 * tail of it. The extension reads them through ARM (an authenticated channel) and pins them, so no
 * SSH connection ever trusts a key on first use.
 */
const printHostKeys = `for k in /etc/ssh/ssh_host_*_key.pub; do
    [ -e "$k" ] || continue
    printf '${hostKeyLinePrefix} %s %s\\n' "$(cut -d' ' -f1,2 "$k")" "$(ssh-keygen -lf "$k" -E sha256 | cut -d' ' -f2)"
done
`;

/** The stderr line before the script's list of conflicts (one `  - ` line each); setupScript.ts finds it in Azure's error. */
export const conflictsHeading = "Azure Docker Hosts: the VM's Docker configuration conflicts with the TLS setup, so nothing was changed:";

export const setupScriptTemplate = `#!/bin/bash
# Azure Docker Hosts: configure dockerd for TLS on this VM, or (SSH only) for its unix socket
# alone, keeping the rest of its Docker configuration. Runs as root: at create, when Docker is
# enabled on an existing VM, at rotation, when the engine access is switched.
set -euo pipefail

readonly access='@@ACCESS@@'
readonly admin_user_b64='@@ADMIN_USER_B64@@'
readonly port='@@PORT@@'
readonly ca_pem_b64='@@CA_PEM_B64@@'
readonly server_cert_pem_b64='@@SERVER_CERT_PEM_B64@@'
readonly server_key_pem_b64='@@SERVER_KEY_PEM_B64@@'

${backupAndRestore}
# cloud-init installs docker.io; writing the config before it finishes would race the install.
if command -v cloud-init >/dev/null 2>&1; then
    # A "degraded" cloud-init exits non-zero yet may have installed Docker; the check below decides.
    cloud-init status --wait >/dev/null || true
fi

if [ ! -x /usr/bin/dockerd ]; then
    echo "dockerd is missing after cloud-init; installing docker.io from the distribution" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q docker.io
fi

${restoreOnFailure}
# Decide everything before writing anything: a conflict leaves the VM exactly as it was (an older
# run's backup goes first, so that a rollback of this run cannot restore it).
rm -rf "$backup_dir"
conflicts=$(python3 - "$work/daemon.json" "$access" '@@LIVE_RESTORE@@' <<'PY'
${mergeDaemonJson}PY
)
if [ -n "$conflicts" ]; then
    echo "${conflictsHeading}" >&2
    printf '%s\\n' "$conflicts" | sed 's/^/  - /' >&2
    exit 3
fi

backup_owned_files
backed_up=1

install -d -m 0755 /etc/docker
if [ "$access" = tls ]; then
    printf '%s' "$ca_pem_b64" | base64 -d >/etc/docker/ca.pem
    printf '%s' "$server_cert_pem_b64" | base64 -d >/etc/docker/server-cert.pem
    printf '%s' "$server_key_pem_b64" | base64 -d >/etc/docker/server-key.pem
    chmod 0444 /etc/docker/ca.pem /etc/docker/server-cert.pem
    chmod 0400 /etc/docker/server-key.pem
    listeners="-H fd:// -H tcp://0.0.0.0:\${port}"
else
    # No TCP listener: the engine's socket is reached only through sshd, by the admin user.
    rm -f /etc/docker/ca.pem /etc/docker/server-cert.pem /etc/docker/server-key.pem
    listeners="-H fd://"
    usermod -aG docker "$(printf '%s' "$admin_user_b64" | base64 -d)"
fi
install -m 0644 "$work/daemon.json" /etc/docker/daemon.json

# The stock unit passes -H fd://, which conflicts with "hosts" in daemon.json, so the listen
# addresses go in a drop-in that resets ExecStart.
install -d -m 0755 /etc/systemd/system/docker.service.d
cat >"$dropin" <<UNIT
[Service]
ExecStart=
ExecStart=/usr/bin/dockerd \${listeners}
UNIT
chmod 0644 "$dropin"

systemctl daemon-reload
systemctl enable docker
systemctl restart docker
systemctl is-active --quiet docker
if [ "$access" = tls ]; then
    echo "dockerd listens with TLS on port \${port}"
else
    echo "dockerd listens only on its unix socket, reached over SSH"
fi
${printHostKeys}`;

/** Run by the extension when it rolls an adoption back: the files as they were before the last setup. */
export const restoreScript = `#!/bin/bash
# Azure Docker Hosts: put back the Docker configuration that the last setup run replaced.
set -euo pipefail

${backupAndRestore}
status=0
restore_owned_files || status=$?
case $status in
    0) echo "restored the Docker configuration from before the setup" ;;
    1) echo "no setup backup on this VM; nothing to restore" ;;
    *) exit 1 ;;
esac
`;
