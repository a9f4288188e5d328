#!/usr/bin/env bash
# Installs the npm dependencies exactly as package-lock.json records them.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
