#!/usr/bin/env bash
# Isolate creation and density: nanojs isolates beside node/deno/bun contexts.
# Run by hand: bash bench/isolates.sh   (builds release; installs peers into bench/peers)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/peers.sh

cargo build --release -p nanojs-bench --bin isolates
for n in 1000 10000; do
  echo "== $n isolates/contexts =="
  ./target/release/isolates "$n"
  ./target/release/isolates "$n" --touch
  for peer in node deno bun; do
    bin=$(peer_bin "$peer") || { echo "$peer: not available"; continue; }
    case $peer in
      deno) printf '%s ' "$peer"; "$bin" run --allow-all bench/peers_contexts.js "$n" ;;
      *) printf '%s ' "$peer"; "$bin" bench/peers_contexts.js "$n" ;;
    esac
  done
done
