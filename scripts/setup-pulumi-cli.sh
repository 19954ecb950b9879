#!/usr/bin/env bash
# Provides the Pulumi CLI for the engine tests (test/engine). This is the TEST HARNESS's way to get
# the CLI; people using the lab install Pulumi the usual way.
#
#   cli_env=$(bash scripts/setup-pulumi-cli.sh) && eval "$cli_env"
#
# On success it prints only `export ...` lines on stdout (PATH with the CLI and the dynamic-provider
# shim of @pulumi/pulumi, plus offline settings) and exits 0; progress goes to stderr. When no CLI
# can be had it exits non-zero with the reason on stderr.
#
# 1. A `pulumi` already on PATH is used when its version is at least the pinned one (v3.x).
# 2. Otherwise the CLI is built from the Go module proxy with the small module in tools/pulumi-cli
#    (go.mod + go.sum pin github.com/pulumi/pulumi/pkg/v3 and every dependency), into a cache outside
#    the repo keyed by the pinned version and the hash of go.mod + go.sum:
#      ${XDG_CACHE_HOME:-$HOME/.cache}/kong-jwt-lab/pulumi-<version>-<hash>/bin/pulumi
#    Later runs find it there and take well under a second.
#
# The Node.js language host (pulumi-language-nodejs) is not built: its Go module is not served by
# the module proxy these machines reach. The engine tests do not need it (they run the program
# inline through the Automation API); the user-command tests (test/cli) lay the CLI out with a test
# double of it (test/language-host) and the dynamic-provider shim beside it.
#
# Environment:
#   KONG_LAB_PULUMI_REBUILD=1    ignore the cache and any pulumi on PATH, rebuild from source
#   KONG_LAB_PULUMI_IGNORE_PATH=1  do not use a pulumi found on PATH (use or build the cached one)
#   KONG_LAB_PULUMI_CACHE=<dir>  cache root instead of ${XDG_CACHE_HOME:-$HOME/.cache}/kong-jwt-lab
set -euo pipefail

readonly PULUMI_VERSION="v3.248.0"
readonly VERSION_PKG="github.com/pulumi/pulumi/sdk/v3/go/common/version.Version"
readonly CLI_PKG="github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"

repo="$(cd "$(dirname "$0")/.." && pwd)"
module_dir="$repo/tools/pulumi-cli"
shim_dir="$repo/node_modules/@pulumi/pulumi"

log() { printf 'setup-pulumi-cli: %s\n' "$*" >&2; }
fail() {
  log "ERROR: $*"
  exit 1
}

# The dynamic-provider shim ships with the Node SDK; the CLI finds it on PATH.
[[ -x "$shim_dir/pulumi-resource-pulumi-nodejs" ]] ||
  fail "dynamic-provider shim $shim_dir/pulumi-resource-pulumi-nodejs is missing (run npm ci first)"

emit_env() {
  local bin_dir="$1"
  printf 'export PATH=%q:%q:"$PATH"\n' "$bin_dir" "$shim_dir"
  printf 'export PULUMI_SKIP_UPDATE_CHECK=true\n'
}

# "v3.248.0" -> "3 248 0"; anything unparsable -> empty.
semver_triplet() {
  local v="${1#v}"
  v="${v%%[-+]*}"
  if [[ "$v" =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ ]]; then
    echo "${BASH_REMATCH[1]} ${BASH_REMATCH[2]} ${BASH_REMATCH[3]}"
  fi
}

# True when $1 is a v3 version not older than the pinned one.
version_ok() {
  local have want
  read -r -a have <<<"$(semver_triplet "$1")"
  read -r -a want <<<"$(semver_triplet "$PULUMI_VERSION")"
  [[ ${#have[@]} -eq 3 ]] || return 1
  [[ "${have[0]}" -eq "${want[0]}" ]] || return 1
  if [[ "${have[1]}" -ne "${want[1]}" ]]; then
    [[ "${have[1]}" -gt "${want[1]}" ]]
    return
  fi
  [[ "${have[2]}" -ge "${want[2]}" ]]
}

# 1. A suitable pulumi on PATH.
if [[ "${KONG_LAB_PULUMI_REBUILD:-}" != "1" && "${KONG_LAB_PULUMI_IGNORE_PATH:-}" != "1" ]] &&
  path_cli="$(command -v pulumi 2>/dev/null)"; then
  path_version="$(PULUMI_SKIP_UPDATE_CHECK=true "$path_cli" version 2>/dev/null || true)"
  if version_ok "$path_version"; then
    log "using $path_cli ($path_version) from PATH"
    emit_env "$(dirname "$path_cli")"
    exit 0
  fi
  log "ignoring $path_cli on PATH: version '${path_version:-unknown}' is not >= $PULUMI_VERSION (v3)"
fi

# 2. The cached build, or a new one.
[[ -f "$module_dir/go.mod" && -f "$module_dir/go.sum" ]] || fail "$module_dir/go.mod or go.sum is missing"
sum_hash="$(cat "$module_dir/go.mod" "$module_dir/go.sum" | sha256sum | cut -c1-12)"
cache_root="${KONG_LAB_PULUMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kong-jwt-lab}"
cache_dir="$cache_root/pulumi-$PULUMI_VERSION-$sum_hash"
cli="$cache_dir/bin/pulumi"

cached_version_ok() {
  [[ -x "$cli" ]] && [[ "$(PULUMI_SKIP_UPDATE_CHECK=true "$cli" version 2>/dev/null || true)" == "$PULUMI_VERSION" ]]
}

if [[ "${KONG_LAB_PULUMI_REBUILD:-}" != "1" ]] && cached_version_ok; then
  log "using cached $cli ($PULUMI_VERSION)"
  emit_env "$cache_dir/bin"
  exit 0
fi

command -v go >/dev/null 2>&1 ||
  fail "no pulumi >= $PULUMI_VERSION on PATH and no Go toolchain to build one (install Go >= 1.25 or Pulumi)"

mkdir -p "$cache_root"
# One build at a time per cache root (parallel test runs).
exec 9>"$cache_root/.build.lock"
if command -v flock >/dev/null 2>&1; then
  flock 9
fi
if [[ "${KONG_LAB_PULUMI_REBUILD:-}" != "1" ]] && cached_version_ok; then
  log "using $cli built by a concurrent run"
  emit_env "$cache_dir/bin"
  exit 0
fi

staging="$(mktemp -d "$cache_root/.build.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
log "building pulumi $PULUMI_VERSION from the Go module proxy ($(go env GOVERSION), module $module_dir)"
log "this takes a few minutes the first time; the result is cached in $cache_dir"
start=$SECONDS
mkdir -p "$staging/bin"
if ! (cd "$module_dir" && GOFLAGS="${GOFLAGS:-} -mod=readonly -buildvcs=false" go build -trimpath \
  -ldflags "-s -w -X $VERSION_PKG=$PULUMI_VERSION" -o "$staging/bin/pulumi" "$CLI_PKG") >&2; then
  fail "go build of $CLI_PKG@$PULUMI_VERSION failed (see the messages above)"
fi
built_version="$(PULUMI_SKIP_UPDATE_CHECK=true "$staging/bin/pulumi" version 2>/dev/null || true)"
[[ "$built_version" == "$PULUMI_VERSION" ]] ||
  fail "the built CLI reports version '$built_version', expected $PULUMI_VERSION"

rm -rf "$cache_dir"
mv "$staging" "$cache_dir"
trap - EXIT
log "built $cli in $((SECONDS - start))s"
emit_env "$cache_dir/bin"
