#!/usr/bin/env bash
# One-step install, used by the README quick start and by CI.
# With internet access npm fetches mediasoup's prebuilt worker from GitHub as usual. Without it
# mediasoup's install script fails the whole `npm ci`, so we first build (once, then cached)
# the worker from source and hand it to mediasoup through MEDIASOUP_WORKER_BIN.
# BIRGE_OFFLINE_WORKER=1 forces the local build even when GitHub is reachable.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ "${BIRGE_OFFLINE_WORKER:-}" == 1 ]] || ! curl -sfI --max-time 5 https://github.com >/dev/null 2>&1; then
  echo "install: no GitHub access (or BIRGE_OFFLINE_WORKER=1): using a locally built mediasoup worker" >&2
  # Not `export X=$(...)`: export would hide the script's failure from set -e.
  MEDIASOUP_WORKER_BIN="$(bash scripts/mediasoup-worker.sh)"
  export MEDIASOUP_WORKER_BIN
fi

if [[ -f package-lock.json ]]; then npm ci; else npm install; fi

bundled="$PWD/node_modules/mediasoup/worker/out/Release/mediasoup-worker"
if [[ -n "${MEDIASOUP_WORKER_BIN:-}" ]]; then
  echo "install: mediasoup worker: $MEDIASOUP_WORKER_BIN"
elif [[ -x "$bundled" ]]; then
  echo "install: mediasoup worker: $bundled (prebuilt, from npm)"
fi
