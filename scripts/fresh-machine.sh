#!/usr/bin/env bash
# Proves that a fresh machine sets up with the README's commands, on every CI run. Caches on a
# developer's machine (~/.cache, node_modules, a built code-server) would hide a missing install
# step, so this runs the committed HEAD in a new clone, in a temporary folder with nothing beside
# it, with an empty HOME and XDG_CACHE_HOME (so an empty npm cache and no
# code-server), a minimal environment, and the system Node 20's npm leaking its own
# npm_config_user_agent, as `npm test` run by the system npm does.
# Usage: scripts/fresh-machine.sh [layers...]   (default: `npm test` with no argument, every layer,
# which is what CI runs: the install from an empty cache and every suite, once)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LAYERS=("$@")

log() { printf '\n\033[1m[fresh-machine] %s\033[0m\n' "$*" >&2; }

T="$(mktemp -d /tmp/adh-fresh.XXXXXX)"
cleanup() { rm -rf "$T"; }
trap cleanup EXIT

COMMIT="$(git -C "$REPO" rev-parse HEAD)"
log "cloning $COMMIT into $T/repo"
git clone --quiet --no-local "$REPO" "$T/repo"
git -C "$T/repo" checkout --quiet --detach "$COMMIT"
# The clone is alone in a new folder, so it can read nothing outside itself.
mkdir -m 0700 "$T/home" "$T/cache"

# The system npm (Node 20 on this machine kind) runs `npm test`, exactly as a new user would.
SYSTEM_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
log "system node $(PATH=$SYSTEM_PATH node --version 2>/dev/null || echo none); running: npm test ${LAYERS[*]:+-- ${LAYERS[*]}}"
start=$SECONDS
cd "$T/repo"
# Only the machine's proxy settings pass through; its CA variables do not, so npm must take its
# CA from the machine's npm configuration, as it does for a user's login shell without them.
keep=()
for name in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
    [[ -n "${!name:-}" ]] && keep+=("$name=${!name}")
done
env -i "${keep[@]}" \
    PATH="$SYSTEM_PATH" HOME="$T/home" XDG_CACHE_HOME="$T/cache" LANG=C.UTF-8 TERM=dumb \
    npm_config_user_agent="npm/11.19.1 node/v20.20.2 linux x64 workspaces/false" \
    npm test ${LAYERS[@]+-- "${LAYERS[@]}"}
log "fresh clone passed ${LAYERS[*]:-every layer} in $((SECONDS - start)) s"
