#!/usr/bin/env bash
# Installs the emulator's npm packages (node@22 + fauxqs) into tools/node_modules if missing or stale.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
stamp="$here/node_modules/.scitldr-installed"
if [[ -f "$stamp" && "$stamp" -nt "$here/package-lock.json" && -x "$here/node_modules/node/bin/node" ]]; then
  exit 0
fi
cd "$here"
npm ci --no-audit --no-fund --loglevel=error >/dev/null
touch "$stamp"
