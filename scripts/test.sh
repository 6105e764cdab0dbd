#!/usr/bin/env bash
# The single test entry point (`npm test`, and .ci/run). Works on a fresh clone of a fresh machine:
# installs what is missing (Debian packages, node_modules, code-server), then runs the layers in
# order and stops at the first one that fails:
#   lint -> tsc -> unit -> integration -> reliability -> package -> extension -> e2e
# Run a subset with arguments, e.g. `npm test -- unit integration` (deps always run first).
# Exits 0 only when every layer asked for ran and passed. An explicit subset is not a skip.
# Environment:
#   ADH_SKIP_MISSING_DEPS=1  when Debian packages are missing and cannot be installed (not root,
#                            no apt), run the layers that do not need them, then exit 4 naming
#                            the layers that were skipped.
#   ADH_LAYER_TIMEOUT_MIN    per-layer timeout in minutes (default 25).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO="$(pwd)"
ALL_LAYERS=(lint tsc unit integration reliability package extension e2e)
# lint runs shellcheck; unit runs the setup scripts on simulated VMs (unshare, python3, shellcheck).
NEEDS_SYSTEM=" lint unit integration reliability extension e2e "
LAYER_TIMEOUT_MIN="${ADH_LAYER_TIMEOUT_MIN:-25}"

if (($#)); then
    LAYERS=("$@")
    for l in "${LAYERS[@]}"; do
        [[ " ${ALL_LAYERS[*]} " == *" $l "* ]] || { echo "unknown layer '$l' (layers: ${ALL_LAYERS[*]})" >&2; exit 2; }
    done
else
    LAYERS=("${ALL_LAYERS[@]}")
fi

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
SUMMARY=()
SKIPPED=()
CHILD=""
CURRENT=""

cleanup() {
    local rc=$?
    if [[ -n "$CHILD" ]] && kill -0 "$CHILD" 2>/dev/null; then
        echo "stopping layer process group $CHILD" >&2
        SUMMARY+=("$(printf '%-12s INTERRUPTED' "${CURRENT:-layer}")")
        kill -TERM -- "-$CHILD" 2>/dev/null || true
        for _ in $(seq 1 100); do
            kill -0 -- "-$CHILD" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL -- "-$CHILD" 2>/dev/null || true
    fi
    if ((${#SUMMARY[@]})); then
        printf '\n%s\n' "---- summary ----"
        printf '%s\n' "${SUMMARY[@]}"
    fi
    if ((rc == 0 && ${#SKIPPED[@]})); then
        echo "NOT ALL LAYERS RAN: skipped ${SKIPPED[*]} (Debian packages missing); exit 4" >&2
        rc=4
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Runs one command in its own process group (so cleanup reaches everything it starts), with a
# timeout, no stdin, and records its duration.
run_layer() {
    local name="$1"
    shift
    say "$name: $*"
    CURRENT="$name"
    local start=$SECONDS rc=0
    # timeout puts itself (and so the layer) in a new process group whose id is its pid.
    timeout -k 30s "${LAYER_TIMEOUT_MIN}m" "$@" </dev/null &
    CHILD=$!
    wait "$CHILD" || rc=$?
    CHILD=""
    local took=$((SECONDS - start))
    if ((rc == 0)); then
        SUMMARY+=("$(printf '%-12s ok      %4ss' "$name" "$took")")
    else
        [[ $rc == 124 ]] && echo "$name timed out after ${LAYER_TIMEOUT_MIN} min" >&2
        SUMMARY+=("$(printf '%-12s FAILED  %4ss (exit %s)' "$name" "$took" "$rc")")
        exit "$rc"
    fi
}

# ---- dependencies -------------------------------------------------------------------------------
say "dependencies"
deps_start=$SECONDS
system_ok=1
rc=0
bash scripts/ensure-deps.sh system </dev/null || rc=$?
if ((rc == 3)) && [[ "${ADH_SKIP_MISSING_DEPS:-}" == 1 ]]; then
    echo "Debian packages are missing: skipping the layers that need them (${NEEDS_SYSTEM})" >&2
    system_ok=0
elif ((rc != 0)); then
    echo "dependencies: Debian packages could not be installed (exit $rc)." >&2
    echo "  Set ADH_SKIP_MISSING_DEPS=1 to run only the layers that do not need them." >&2
    exit "$rc"
fi
bash scripts/ensure-deps.sh npm </dev/null
export PATH="$REPO/node_modules/.bin:$PATH"
echo "node $(node --version) from $(command -v node)"
if ((system_ok)); then
    for l in "${LAYERS[@]}"; do
        if [[ $l == integration || $l == extension || $l == e2e ]]; then
            bash scripts/ensure-deps.sh code-server </dev/null
            break
        fi
    done
fi
SUMMARY+=("$(printf '%-12s ok      %4ss' deps $((SECONDS - deps_start)))")

# Always, not only in CI: a focused or skipped test makes a green run claim checks that did not run.
MOCHA_STRICT=(--forbid-only --forbid-pending)

# ---- layers -------------------------------------------------------------------------------------
for layer in "${LAYERS[@]}"; do
    if ((!system_ok)) && [[ "$NEEDS_SYSTEM" == *" $layer "* ]]; then
        SUMMARY+=("$(printf '%-12s SKIPPED (Debian packages missing)' "$layer")")
        SKIPPED+=("$layer")
        continue
    fi
    case "$layer" in
        lint) run_layer lint npm run --silent lint ;;
        tsc) run_layer tsc tsc -p . ;;
        unit) run_layer unit mocha "${MOCHA_STRICT[@]}" ;;
        integration)
            run_layer integration mocha --no-config "${MOCHA_STRICT[@]}" --reporter spec --timeout 120000 \
                --spec 'out/test/integration/**/*.test.js'
            ;;
        reliability) run_layer reliability node out/test/reliability/run.js ;;
        package)
            rm -f azure-docker-hosts.vsix
            run_layer package npm run --silent package
            [[ -f azure-docker-hosts.vsix ]] || { echo "npm run package did not produce azure-docker-hosts.vsix" >&2; exit 1; }
            ;;
        extension) run_layer extension node out/test/harness/runExtensionTests.js ;;
        e2e) run_layer e2e node out/test/e2e/run.js ;;
    esac
done
