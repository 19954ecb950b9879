#!/usr/bin/env bash
# Runs the lab on this machine's Docker engine: `bash scripts/lab.sh` (or `npm run lab`).
#   bash scripts/lab.sh        # pulumi up on the dev stack, print the URLs, run the smoke check
#   bash scripts/lab.sh down   # pulumi destroy on the dev stack
#   bash scripts/lab.sh pulumi <args>   # any pulumi command with the lab's state settings
# Environment: LAB_STACK (default dev). State: a logged-in Pulumi CLI (or PULUMI_BACKEND_URL) keeps
# its backend; otherwise the lab keeps its state in .pulumi-state/ with a generated passphrase in
# .pulumi-state/passphrase (mode 0600). See docs/state-backend.md.
set -euo pipefail
cd "$(dirname "$0")/.."

stack="${LAB_STACK:-dev}"
action="${1:-up}"

die() {
  printf 'lab: %s\n' "$*" >&2
  exit 1
}
step() { printf '\n==> %s\n' "$*"; }

case "$action" in
  up | down | pulumi) ;;
  -h | --help)
    sed -n '2,9p' "$0"
    exit 0
    ;;
  *) die "unknown command '$action'; use: bash scripts/lab.sh [up|down|pulumi <args>]" ;;
esac

command -v node >/dev/null 2>&1 || die "Node.js 20 or later is required: https://nodejs.org/"
command -v pulumi >/dev/null 2>&1 ||
  die "the Pulumi CLI is required: https://www.pulumi.com/docs/install/ (then open a new shell)"
# Docker only for a stack that runs the containers: containersEnabled defaults to true, and a
# containers-off stack says false in its Pulumi.<stack>.yaml.
if [[ "$action" == "up" ]] &&
  ! grep -Eq '^[[:space:]]*kong-jwt-lab:containersEnabled:[[:space:]]*"?false"?[[:space:]]*$' "Pulumi.$stack.yaml" 2>/dev/null; then
  command -v docker >/dev/null 2>&1 || die "Docker is required: https://docs.docker.com/get-docker/"
  docker info >/dev/null 2>&1 ||
    die "Docker is installed but its engine does not answer (is Docker Desktop / the docker service running?)"
fi

# Where the state lives (docs/state-backend.md). The lab's own file backend is used when it exists
# already, or when the CLI has no backend at all (not logged in, no PULUMI_BACKEND_URL); a user who is
# logged in keeps their own backend. scripts/lib/labState.ts applies the same rule for npm run token
# and npm run smoke.
lab_state_dir="$PWD/.pulumi-state"
if [[ -z "${PULUMI_BACKEND_URL:-}" ]] && { [[ -d "$lab_state_dir" ]] || ! pulumi whoami >/dev/null 2>&1; }; then
  mkdir -p "$lab_state_dir"
  chmod 700 "$lab_state_dir"
  if [[ ! -s "$lab_state_dir/passphrase" ]]; then
    (umask 077 && node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64url"))' \
      >"$lab_state_dir/passphrase")
  fi
  chmod 600 "$lab_state_dir/passphrase"
  export PULUMI_BACKEND_URL="file://$lab_state_dir"
  export PULUMI_CONFIG_PASSPHRASE_FILE="$lab_state_dir/passphrase"
  unset PULUMI_CONFIG_PASSPHRASE
  if [[ "$action" != "pulumi" ]]; then
    echo "lab: state in .pulumi-state/ (the Pulumi CLI is not logged in), its passphrase in .pulumi-state/passphrase (mode 0600)"
  fi
fi

if [[ "$action" == "pulumi" ]]; then
  shift
  exec pulumi "$@"
fi

if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  step "npm ci"
  npm ci --no-audit --no-fund
fi

step "stack $stack"
if ! pulumi stack select "$stack" >/dev/null 2>&1; then
  # Picks up an existing Pulumi.<stack>.yaml (e.g. a containers-off stack's settings).
  pulumi stack init "$stack"
fi

# A `pulumi up` killed outright (SIGKILL, a closed terminal, a crash) leaves the stack locked in a
# file backend. A lock whose process no longer runs on this machine is released with `pulumi cancel`;
# the next `pulumi up` then finishes the interrupted creates (see docs/troubleshooting-interrupted-up.md).
if [[ "${PULUMI_BACKEND_URL:-}" == file://* ]]; then
  locks_dir="${PULUMI_BACKEND_URL#file://}"
  locks_dir="${locks_dir%%\?*}/.pulumi/locks/organization/kong-jwt-lab/$stack"
  if [[ -d "$locks_dir" ]] && node -e '
    const fs = require("fs"), os = require("os"), path = require("path");
    const dir = process.argv[1];
    const stale = fs.readdirSync(dir).filter((f) => f.endsWith(".json")).some((f) => {
      const lock = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
      if (lock.hostname !== os.hostname()) return false;
      try { process.kill(lock.pid, 0); return false; } catch (e) { return e.code === "ESRCH"; }
    });
    process.exit(stale ? 0 : 1);' "$locks_dir" 2>/dev/null; then
    echo "lab: the last pulumi run on stack $stack was killed and left it locked: releasing the lock (pulumi cancel)"
    pulumi cancel --yes --stack "$stack" >/dev/null
  fi
fi

if [[ "$action" == "down" ]]; then
  step "pulumi destroy --stack $stack"
  pulumi destroy --yes --stack "$stack"
  # The FastAPI image this stack built (tagged by content) is not removed by destroy.
  if command -v docker >/dev/null 2>&1; then
    prefix="kong-jwt-lab-$(printf '%s' "$stack" | tr '[:upper:]' '[:lower:]' | tr -c 'a-z0-9_.\n-' '-')"
    mapfile -t built < <(docker image ls --quiet --filter "reference=${prefix}-fastapi" 2>/dev/null | sort -u)
    if ((${#built[@]} > 0)); then docker image rm --force "${built[@]}" >/dev/null || true; fi
  fi
  echo "The lab is gone. Pulled images stay in Docker's cache (docker image ls); the stack's"
  echo "history stays too: 'pulumi stack rm $stack' removes it."
  exit 0
fi

step "pulumi up --stack $stack"
pulumi up --yes --stack "$stack"

step "the lab"
for output in proxyUrl adminUrl managerUrl prometheusUrl grafanaUrl grafanaDashboardUrl zipkinUrl; do
  if url=$(pulumi stack output "$output" --stack "$stack" 2>/dev/null) && [[ -n "$url" ]]; then
    printf '  %-20s %s\n' "$output" "$url"
    if [[ "$output" == grafanaUrl ]]; then grafana=yes; fi
  fi
done
if [[ -n "${grafana:-}" ]]; then
  echo "  Grafana lets anyone on this machine view; to edit, sign in as admin with the password from"
  echo "    bash scripts/lab.sh pulumi stack output grafanaAdminPassword --show-secrets --stack $stack"
fi
if sample=$(pulumi stack output sampleRequest --stack "$stack" 2>/dev/null) && [[ -n "$sample" ]]; then
  printf '\n  %s\n' "$sample"
fi

# Kept although the dev stack's `pulumi up` verifies the gateway itself (verifyAfterUp): that
# verification runs only when the Kong configuration, the credential or the gateway changed, not on
# an up that changed nothing (a lab already running, perhaps changed by hand since). This check
# answers for the gateway as it runs now, on every stack, in about a second.
step "smoke check (the running gateway, now)"
npm run --silent smoke -- --stack "$stack"
