#!/usr/bin/env bash
# Provide a mediasoup-worker binary on machines that reach only the npm registry and Debian's
# apt mirror. mediasoup's own installer wants GitHub (prebuilt worker) or PyPI + GitHub (build
# from source); without them `npm ci` fails outright. So we build the worker from the npm
# tarball against Debian 12 system libraries, once per mediasoup version, and cache it.
#
#   export MEDIASOUP_WORKER_BIN="$(bash scripts/mediasoup-worker.sh)"
#
# stdout carries exactly one line, the absolute path of the worker; everything else is stderr.
# Environment:
#   MEDIASOUP_WORKER_BIN  an executable here is trusted and returned as is
#   MS_VERSION            mediasoup version to build (default: what the project installs)
#   BIRGE_CACHE           cache dir (default ~/.cache/birge); binary: mediasoup-worker-<version>
set -euo pipefail

# Anything a tool prints to stdout by accident would corrupt the caller's $(...); only the
# final answer goes to the saved stdout (fd 3).
exec 3>&1 1>&2

DEFAULT_VERSION=3.27.1
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${BIRGE_CACHE:-$HOME/.cache/birge}"

BUILD_PKGS=(gcc g++ meson ninja-build pkg-config flatbuffers-compiler libflatbuffers-dev
  libuv1-dev libssl-dev libsrtp2-dev libabsl-dev libusrsctp-dev)
# Needed to run a cached binary on a machine that never built it (e.g. a restored CI cache).
RUNTIME_PKGS=(libssl3 libuv1 libsrtp2-1 libusrsctp2 libabsl20220623 libnss3)

say() { printf '[mediasoup-worker] %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }
answer() { printf '%s\n' "$1" >&3; exit 0; }

# Upstream's own smoke test: a worker started without mediasoup's environment exits with 41.
# Any other outcome (missing shared library, wrong arch, truncated file) means unusable.
worker_runs() {
  [[ -f "$1" && -x "$1" ]] || return 1
  local rc=0
  timeout 10 env -i "$1" </dev/null >/dev/null 2>&1 || rc=$?
  [[ $rc -eq 41 ]]
}

# dpkg -s also succeeds for removed packages that left config files behind; ask for the
# installed state explicitly.
pkg_installed() {
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" == installed ]]
}

ensure_pkgs() {
  command -v dpkg-query >/dev/null || {
    say "not a Debian system: make sure these (or equivalents) are installed: $*"
    return 0
  }
  local missing=() p
  for p in "$@"; do pkg_installed "$p" || missing+=("$p"); done
  ((${#missing[@]})) || return 0
  local sudo=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null || die "need root to install: ${missing[*]}"
    sudo=(sudo)
  fi
  say "installing: ${missing[*]}"
  # Other apt users (unattended upgrades, a parallel CI step) hold the dpkg lock briefly.
  local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600)
  if [[ -z "${BIRGE_APT_UPDATED:-}" ]]; then
    "${apt[@]}" update || die "apt-get update failed"
    export BIRGE_APT_UPDATED=1
  fi
  "${apt[@]}" install -y --no-install-recommends "${missing[@]}" ||
    die "apt-get install failed for: ${missing[*]}"
}

# The worker must match the mediasoup JS package exactly (they share a FlatBuffers protocol),
# so prefer the version the lockfile pins, then package.json, then our default.
resolve_version() {
  if [[ -n "${MS_VERSION:-}" ]]; then
    printf '%s\n' "$MS_VERSION"
    return
  fi
  command -v node >/dev/null || die "node is required (to read package.json and run npm)"
  node - "$ROOT" "$DEFAULT_VERSION" <<'EOF'
const fs = require('fs'), path = require('path');
const [root, fallback] = process.argv.slice(2);
const read = (f) => { try { return JSON.parse(fs.readFileSync(path.join(root, f), 'utf8')); } catch { return null; } };
const locked = read('package-lock.json')?.packages?.['node_modules/mediasoup']?.version;
const pkg = read('package.json') ?? {};
const spec = ['dependencies', 'optionalDependencies', 'devDependencies']
  .map((k) => pkg[k]?.mediasoup).find(Boolean);
if (locked) console.log(locked);
else if (spec) {
  const version = spec.replace(/^[\s^~=v]+/, '');
  if (version !== spec && /^\d+\.\d+\.\d+$/.test(version))
    console.error(`[mediasoup-worker] warning: package.json allows mediasoup "${spec}" and no lockfile pins it; using ${version} (pin it exactly so npm installs the same)`);
  console.log(version);
} else console.log(fallback);
EOF
}

# ---------------------------------------------------------------------------------------------

if [[ -n "${MEDIASOUP_WORKER_BIN:-}" ]]; then
  [[ -f "$MEDIASOUP_WORKER_BIN" && -x "$MEDIASOUP_WORKER_BIN" ]] ||
    die "MEDIASOUP_WORKER_BIN=$MEDIASOUP_WORKER_BIN is not an executable file (unset it to build or reuse the cached worker)"
  answer "$(readlink -f "$MEDIASOUP_WORKER_BIN")"
fi

VERSION="$(resolve_version)"
[[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "cannot build mediasoup worker for version '$VERSION' (want X.Y.Z; set MS_VERSION)"
mkdir -p "$CACHE_DIR"
CACHE_DIR="$(cd "$CACHE_DIR" && pwd)"
BIN="$CACHE_DIR/mediasoup-worker-$VERSION"
LOG="$CACHE_DIR/mediasoup-worker-$VERSION.log"

worker_runs "$BIN" && answer "$BIN"

if [[ -e "$BIN" ]]; then
  # Most likely a cache restored onto a machine without the shared libraries.
  ensure_pkgs "${RUNTIME_PKGS[@]}"
  worker_runs "$BIN" && answer "$BIN"
  say "cached $BIN does not run (expected exit code 41); rebuilding"
fi

# Parallel CI jobs on one machine must not build (and rename) the same binary concurrently.
exec 9>"$CACHE_DIR/.mediasoup-worker-$VERSION.lock"
if ! flock -n 9; then
  say "another process is building mediasoup-worker $VERSION; waiting"
  flock -w 3600 9 || die "timed out waiting for the other build (lock $CACHE_DIR/.mediasoup-worker-$VERSION.lock)"
fi
# Another process may have finished the build between our first check and the lock.
worker_runs "$BIN" && answer "$BIN"

START=$SECONDS
say "building mediasoup-worker $VERSION (takes ~4 min on 2 cores; log: $LOG)"
ensure_pkgs "${BUILD_PKGS[@]}" "${RUNTIME_PKGS[@]}"

# We hold the lock, so any leftover work dir for this version is from a killed build.
rm -rf "$CACHE_DIR/.mediasoup-build-$VERSION".*
# Under the cache dir, so the final mv is a rename on one filesystem: atomic, never a half binary.
WORK="$(mktemp -d "$CACHE_DIR/.mediasoup-build-$VERSION.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
: >"$LOG"

logged() {
  local what=$1
  shift
  "$@" >>"$LOG" 2>&1 || {
    tail -n 40 "$LOG" >&2
    die "$what failed (full log: $LOG)"
  }
}

say "fetching mediasoup@$VERSION from the npm registry"
logged "npm pack mediasoup@$VERSION" npm pack --loglevel=warn --ignore-scripts --pack-destination "$WORK" "mediasoup@$VERSION"
mkdir -p "$WORK/src"
logged "unpacking the mediasoup tarball" \
  tar -xzf "$WORK/mediasoup-$VERSION.tgz" -C "$WORK/src" --strip-components=1 package/worker
W="$WORK/src/worker"
SP="$W/subprojects"

# What this version needs beyond the baseline set of libraries. 3.2x calls libsrtp 3's opaque
# srtp_policy_* API and the header-only ankerl::unordered_dense; both are adapted below.
OPAQUE_POLICY=0
grep -q srtp_policy_create "$W/src/RTC/SrtpSession.cpp" && OPAQUE_POLICY=1
for wrap in "$SP"/*.wrap; do
  case "$(basename "$wrap" .wrap)" in
  openssl | libuv | libsrtp3 | usrsctp | abseil-cpp | catch2 | flatbuffers | unordered-dense) ;;
  liburing | wingetopt) ;; # disabled below / Windows only
  *) die "mediasoup $VERSION brings a new third-party dependency ($(basename "$wrap")); add a system-library subproject for it" ;;
  esac
done

# Each .wrap would download a library. Replace every one with a local subproject that exposes
# the variables the worker's meson.build reads, backed by Debian's library via pkg-config.
# The *_lib/<name> static libraries only feed the non-default libmediasoup-worker target, so
# empty placeholders keep meson happy without being built.
rm -f "$SP"/*.wrap
subproject() { # name; meson statements on stdin
  mkdir -p "$SP/$1"
  echo '/* placeholder: never compiled for the mediasoup-worker target */' >"$SP/$1/stub.c"
  { echo "project('$1', 'c')"; cat; } >"$SP/$1/meson.build"
}
# The top level passes these as default_options; meson rejects options a project doesn't declare.
options() { # name; option names (all accepted, all ignored)
  local name=$1 opt
  shift
  for opt in "$@"; do echo "option('$opt', type: 'string', value: '')"; done >"$SP/$name/meson_options.txt"
}

subproject openssl <<'EOF'
openssl_dep = declare_dependency(dependencies: [dependency('libssl'), dependency('libcrypto')])
libssl_lib = static_library('ssl_placeholder', 'stub.c')
libcrypto_lib = static_library('crypto_placeholder', 'stub.c')
EOF
subproject libuv <<'EOF'
libuv_dep = dependency('libuv')
libuv = static_library('uv_placeholder', 'stub.c')
EOF
options libuv build_tests build_benchmarks
subproject usrsctp <<'EOF'
usrsctp_dep = dependency('usrsctp')
usrsctp = static_library('usrsctp_placeholder', 'stub.c')
EOF
options usrsctp sctp_build_programs
subproject flatbuffers <<'EOF'
flatbuffers_dep = dependency('flatbuffers')
flatbuffers_lib = static_library('flatbuffers_placeholder', 'stub.c')
EOF
# The worker's unit tests need Catch2 v3; Debian 12 has v2. We never build the tests.
subproject catch2 <<'EOF'
catch2_dep = declare_dependency()
catch2_with_main_dep = declare_dependency()
EOF
subproject abseil-cpp <<'EOF'
absl_container_dep = declare_dependency(dependencies: [dependency('absl_flat_hash_map'),
  dependency('absl_flat_hash_set'), dependency('absl_btree'), dependency('absl_inlined_vector'),
  dependency('absl_memory')])
absl_strings_dep = dependency('absl_strings')
absl_types_dep = declare_dependency(dependencies: [dependency('absl_optional'),
  dependency('absl_variant'), dependency('absl_span')])
absl_container_lib = static_library('absl_placeholder', 'stub.c')
EOF
SRTP_ARGS=""
((OPAQUE_POLICY)) && SRTP_ARGS="'-DBIRGE_SRTP3_OPAQUE_POLICY'"
subproject libsrtp3 <<EOF
libsrtp3_dep = declare_dependency(include_directories: include_directories('include'),
  compile_args: [$SRTP_ARGS], dependencies: dependency('libsrtp2', version: '>= 2.4'))
libsrtp3 = static_library('srtp3_placeholder', 'stub.c')
EOF
options libsrtp3 crypto-library crypto-library-kdf tests

# mediasoup 3.2x uses the header-only ankerl::unordered_dense, which Debian 12 does not package.
# Its map/set keep the std containers' interface, so a stand-in header maps them onto std ones
# hashed by abseil (iteration order differs; mediasoup does not depend on it). A local wrap
# whose directory already exists makes meson use it without downloading anything.
if grep -rqs 'ankerl/unordered_dense' "$W/include" "$W/src"; then
  mkdir -p "$SP/unordered-dense/include/ankerl"
  printf '[wrap-file]\ndirectory = unordered-dense\n\n[provide]\nunordered_dense = ankerl_unordered_dense_dep\n' >"$SP/unordered-dense.wrap"
  cat >"$SP/unordered-dense/meson.build" <<'EOF'
project('unordered-dense', 'cpp')
ankerl_unordered_dense_dep = declare_dependency(include_directories: include_directories('include'),
  dependencies: dependency('absl_hash'))
EOF
  cat >"$SP/unordered-dense/include/ankerl/unordered_dense.h" <<'EOF'
#pragma once
/* Stand-in for ankerl::unordered_dense (the part mediasoup uses) on std containers. */
#include <absl/hash/hash.h>
#include <functional>
#include <unordered_map>
#include <unordered_set>
namespace ankerl::unordered_dense
{
	template<class T>
	struct hash : absl::Hash<T>
	{
	};
	template<class K, class V, class H = hash<K>, class E = std::equal_to<K>>
	using map = std::unordered_map<K, V, H, E>;
	template<class K, class H = hash<K>, class E = std::equal_to<K>>
	using set = std::unordered_set<K, H, E>;
} // namespace ankerl::unordered_dense
EOF
fi

mkdir -p "$SP/libsrtp3/include"
cat >"$SP/libsrtp3/include/srtp.h" <<'EOF'
/*
 * mediasoup is written against libsrtp 3 (versatica's fork); Debian 12 ships libsrtp 2.5.
 * This header stands in for libsrtp 3's <srtp.h> and implements the part of its API that
 * mediasoup 3.19 to 3.27 use on top of libsrtp2:
 *   - protect/unprotect take separate input and output buffers with size_t lengths, where
 *     libsrtp2 works in place on an int length;
 *   - srtp_stream_remove() is libsrtp2's srtp_remove_stream();
 *   - two error codes that only exist in libsrtp 3;
 *   - (3.2x, BIRGE_SRTP3_OPAQUE_POLICY) the opaque srtp_policy_* handle and its setters.
 *
 * SECURITY: libsrtp2 appends the auth tag (and for SRTCP the index) past the end of the
 * packet without knowing how large the buffer is. libsrtp 3 takes the output capacity and
 * refuses to overflow it, and mediasoup relies on that. So every protect call below checks the
 * capacity against libsrtp2's documented worst case before anything is written, and lengths
 * are range-checked before being narrowed to int. Do not remove these checks.
 */
#ifndef BIRGE_SRTP3_ON_SRTP2_H
#define BIRGE_SRTP3_ON_SRTP2_H

#include <srtp2/srtp.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Same values as libsrtp 3, which appends them after libsrtp2's last code (27). */
#define srtp_err_status_buffer_small ((srtp_err_status_t)28)
#define srtp_err_status_cryptex_err ((srtp_err_status_t)29)

/* From libsrtp2's srtp.h: srtp_protect() may write SRTP_MAX_TRAILER_LEN bytes past the
 * packet, srtp_protect_rtcp() SRTP_MAX_TRAILER_LEN + 4 (the SRTCP index word). */
#define BIRGE_SRTP_RTP_GROWTH ((size_t)SRTP_MAX_TRAILER_LEN)
#define BIRGE_SRTP_RTCP_GROWTH ((size_t)SRTP_MAX_TRAILER_LEN + 4u)

/* Copy the packet into the caller's output buffer, where libsrtp2 will work in place. */
static inline srtp_err_status_t birge_srtp_stage(const uint8_t* in, size_t in_len, uint8_t* out,
  size_t out_capacity, size_t growth, int* len)
{
	if (in == NULL || out == NULL || in_len > (size_t)INT_MAX - growth)
		return srtp_err_status_bad_param;
	if (out_capacity < in_len + growth)
		return srtp_err_status_buffer_small;
	if (out != in)
		memmove(out, in, in_len);
	*len = (int)in_len;
	return srtp_err_status_ok;
}

/* libsrtp2's in-place calls are captured here, before the macros below rename them. */
static inline srtp_err_status_t birge_srtp_run(
  srtp_err_status_t (*fn)(srtp_t, void*, int*), srtp_t ctx, uint8_t* buf, int len, size_t* out_len)
{
	srtp_err_status_t err = fn(ctx, buf, &len);
	if (err == srtp_err_status_ok)
	{
		if (len < 0)
			return srtp_err_status_fail;
		*out_len = (size_t)len;
	}
	return err;
}

/* mediasoup never configures MKIs, so only index 0 is meaningful; refuse anything else
 * rather than silently protecting without the requested key. */
static inline srtp_err_status_t birge_srtp3_protect(srtp_t ctx, const uint8_t* rtp, size_t rtp_len,
  uint8_t* srtp, size_t* srtp_len, size_t mki_index)
{
	int len = 0;
	if (srtp_len == NULL || mki_index != 0)
		return srtp_err_status_bad_param;
	srtp_err_status_t err = birge_srtp_stage(rtp, rtp_len, srtp, *srtp_len, BIRGE_SRTP_RTP_GROWTH, &len);
	return err != srtp_err_status_ok ? err : birge_srtp_run(srtp_protect, ctx, srtp, len, srtp_len);
}

static inline srtp_err_status_t birge_srtp3_protect_rtcp(srtp_t ctx, const uint8_t* rtcp,
  size_t rtcp_len, uint8_t* srtcp, size_t* srtcp_len, size_t mki_index)
{
	int len = 0;
	if (srtcp_len == NULL || mki_index != 0)
		return srtp_err_status_bad_param;
	srtp_err_status_t err =
	  birge_srtp_stage(rtcp, rtcp_len, srtcp, *srtcp_len, BIRGE_SRTP_RTCP_GROWTH, &len);
	return err != srtp_err_status_ok ? err : birge_srtp_run(srtp_protect_rtcp, ctx, srtcp, len, srtcp_len);
}

/* Unprotecting only shrinks the packet, so the output needs just the input's size. */
static inline srtp_err_status_t birge_srtp3_unprotect(
  srtp_t ctx, const uint8_t* srtp, size_t srtp_len, uint8_t* rtp, size_t* rtp_len)
{
	int len = 0;
	if (rtp_len == NULL)
		return srtp_err_status_bad_param;
	srtp_err_status_t err = birge_srtp_stage(srtp, srtp_len, rtp, *rtp_len, 0, &len);
	return err != srtp_err_status_ok ? err : birge_srtp_run(srtp_unprotect, ctx, rtp, len, rtp_len);
}

static inline srtp_err_status_t birge_srtp3_unprotect_rtcp(
  srtp_t ctx, const uint8_t* srtcp, size_t srtcp_len, uint8_t* rtcp, size_t* rtcp_len)
{
	int len = 0;
	if (rtcp_len == NULL)
		return srtp_err_status_bad_param;
	srtp_err_status_t err = birge_srtp_stage(srtcp, srtcp_len, rtcp, *rtcp_len, 0, &len);
	return err != srtp_err_status_ok ? err : birge_srtp_run(srtp_unprotect_rtcp, ctx, rtcp, len, rtcp_len);
}

#ifdef BIRGE_SRTP3_OPAQUE_POLICY
/* libsrtp 3.x (mediasoup 3.2x) builds a session from an opaque policy handle filled by setters,
 * where libsrtp2 takes a caller-owned struct. The handle owns its copy of key and salt, laid
 * out as libsrtp2 wants them: key immediately followed by salt. */
typedef struct birge_srtp3_policy
{
	srtp_policy_t policy;
	unsigned char key[SRTP_MAX_KEY_LEN];
} * birge_srtp3_policy_t;

static inline srtp_err_status_t birge_srtp3_policy_create(birge_srtp3_policy_t* p)
{
	if (p == NULL)
		return srtp_err_status_bad_param;
	*p = (birge_srtp3_policy_t)calloc(1, sizeof(**p));
	return *p != NULL ? srtp_err_status_ok : srtp_err_status_alloc_fail;
}

static inline void birge_srtp3_policy_destroy(birge_srtp3_policy_t p)
{
	if (p != NULL)
		memset(p->key, 0, sizeof(p->key)); /* key material does not outlive its use */
	free(p);
}

static inline srtp_err_status_t birge_srtp3_policy_set_ssrc(birge_srtp3_policy_t p, srtp_ssrc_t ssrc)
{
	if (p == NULL)
		return srtp_err_status_bad_param;
	p->policy.ssrc = ssrc;
	return srtp_err_status_ok;
}

static inline srtp_err_status_t birge_srtp3_policy_set_profile(birge_srtp3_policy_t p, srtp_profile_t profile)
{
	if (p == NULL)
		return srtp_err_status_bad_param;
	srtp_err_status_t err = srtp_crypto_policy_set_from_profile_for_rtp(&p->policy.rtp, profile);
	return err != srtp_err_status_ok ? err
	                                 : srtp_crypto_policy_set_from_profile_for_rtcp(&p->policy.rtcp, profile);
}

/* mediasoup passes no MKI; one without is all libsrtp2's plain policy can express. */
static inline srtp_err_status_t birge_srtp3_policy_add_key(birge_srtp3_policy_t p, const uint8_t* key,
  size_t key_len, const uint8_t* salt, size_t salt_len, const uint8_t* mki, size_t mki_len)
{
	if (p == NULL || key == NULL || salt == NULL || mki != NULL || mki_len != 0 ||
	    key_len > sizeof(p->key) || salt_len > sizeof(p->key) - key_len)
		return srtp_err_status_bad_param;
	memcpy(p->key, key, key_len);
	memcpy(p->key + key_len, salt, salt_len);
	p->policy.key = p->key;
	return srtp_err_status_ok;
}

static inline srtp_err_status_t birge_srtp3_policy_set_allow_repeat_tx(birge_srtp3_policy_t p, bool allow)
{
	if (p == NULL)
		return srtp_err_status_bad_param;
	p->policy.allow_repeat_tx = allow ? 1 : 0;
	return srtp_err_status_ok;
}

static inline srtp_err_status_t birge_srtp3_policy_set_window_size(birge_srtp3_policy_t p, size_t size)
{
	/* libsrtp2 accepts 64 to 0x7fff (srtp_rdbx_init). */
	if (p == NULL || size < 64 || size > 0x7fff)
		return srtp_err_status_bad_param;
	p->policy.window_size = (unsigned long)size;
	return srtp_err_status_ok;
}

/* Captured before the macro below renames srtp_create. */
static inline srtp_err_status_t birge_srtp3_create(srtp_t* session, birge_srtp3_policy_t p)
{
	if (p == NULL || p->policy.key == NULL)
		return srtp_err_status_bad_param;
	return srtp_create(session, &p->policy);
}

#define srtp_policy_t birge_srtp3_policy_t
#define srtp_policy_create birge_srtp3_policy_create
#define srtp_policy_destroy birge_srtp3_policy_destroy
#define srtp_policy_set_ssrc birge_srtp3_policy_set_ssrc
#define srtp_policy_set_profile birge_srtp3_policy_set_profile
#define srtp_policy_add_key birge_srtp3_policy_add_key
#define srtp_policy_set_allow_repeat_tx birge_srtp3_policy_set_allow_repeat_tx
#define srtp_policy_set_window_size birge_srtp3_policy_set_window_size
#define srtp_create birge_srtp3_create
#endif

#define srtp_protect birge_srtp3_protect
#define srtp_protect_rtcp birge_srtp3_protect_rtcp
#define srtp_unprotect birge_srtp3_unprotect
#define srtp_unprotect_rtcp birge_srtp3_unprotect_rtcp
#define srtp_stream_remove srtp_remove_stream /* renamed in libsrtp 3, same semantics */

#endif
EOF

# The adapter above is security-relevant and mediasoup's own tests can't run here (Catch2 v3),
# so exercise it directly, the way mediasoup calls it, before building anything with it.
cat >"$WORK/srtp-adapter-test.cpp" <<'EOF'
#include <srtp.h>
#include <arpa/inet.h>
#include <cstdio>
#include <cstring>

static int failures = 0;
#define EXPECT(cond) ((cond) ? (void)0 : (void)(failures++, std::fprintf(stderr, "srtp adapter: %s fails (line %d)\n", #cond, __LINE__)))

/* A session made the way the mediasoup version being built makes it: libsrtp 3's opaque policy
 * handle (3.2x) or libsrtp2's struct (3.19). */
static srtp_t make_session(srtp_profile_t profile, srtp_ssrc_type_t type, uint8_t* key)
{
	srtp_t session = nullptr;
#ifdef BIRGE_SRTP3_OPAQUE_POLICY
	srtp_policy_t policy = nullptr;
	srtp_ssrc_t ssrc{};
	ssrc.type = type;
	const size_t key_len = srtp_profile_get_master_key_length(profile);
	const size_t salt_len = srtp_profile_get_master_salt_length(profile);
	EXPECT(srtp_policy_create(&policy) == srtp_err_status_ok);
	EXPECT(srtp_policy_set_ssrc(policy, ssrc) == srtp_err_status_ok);
	EXPECT(srtp_policy_set_profile(policy, profile) == srtp_err_status_ok);
	EXPECT(srtp_policy_add_key(policy, key, key_len, key + key_len, salt_len, nullptr, 0) == srtp_err_status_ok);
	EXPECT(srtp_policy_add_key(policy, key, 40, key + 40, 40, nullptr, 0) == srtp_err_status_bad_param);
	EXPECT(srtp_policy_set_allow_repeat_tx(policy, true) == srtp_err_status_ok);
	EXPECT(srtp_policy_set_window_size(policy, 1024) == srtp_err_status_ok);
	EXPECT(srtp_policy_set_window_size(policy, 1 << 20) == srtp_err_status_bad_param);
	EXPECT(srtp_create(&session, policy) == srtp_err_status_ok);
	srtp_policy_destroy(policy);
#else
	srtp_policy_t policy;
	std::memset(&policy, 0, sizeof(policy));
	EXPECT(srtp_crypto_policy_set_from_profile_for_rtp(&policy.rtp, profile) == srtp_err_status_ok);
	EXPECT(srtp_crypto_policy_set_from_profile_for_rtcp(&policy.rtcp, profile) == srtp_err_status_ok);
	policy.key = key;
	policy.window_size = 1024;
	policy.allow_repeat_tx = 1;
	policy.ssrc.type = type;
	EXPECT(srtp_create(&session, &policy) == srtp_err_status_ok);
#endif
	return session;
}

static void check_suite(const char* name, srtp_profile_t profile)
{
	uint8_t key[64];
	for (size_t i = 0; i < sizeof(key); i++) key[i] = (uint8_t)(i * 37 + 11);
	srtp_t tx = make_session(profile, ssrc_any_outbound, key);
	srtp_t rx = make_session(profile, ssrc_any_inbound, key);

	alignas(4) uint8_t rtp[172] = { 0x80, 96, 0x12, 0x34, 0, 0, 0x10, 0, 0xca, 0xfe, 0xba, 0xbe };
	for (size_t i = 12; i < sizeof(rtp); i++) rtp[i] = (uint8_t)i;
	alignas(4) uint8_t rtcp[28] = { 0x80, 200, 0, 6, 0xca, 0xfe, 0xba, 0xbe };
	alignas(4) uint8_t out[2048];
	size_t len;

	/* Separate output buffer for protect, in place for unprotect: as mediasoup does. */
	len = sizeof(out);
	EXPECT(srtp_protect(tx, rtp, sizeof(rtp), out, &len, 0) == srtp_err_status_ok);
	EXPECT(len > sizeof(rtp) && len <= sizeof(rtp) + SRTP_MAX_TRAILER_LEN);
	EXPECT(std::memcmp(out + 12, rtp + 12, sizeof(rtp) - 12) != 0);
	size_t plain = len;
	EXPECT(srtp_unprotect(rx, out, len, out, &plain) == srtp_err_status_ok);
	EXPECT(plain == sizeof(rtp) && std::memcmp(out, rtp, sizeof(rtp)) == 0);

	/* A flipped bit must fail authentication. */
	rtp[3] = 0x35;
	len = sizeof(out);
	EXPECT(srtp_protect(tx, rtp, sizeof(rtp), out, &len, 0) == srtp_err_status_ok);
	out[20] ^= 1;
	plain = len;
	EXPECT(srtp_unprotect(rx, out, len, out, &plain) == srtp_err_status_auth_fail);

	len = sizeof(out);
	EXPECT(srtp_protect_rtcp(tx, rtcp, sizeof(rtcp), out, &len, 0) == srtp_err_status_ok);
	EXPECT(len > sizeof(rtcp) && len <= sizeof(rtcp) + SRTP_MAX_TRAILER_LEN + 4);
	plain = len;
	EXPECT(srtp_unprotect_rtcp(rx, out, len, out, &plain) == srtp_err_status_ok);
	EXPECT(plain == sizeof(rtcp) && std::memcmp(out, rtcp, sizeof(rtcp)) == 0);

	/* Output capacity below libsrtp2's worst case is refused before anything is written. */
	std::memset(out, 0xAA, sizeof(out));
	len = sizeof(rtp) + SRTP_MAX_TRAILER_LEN - 1;
	EXPECT(srtp_protect(tx, rtp, sizeof(rtp), out, &len, 0) == srtp_err_status_buffer_small);
	len = sizeof(rtcp) + SRTP_MAX_TRAILER_LEN + 3;
	EXPECT(srtp_protect_rtcp(tx, rtcp, sizeof(rtcp), out, &len, 0) == srtp_err_status_buffer_small);
	EXPECT(out[0] == 0xAA && out[sizeof(out) - 1] == 0xAA);
	len = 10;
	EXPECT(srtp_unprotect(rx, rtp, sizeof(rtp), out, &len) == srtp_err_status_buffer_small);
	len = sizeof(out);
	EXPECT(srtp_protect(tx, rtp, (size_t)INT_MAX, out, &len, 0) == srtp_err_status_bad_param);
	EXPECT(srtp_protect(tx, rtp, sizeof(rtp), out, &len, 1) == srtp_err_status_bad_param);

	EXPECT(srtp_stream_remove(tx, htonl(0xcafebabe)) == srtp_err_status_ok);
	srtp_dealloc(tx);
	srtp_dealloc(rx);
	std::fprintf(stderr, "srtp adapter: %s checked\n", name);
}

int main()
{
	EXPECT(srtp_init() == srtp_err_status_ok);
	check_suite("AES_CM_128_HMAC_SHA1_80", srtp_profile_aes128_cm_sha1_80);
	check_suite("AES_CM_128_HMAC_SHA1_32", srtp_profile_aes128_cm_sha1_32);
	check_suite("AEAD_AES_128_GCM", srtp_profile_aead_aes_128_gcm);
	check_suite("AEAD_AES_256_GCM", srtp_profile_aead_aes_256_gcm);
	srtp_shutdown();
	return failures == 0 ? 0 : 1;
}
EOF
say "testing the libsrtp3-on-libsrtp2 adapter"
# shellcheck disable=SC2046 # pkg-config output is meant to be word-split
test_defs=()
((OPAQUE_POLICY)) && test_defs=(-DBIRGE_SRTP3_OPAQUE_POLICY)
logged "compiling the srtp adapter test" g++ -std=c++17 -Wall -Werror "${test_defs[@]}" -I"$SP/libsrtp3/include" \
  "$WORK/srtp-adapter-test.cpp" -o "$WORK/srtp-adapter-test" $(pkg-config --cflags --libs libsrtp2)
logged "the srtp adapter test" "$WORK/srtp-adapter-test"

# Debian 12 has meson 1.0.1; mediasoup asks for 1.1 but needs nothing from it.
sed -i "s/meson_version: '>= 1.1.0'/meson_version: '>= 1.0.0'/" "$W/meson.build"

# Crash fix. The DTLS BIO callback must return the real result for every BIO_CB_RETURN call,
# which arrives OR-ed with the operation (BIO_CB_RETURN|BIO_CB_CTRL, ...). Upstream compares
# with ==, so it answers 1 to everything, including BIO_get_ktls_send(). Debian's libssl is
# built with kTLS, believes the BIO does kernel TLS, skips allocating its write buffer and
# SIGSEGVs on the first DTLS handshake with a browser. Bundled OpenSSL has no kTLS, so
# upstream never sees it.
DTLS="$W/src/RTC/DtlsTransport.cpp"
sed -i 's/(operationType == BIO_CB_RETURN)/(operationType \& BIO_CB_RETURN)/' "$DTLS"
grep -q '(operationType & BIO_CB_RETURN)' "$DTLS" ||
  die "DtlsTransport.cpp in mediasoup $VERSION no longer has the expected BIO callback; re-check the BIO_CB_RETURN crash fix before building"

setup_args=(--wrap-mode=nodownload --buildtype=release -Db_ndebug=true)
# Debian 12's liburing (2.3) lacks functions mediasoup 3.19 calls; the worker works without it.
if grep -qs ms_disable_liburing "$W/meson_options.txt" "$W/meson.options"; then
  setup_args+=(-Dms_disable_liburing=true)
fi
say "configuring (meson, downloads disabled)"
logged "meson setup" meson setup "${setup_args[@]}" "$WORK/build" "$W"
say "compiling"
# libwebrtc's sources include the generated FlatBuffers headers without depending on their
# target, so generate them first. Then only the worker: the default target includes the unit
# tests, which need Catch2 v3.
logged "generating FlatBuffers headers" meson compile -C "$WORK/build" flatbuffers-generator
logged "compiling mediasoup-worker" meson compile -C "$WORK/build" -j "$(nproc)" mediasoup-worker

worker_runs "$WORK/build/mediasoup-worker" ||
  die "the freshly built worker does not pass the smoke test (expected exit code 41); see $LOG"
mv -f "$WORK/build/mediasoup-worker" "$BIN"
say "built $BIN in $((SECONDS - START)) s"
answer "$BIN"
