#!/usr/bin/env bash
# Streaming throughput, nanojs beside node, deno and bun (same run, same machine):
#  1. a script piping 256 MiB through a TransformStream (and 32 MiB through
#     gzip and back): bench/streams/transform.mjs, MB/s and peak RSS;
#  2. a proxy app that fetches a local upstream (node:http, SIZE_KB per
#     response) and streams it to the client: wrk load, MB/s and server RSS.
# Run by hand: bash bench/streams.sh   (release build; peers from npm into bench/peers)
# Environment: SKIP_BUILD=1, NANOJS=path, STREAM_MB=256, SIZE_KB=1024,
#   DURATION=10s, CONNS=16, PROCS=$(nproc), RUNTIMES="nanojs node deno bun"
set -euo pipefail
# Job control: each background job is its own process group (PGID = $!),
# so a runtime's processes can be measured and stopped together.
set -m
cd "$(dirname "$0")/.."
ROOT=$(pwd)
source bench/peers.sh

STREAM_MB=${STREAM_MB:-256}
SIZE_KB=${SIZE_KB:-1024}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-16}
PROCS=${PROCS:-$(nproc)}
RUNTIMES=${RUNTIMES:-"nanojs node deno bun"}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
NANOJS=${NANOJS:-$TARGET/release/nanojs}
LOGDIR=$(mktemp -d /tmp/nanojs-bench-streams.XXXXXX)
export STREAM_MB SIZE_KB

if [ -z "${SKIP_BUILD:-}" ]; then cargo build --release -p nanojs; fi
[ -x "$NANOJS" ] || { echo "no nanojs binary at $NANOJS" >&2; exit 1; }
NODE=$(peer_bin node) || { echo "node is needed for the upstream" >&2; exit 1; }

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -TERM -- "-$p" 2>/dev/null || true; done; }
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GB RAM; logs: $LOGDIR"
echo

# --- 1. script ----------------------------------------------------------------
script_cmd() {
  case $1 in
    nanojs) echo "$NANOJS run bench/streams/transform.mjs" ;;
    node) echo "$(peer_bin node) bench/streams/transform.mjs" ;;
    deno) echo "$(peer_bin deno) run --quiet --allow-env bench/streams/transform.mjs" ;;
    bun) echo "$(peer_bin bun) bench/streams/transform.mjs" ;;
  esac
}
echo "script: ${STREAM_MB} MiB through a TransformStream; $((STREAM_MB / 8)) MiB through gzip and back"
printf '%-10s %14s %16s %14s\n' runtime "transform MB/s" "gzip rt MB/s" "peak RSS MB"
declare -A T G
for rt in $RUNTIMES; do
  cmd=$(script_cmd "$rt") || true
  [ -n "$cmd" ] || { echo "$rt: not available"; continue; }
  if ! /usr/bin/time -f '%M' -o "$LOGDIR/$rt.time" $cmd >"$LOGDIR/$rt.script" 2>"$LOGDIR/$rt.err"; then
    echo "$rt: failed (see $LOGDIR/$rt.err)"; continue
  fi
  T[$rt]=$(awk -F'\t' '$1 == "transform" { print $2 }' "$LOGDIR/$rt.script")
  G[$rt]=$(awk -F'\t' '$1 == "gzip round trip" { print $2 }' "$LOGDIR/$rt.script")
  printf '%-10s %14s %16s %14s\n' "$rt" "${T[$rt]}" "${G[$rt]}" "$(( $(tail -1 "$LOGDIR/$rt.time") / 1024 ))"
done
ratio() { # nanojs value / best peer value of array $1
  local -n a=$1; local best=0 v
  for rt in "${!a[@]}"; do [ "$rt" = nanojs ] && continue; v=${a[$rt]}; awk -v x="$v" -v b="$best" 'BEGIN { exit !(x > b) }' && best=$v; done
  awk -v n="${a[nanojs]:-0}" -v b="$best" 'BEGIN { if (b > 0) printf "%.2f", n / b; else printf "-" }'
}
echo "nanojs / best peer: transform $(ratio T), gzip $(ratio G)"
echo

# --- 2. proxy -----------------------------------------------------------------
UP_PORT=18190
env PORT=$UP_PORT "$NODE" bench/streams/upstream.mjs >"$LOGDIR/upstream.log" 2>&1 &
PIDS+=($!)
sleep 0.5
UPSTREAM="http://127.0.0.1:$UP_PORT/"
export UPSTREAM
mkdir -p "$LOGDIR/app"
cat >"$LOGDIR/nano.json" <<JSON
{ "apps": [{ "name": "proxy", "hostname": "127.0.0.1", "path": "$ROOT/bench/streams/proxy-app",
  "env": { "UPSTREAM": "$UPSTREAM" }, "outbound_allow": ["127.0.0.1"],
  "max_subrequests": 1000, "cpu_ms": 10000 }] }
JSON

# proxy_launch NAME PORT: starts the proxy as its own process group; sets SID
# (the group id).
proxy_launch() {
  local port=$2
  local log="$LOGDIR/$1.proxy.log"
  case $1 in
    nanojs) "$NANOJS" serve --config "$LOGDIR/nano.json" --port "$port" --workers "$PROCS" --log-level warn --no-watch >"$log" 2>&1 & ;;
    node) env PORT="$port" PROCS="$PROCS" "$(peer_bin node)" bench/streams/proxy-node.mjs >"$log" 2>&1 & ;;
    deno) env DENO_JOBS="$PROCS" DENO_NO_UPDATE_CHECK=1 "$(peer_bin deno)" serve --parallel --quiet --allow-net --allow-env --host 127.0.0.1 --port "$port" bench/streams/proxy-app/index.js >"$log" 2>&1 & ;;
    bun) bash -c 'for i in $(seq '"$PROCS"'); do PORT='"$port"' "'"$(peer_bin bun)"'" bench/streams/proxy-bun.js & done; wait' >"$log" 2>&1 & ;;
  esac
  SID=$!
}
# RSS of the session's server processes (not the launcher shells).
rss_kb() { ps -e -o pgid=,rss=,comm= | awk -v g="$1" '$1 == g && $3 !~ /^(bash|sh|env)$/ { s += $2 } END { print s + 0 }'; }

echo "proxy: GET through the app to a local upstream of ${SIZE_KB} KiB per response; wrk -t2 -c$CONNS -d$DURATION"
printf '%-10s %10s %12s %14s\n' runtime "req/s" "MB/s" "server RSS MB"
declare -A P
port=18200
for rt in $RUNTIMES; do
  port=$((port + 1))
  proxy_launch "$rt" "$port"
  sid=$SID; PIDS+=("$sid")
  ok=
  for _ in $(seq 100); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/" || true)
    [ "$code" = 200 ] && { ok=1; break; }; sleep 0.1
  done
  [ -n "$ok" ] || { echo "$rt: proxy did not answer 200 (see $LOGDIR/$rt.proxy.log)"; kill -TERM -- "-$sid" 2>/dev/null || true; continue; }
  wrk -t2 -c"$CONNS" -d3s "http://127.0.0.1:$port/" >/dev/null
  out=$(wrk -t2 -c"$CONNS" -d"$DURATION" "http://127.0.0.1:$port/")
  echo "$out" >>"$LOGDIR/wrk.log"
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  mbs=$(awk -v r="$rps" -v kb="$SIZE_KB" 'BEGIN { printf "%.1f", r * kb / 1024 }')
  P[$rt]=$mbs
  printf '%-10s %10s %12s %14s\n' "$rt" "$rps" "$mbs" "$(( $(rss_kb "$sid") / 1024 ))"
  kill -TERM -- "-$sid" 2>/dev/null || true
  sleep 0.5
done
echo "nanojs / best peer: proxy $(ratio P)"
