#!/usr/bin/env bash
# `npm start`: installs what is missing (Debian packages, node_modules, code-server), builds and
# packages the extension, then runs it in code-server against the bundled Azure emulator.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-deps.sh
export PATH="$PWD/node_modules/.bin:$PATH"
tsc -p .
npm run --silent package
exec node out/test/harness/start.js
