#!/usr/bin/env bash
# Every test of the project, from a fresh clone: installs what it needs, then runs
# type-check, lint, format check, the TypeScript unit tests (mocks, Kong stand-in, providers,
# scripts, the dashboard's PromQL on a real Prometheus server), the FastAPI app's pytest suite, the
# real-engine tests (test/engine) and the user-command tests through the Pulumi CLI (test/cli).
#
#   bash scripts/test.sh               # everything
#   bash scripts/test.sh --only unit   # skip the engine tests
#   bash scripts/test.sh --only engine # only the engine tests
set -euo pipefail
cd "$(dirname "$0")/.."

only=""
if [[ "${1:-}" == "--only" ]]; then only="${2:-}"; fi

step() { printf '\n==> %s\n' "$*"; }

step "npm dependencies"
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi

step "Python environment for the FastAPI app (.venv)"
if [[ ! -x .venv/bin/python ]] || ! cmp -s app/requirements-dev.txt .venv/.requirements-dev.txt 2>/dev/null \
  || ! cmp -s app/requirements.txt .venv/.requirements.txt 2>/dev/null; then
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r app/requirements-dev.txt
  cp app/requirements-dev.txt .venv/.requirements-dev.txt
  cp app/requirements.txt .venv/.requirements.txt
fi
export LAB_PYTHON="$PWD/.venv/bin/python"

status=0
run() {
  step "$*"
  if ! "$@"; then status=1; fi
}

if [[ "$only" != "engine" ]]; then
  step "Prometheus server for the dashboard's PromQL tests"
  # Debian's `prometheus` package, installed when missing (needs root and apt). Under CI=true a
  # missing server is a failure; elsewhere the dashboard's PromQL tests skip with a loud message.
  if ! command -v prometheus >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus >/dev/null ||
      echo "could not install Debian's prometheus package" >&2
  fi
  if command -v prometheus >/dev/null 2>&1; then
    LAB_PROMETHEUS="$(command -v prometheus)"
    export LAB_PROMETHEUS
    "$LAB_PROMETHEUS" --version 2>&1 | head -n 1
  elif [[ "${CI:-}" == "true" ]]; then
    echo "FAIL: no prometheus binary, and CI=true requires the dashboard's PromQL tests." >&2
    status=1
  fi

  run npx tsc --noEmit -p .
  run npx eslint .
  run npx prettier --check .
  mapfile -t unit_tests < <(find test -name '*.test.ts' -not -path 'test/engine/*' -not -path 'test/cli/*' | sort)
  run node --import tsx --test --test-concurrency=2 "${unit_tests[@]}"
  run .venv/bin/python -m pytest -q app/tests
fi

if [[ "$only" != "unit" ]]; then
  step "Pulumi CLI for the engine tests"
  # Finds `pulumi` on PATH or builds it from the Go module proxy into a cache outside the repo.
  # Under CI=true a missing CLI is a failure; elsewhere the engine tests skip with a loud message.
  if cli_env=$(bash scripts/setup-pulumi-cli.sh); then
    eval "$cli_env"
    mapfile -t engine_tests < <(find test/engine test/cli -name '*.test.ts' | sort)
    run node --import tsx --test --test-concurrency=1 "${engine_tests[@]}"
  elif [[ "${CI:-}" == "true" ]]; then
    echo "FAIL: the Pulumi CLI could not be found or built, and CI=true requires the engine tests." >&2
    status=1
  else
    echo "SKIPPED (loudly): engine tests, because the Pulumi CLI could not be found or built." >&2
  fi
fi

exit "$status"
