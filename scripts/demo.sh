#!/usr/bin/env bash
# The kit's main job, locally, with no AWS account: installs dependencies when missing, builds the
# action bundles when they are missing, starts the simulator with a seeded world and runs the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  bash scripts/install-deps.sh
fi
exec node --import tsx scripts/demo.ts "$@"
