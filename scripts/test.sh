#!/usr/bin/env bash
# Runs every test on a fresh machine. Installs what is missing first: npm dependencies (npm ci) and the
# Debian packages the end-to-end, workflow and summary-rendering checks need (podman, docker-registry,
# shellcheck, chromium).
# Then: lint + typecheck, the dist/ check, and every jest suite (unit, simulator, integration, e2e).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  bash scripts/install-deps.sh
fi

missing=()
command -v podman >/dev/null 2>&1 || missing+=(podman)
command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
  else
    echo "missing ${missing[*]}: install them with: apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

echo "== lint"
npm run --silent lint
echo "== dist/ is what the build produces"
node scripts/check-dist.mjs
echo "== tests"
npm run --silent test:jest -- "$@"
