#!/usr/bin/env bash
# WebCrypto throughput: bench/crypto/bench.js in nanojs (release build) and in
# node/deno/bun, side by side, with nanojs's ratio to the best peer.
# Run by hand: bash bench/crypto.sh   (builds release; installs peers into bench/peers)
# BENCH_SECONDS=3 bash bench/crypto.sh for longer runs per benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/peers.sh

cargo build --release -p nanojs
nanojs="${CARGO_TARGET_DIR:-target}/release/nanojs"
export BENCH_SECONDS="${BENCH_SECONDS:-1}"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
runtimes=(nanojs)
"$nanojs" run bench/crypto/bench.js >"$out/nanojs"
for peer in node deno bun; do
  bin=$(peer_bin "$peer") || { echo "$peer: not available" >&2; continue; }
  case $peer in
    deno) "$bin" run --quiet --allow-env bench/crypto/bench.js >"$out/$peer" ;;
    *) "$bin" bench/crypto/bench.js >"$out/$peer" ;;
  esac
  runtimes+=("$peer")
done

# One row per benchmark: ops/s per runtime, then nanojs / best peer.
(cd "$out" && awk -F'\t' -v order="${runtimes[*]}" '
  BEGIN { n = split(order, rt, " ") }
  FNR == 1 { file = FILENAME }
  { ops[$1, file] = $2; if (!($1 in seen)) { seen[$1] = 1; names[++m] = $1 } }
  END {
    printf "%-26s", "ops/s"
    for (i = 1; i <= n; i++) printf "%12s", rt[i]
    printf "%14s\n", "nanojs/best"
    for (j = 1; j <= m; j++) {
      b = names[j]; best = 0
      printf "%-26s", b
      for (i = 1; i <= n; i++) {
        v = ops[b, rt[i]]; printf "%12s", (v == "" ? "-" : v)
        if (i > 1 && v + 0 > best) best = v + 0
      }
      if (best > 0) printf "%14.2f\n", ops[b, "nanojs"] / best; else printf "%14s\n", "-"
    }
  }' "${runtimes[@]}")
