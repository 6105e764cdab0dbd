import { provisionSsh } from './vmSshd';

/**
 * The commands a simulated VM has in place of the machine's own, first on PATH (/run/adh/bin).
 * Each records its call in /run/adh/state/calls and keeps only the state that the simulation reads
 * afterwards (all under /run/adh/state, a folder of the VM record outside the VM's disk):
 *
 * - `loaded/`: docker.service's unit file and drop-ins as systemd last loaded them (boot or
 *   `daemon-reload`); `running/`: what the last start or restart ran; `active.<unit>`,
 *   `enabled.<unit>`.
 * - a start or restart copies `loaded/` to `running/`, so a drop-in written without a
 *   `daemon-reload` is not used, as on a real systemd (which prints the same warning).
 *
 * Nothing here can reach the machine: the stubs run inside the VM's namespaces and overlay root.
 */
const record = `s=/run/adh/state
{ printf '%s' "\${0##*/}"; printf '\\t%s' "$@"; printf '\\n'; } >>"$s/calls"
`;

const systemctl = `#!/bin/bash
${record}
quiet=
verb=
units=()
for a in "$@"; do
    case $a in
        -q|--quiet) quiet=1 ;;
        -*) ;;
        *) if [ -z "$verb" ]; then verb=$a; else units+=("\${a%.service}"); fi ;;
    esac
done
rc=0
case $verb in
    daemon-reload)
        adh-snapshot-units "$s/loaded" ;;
    start|restart|try-restart|reload-or-restart)
        for u in "\${units[@]}"; do
            if [ "$verb" = start ] && [ -e "$s/active.$u" ]; then continue; fi
            if [ "$verb" = try-restart ] && [ ! -e "$s/active.$u" ]; then continue; fi
            if [ "$u" = docker ]; then
                adh-snapshot-units "$s/now"
                if ! diff -r "$s/now" "$s/loaded" >/dev/null 2>&1; then
                    echo "Warning: The unit file, source configuration file or drop-ins of docker.service changed on disk. Run 'systemctl daemon-reload' to reload units." >&2
                fi
                rm -rf "$s/now" "$s/running"
                cp -a "$s/loaded" "$s/running"
            fi
            : >"$s/active.$u"
        done ;;
    stop)
        for u in "\${units[@]}"; do
            rm -f "$s/active.$u"
            if [ "$u" = docker ]; then rm -rf "$s/running"; fi
        done ;;
    is-active)
        for u in "\${units[@]}"; do
            if [ -e "$s/active.$u" ]; then state=active; else state=inactive; rc=3; fi
            if [ -z "$quiet" ]; then echo "$state"; fi
        done ;;
    enable)
        for u in "\${units[@]}"; do : >"$s/enabled.$u"; done ;;
    disable)
        for u in "\${units[@]}"; do rm -f "$s/enabled.$u"; done ;;
    is-enabled)
        for u in "\${units[@]}"; do
            if [ -e "$s/enabled.$u" ]; then state=enabled; else state=disabled; rc=1; fi
            if [ -z "$quiet" ]; then echo "$state"; fi
        done ;;
esac
exit $rc
`;

/** Copies docker.service's unit file and drop-ins, as they are now, to $1 (same absolute paths below it). */
const snapshotUnits = `#!/bin/bash
set -eu
rm -rf "$1"
mkdir -p "$1"
for d in /etc/systemd/system /run/systemd/system /lib/systemd/system; do
    for f in "$d/docker.service" "$d/docker.service.d"; do
        if [ -e "$f" ]; then
            mkdir -p "$1$d"
            cp -rL "$f" "$1$d/"
        fi
    done
done
`;

/** Installs a package the simulation knows; an unknown one fails as apt-get does. */
const installPackage = `#!/bin/bash
set -eu
s=/run/adh/state
case $1 in
    docker.io)
        # The machine's Debian package puts dockerd in /usr/sbin; Ubuntu's, on the VM, in /usr/bin.
        [ -x /usr/sbin/dockerd ] || { echo "E: Unable to locate package docker.io" >&2; exit 100; }
        [ -e /usr/bin/dockerd ] || ln -s /usr/sbin/dockerd /usr/bin/dockerd
        : >"$s/enabled.docker" ;;
    *)
        echo "E: Unable to locate package $1" >&2
        exit 100 ;;
esac
`;

const aptGet = `#!/bin/bash
${record}
install=
for a in "$@"; do
    case $a in
        install) install=1 ;;
        -*|update|upgrade) ;;
        *) if [ -n "$install" ]; then
               adh-install-package "$a" || exit 100
               # A package's maintainer scripts start its service, as Debian's do.
               if [ "$a" = docker.io ]; then systemctl daemon-reload; systemctl start docker; fi
           fi ;;
    esac
done
exit 0
`;

const cloudInit = `#!/bin/bash
${record}
if [ "\${1:-}" = status ]; then echo "status: done"; fi
exit 0
`;

/** \`service NAME ACTION\` is systemctl's ACTION NAME on a systemd machine. */
const service = `#!/bin/bash
${record}
exec systemctl "$2" "$1"
`;

const sudo = `#!/bin/bash
${record}
case \${1:-} in -*) echo "sudo (simulated VM): options are not supported: $1" >&2; exit 1 ;; esac
exec "$@"
`;

/**
 * First boot runs cloud-init's package installs; every boot loads the units and starts the
 * enabled ones.
 */
const boot = `#!/bin/bash
set -eu
s=/run/adh/state
if [ -f "$s/cloud-init-packages" ] && [ ! -e "$s/cloud-init-done" ]; then
    # A package that fails leaves cloud-init "degraded"; the VM boots all the same.
    while read -r p; do adh-install-package "$p" || echo "cloud-init: installing $p failed" >&2; done <"$s/cloud-init-packages"
    : >"$s/cloud-init-done"
fi
adh-provision-ssh
adh-snapshot-units "$s/loaded"
rm -rf "$s/running" "$s"/active.*
for f in "$s"/enabled.*; do
    [ -e "$f" ] || continue
    u=\${f##*/enabled.}
    : >"$s/active.$u"
    if [ "$u" = docker ]; then cp -a "$s/loaded" "$s/running"; fi
done
`;

/**
 * Runs a CustomScript payload as the Linux extension does: the script saved in its download
 * folder and run through /bin/sh -c from there (its shebang picks the interpreter).
 */
const runExtension = `#!/bin/bash
set -eu
dir=/var/lib/waagent/custom-script/download/$1
install -d -m 0700 "$dir"
if [ -e /run/adh/state/script.sh ]; then
    install -m 0700 /run/adh/state/script.sh "$dir/script.sh"
    rm -f /run/adh/state/script.sh
fi
cd "$dir"
exec /bin/sh -c "$(cat /run/adh/state/command)"
`;

export const vmStubs: Record<string, string> = {
    'systemctl': systemctl,
    'apt-get': aptGet,
    'cloud-init': cloudInit,
    'service': service,
    'sudo': sudo,
    'adh-snapshot-units': snapshotUnits,
    'adh-install-package': installPackage,
    'adh-boot': boot,
    'adh-run-extension': runExtension,
    'adh-provision-ssh': provisionSsh,
};
