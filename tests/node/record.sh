#!/usr/bin/env bash
# Records Node's output for each compatibility script (tests/node/<name>.mjs
# -> <name>.out). Run with Node 20, then check the diff by eye: the .out
# files are what crates/cli/tests/node_compat.rs holds nanojs to.
# Usage: bash tests/node/record.sh [name ...]
set -euo pipefail
cd "$(dirname "$0")"
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for f in *.mjs; do names+=("${f%.mjs}"); done
fi
for n in "${names[@]}"; do
  node "$n.mjs" > "$n.out"
  echo "recorded $n.out ($(wc -l < "$n.out") lines, node $(node --version))"
done
