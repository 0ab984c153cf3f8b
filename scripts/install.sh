#!/usr/bin/env bash
# One-step install, used by the README quick start.
# With internet access, mediasoup's install script downloads its prebuilt worker as usual.
# Without it that script fails the whole `npm ci`; then we build the worker from source
# (once per version, cached in ~/.cache/birge) and hand it over through MEDIASOUP_WORKER_BIN.
# BIRGE_OFFLINE_WORKER=1 goes straight to the local build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# mediasoup 3.27 and the rest of the stack need Node.js 22+ (24 LTS is what we run and test).
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if ((node_major < 22)); then
  cat >&2 <<MSG
install: Birge needs Node.js 24 LTS (22 works too); this machine has $(node --version 2>/dev/null || echo none).
  Install it from https://nodejs.org, or, on Linux x64 with only the npm registry in reach:
    export PATH="\$(bash scripts/node.sh):\$PATH"
  then run this again in the same shell.
MSG
  exit 1
fi

npm_install() { if [[ -f package-lock.json ]]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi; }
use_local_worker() {
  # Not `export X=$(...)`: export would hide the script's failure from set -e.
  MEDIASOUP_WORKER_BIN="$(bash scripts/mediasoup-worker.sh)"
  export MEDIASOUP_WORKER_BIN
}

if [[ -z "${MEDIASOUP_WORKER_BIN:-}" && "${BIRGE_OFFLINE_WORKER:-}" != 1 ]]; then
  if ! npm_install; then
    echo "install: npm could not fetch mediasoup's prebuilt worker; building it locally" >&2
    use_local_worker
    npm_install
  fi
else
  [[ -n "${MEDIASOUP_WORKER_BIN:-}" ]] || use_local_worker
  npm_install
fi

bundled="$PWD/node_modules/mediasoup/worker/out/Release/mediasoup-worker"
if [[ -z "${MEDIASOUP_WORKER_BIN:-}" && ! -x "$bundled" ]]; then
  # npm skipped mediasoup's install script (ignore-scripts, or an npm that does not honour
  # package.json's allowScripts): the server finds a locally built worker in ~/.cache/birge.
  echo "install: npm did not run mediasoup's install script; building the worker locally" >&2
  use_local_worker
fi
if [[ -n "${MEDIASOUP_WORKER_BIN:-}" ]]; then
  echo "install: mediasoup worker: $MEDIASOUP_WORKER_BIN"
else
  echo "install: mediasoup worker: $bundled (prebuilt, from npm)"
fi
