#!/usr/bin/env bash
# Runs the lab on this machine's Docker engine: `bash scripts/lab.sh` (or `npm run lab`).
#   bash scripts/lab.sh        # pulumi up on the dev stack, print the URLs, run the smoke check
#   bash scripts/lab.sh down   # pulumi destroy on the dev stack
# Environment: LAB_STACK (default dev). Where Pulumi keeps state is your choice (`pulumi login`);
# for a machine without a Pulumi Cloud account: `pulumi login --local`.
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
  up | down) ;;
  -h | --help)
    sed -n '2,6p' "$0"
    exit 0
    ;;
  *) die "unknown command '$action'; use: bash scripts/lab.sh [up|down]" ;;
esac

command -v node >/dev/null 2>&1 || die "Node.js 20 or later is required: https://nodejs.org/"
command -v pulumi >/dev/null 2>&1 ||
  die "the Pulumi CLI is required: https://www.pulumi.com/docs/install/ (then open a new shell)"
if [[ "$action" == "up" ]]; then
  command -v docker >/dev/null 2>&1 || die "Docker is required: https://docs.docker.com/get-docker/"
  docker info >/dev/null 2>&1 ||
    die "Docker is installed but its engine does not answer (is Docker Desktop / the docker service running?)"
fi

if ! pulumi whoami >/dev/null 2>&1; then
  die "the Pulumi CLI is not logged in to a backend. For state on this machine only:
      pulumi login --local
    and, with a local backend, choose a passphrase for the stack's secrets:
      export PULUMI_CONFIG_PASSPHRASE='<something you will remember>'"
fi

if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  step "npm ci"
  npm ci --no-audit --no-fund
fi

step "stack $stack"
if ! pulumi stack select "$stack" >/dev/null 2>&1; then
  pulumi stack init "$stack"
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
  echo "    pulumi stack output grafanaAdminPassword --show-secrets --stack $stack"
fi
printf '\n  %s\n' "$(pulumi stack output sampleRequest --stack "$stack")"

# Kept although the dev stack's `pulumi up` verifies the gateway itself (verifyAfterUp): that
# verification runs only when the Kong configuration, the credential or the gateway changed, not on
# an up that changed nothing (a lab already running, perhaps changed by hand since). This check
# answers for the gateway as it runs now, on every stack, in about a second.
step "smoke check (the running gateway, now)"
npm run --silent smoke -- --stack "$stack"
