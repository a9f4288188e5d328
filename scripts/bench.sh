#!/usr/bin/env bash
# Runs every benchmark under bench/ (or the ones named) and prints their tables.
# Benchmarks measure ratios side by side in one run; they are never timed assertions in tests.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then files=("$@"); else mapfile -t files < <(ls bench/*.ts 2>/dev/null | grep -v '\.lib\.ts$' || true); fi
if [ ${#files[@]} -eq 0 ]; then echo "no benchmarks under bench/"; exit 1; fi
for file in "${files[@]}"; do
  echo "== $file"
  node --import tsx "$file"
done
