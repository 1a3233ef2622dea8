#!/usr/bin/env bash
# First load of a 301-module node_modules graph (bench/src/module_graph.rs):
# nanojs isolates beside node, deno and bun importing the same folder, each
# timing only the import (a fresh process per load for the peers).
# Run by hand: bash bench/module_graph.sh   (builds release; installs peers into bench/peers)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/peers.sh

cargo build --release -p nanojs-bench --bin module_graph
dir=target/module_graph_app
./target/release/module_graph gen "$dir"
./target/release/module_graph run "$dir" 30
entry="$(cd "$dir" && pwd)/entry.mjs"
probe="const t = performance.now(); await import('file://$entry'); console.log((performance.now() - t).toFixed(2));"
for peer in node deno bun; do
  bin=$(peer_bin "$peer") || { echo "$peer: not available"; continue; }
  times=()
  for _ in $(seq 10); do
    case $peer in
      node) t=$("$bin" --input-type=module -e "$probe") ;;
      deno) t=$(cd "$dir" && "$bin" eval --ext=js "$probe") ;;
      bun) t=$(cd "$dir" && "$bin" -e "$probe") ;;
    esac
    times+=("$t")
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  echo "$peer modules=301 loads=10 first_load_p50_ms=$(echo "$sorted" | sed -n 5p) max_ms=$(echo "$sorted" | tail -1)"
done
