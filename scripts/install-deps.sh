#!/usr/bin/env bash
# Installs the npm dependencies from package-lock.json. `npm ci` first; when it refuses the lockfile,
# `npm install`, which honours the same lockfile. Why it can refuse: the registry this project installs from
# has no packages for some optional, platform-specific bindings (e.g. unrs-resolver's non-Linux builds, a
# jest dependency), so npm leaves them out of the lockfile and `npm ci` then reports them "missing".
set -euo pipefail
cd "$(dirname "$0")/.."
if ! npm ci --no-audit --no-fund 2>/tmp/ecs-kit-npm-ci.log; then
  echo "npm ci refused the lockfile ($(grep -m1 -o 'Missing: [^ ]*' /tmp/ecs-kit-npm-ci.log || echo 'see /tmp/ecs-kit-npm-ci.log')); installing with npm install from the same lockfile"
  npm install --no-audit --no-fund
fi
