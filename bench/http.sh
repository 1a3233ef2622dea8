#!/usr/bin/env bash
# HTTP throughput: nanojs serve beside node, deno, bun and workerd, all serving
# the same hello-world handler (bench/http/app/index.js; node: bench/http/node.js).
# Run by hand:  bash bench/http.sh
#
# Environment (all optional):
#   DURATION=10s CONNS=64 THREADS=2   the wrk load (keep-alive), after WARMUP=3s
#   RUNS=3          measured runs per runtime; the table shows the best
#   PROCS=N         processes/threads per runtime (default: nproc)
#   RUNTIMES="nanojs node node-1 deno bun workerd"   which rows to run (also:
#                   nanojs-1, nanojs with one worker)
#   SKIP_BUILD=1    use the existing release binary
#   NANOJS=path     the nanojs binary (default: $CARGO_TARGET_DIR/release/nanojs)
#   PORT=18080      base port (each runtime gets its own)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
source bench/peers.sh

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
CONNS=${CONNS:-64}
THREADS=${THREADS:-2}
RUNS=${RUNS:-3}
PROCS=${PROCS:-$(nproc)}
RUNTIMES=${RUNTIMES:-"nanojs node node-1 deno bun workerd"}
PORT=${PORT:-18080}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
NANOJS=${NANOJS:-$TARGET/release/nanojs}
LOGDIR=$(mktemp -d /tmp/nanojs-bench-http.XXXXXX)

# --- build ------------------------------------------------------------------
if [ -z "${SKIP_BUILD:-}" ]; then
  cargo build --release -p nanojs
fi
[ -x "$NANOJS" ] || { echo "no nanojs binary at $NANOJS" >&2; exit 1; }

# --- load tool: wrk (Debian package) else oha (cargo) ------------------------
TOOL=
if command -v wrk >/dev/null; then
  TOOL=wrk
else
  SUDO=; [ "$(id -u)" = 0 ] || { command -v sudo >/dev/null && sudo -n true 2>/dev/null && SUDO=sudo; }
  if [ "$(id -u)" = 0 ] || [ -n "$SUDO" ]; then
    $SUDO apt-get install -y wrk >/dev/null 2>&1 || { $SUDO apt-get update >/dev/null 2>&1 && $SUDO apt-get install -y wrk >/dev/null 2>&1; } || true
  fi
  if command -v wrk >/dev/null; then TOOL=wrk
  else
    command -v oha >/dev/null || cargo install oha
    TOOL=oha
  fi
fi

# --- process handling --------------------------------------------------------
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -TERM -- "-$p" 2>/dev/null || true; done
  sleep 0.3
  for p in "${PIDS[@]}"; do kill -KILL -- "-$p" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME PORT cmd...: runs cmd in its own session (so the whole tree can be
# stopped and measured), output to $LOGDIR/NAME.log. Sets SID.
start() {
  local name=$1; shift
  setsid "$@" >"$LOGDIR/$name.log" 2>&1 &
  SID=$!
  PIDS+=("$SID")
}
stop() {
  kill -TERM -- "-$1" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 -- "-$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- "-$1" 2>/dev/null || true
}
# RSS in KB summed over the server processes of session $1 (not the launcher
# helpers: setsid, python3 fd sharing, shells).
rss_kb() {
  ps -o rss=,comm= -s "$1" | awk '$2 !~ /^(setsid|python3|bash|sh)$/ { s += $1 } END { print s + 0 }'
}
# CPU time (clock ticks) used so far by the server processes of session $1.
cpu_ticks() {
  local t=0 p
  for p in $(ps -o pid=,comm= -s "$1" | awk '$2 !~ /^(setsid|python3|bash|sh)$/ { print $1 }'); do
    t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$t"
}
nprocs() {
  ps -o comm= -s "$1" | grep -cvE '^(setsid|python3|bash|sh)$' || true
}
# Waits until the server answers; prints the status code.
wait_up() {
  local port=$1 code
  for _ in $(seq 200); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/" 2>/dev/null || true)
    if [ -n "$code" ] && [ "$code" != 000 ]; then echo "$code"; return 0; fi
    sleep 0.1
  done
  echo 000
}

# load PORT DURATION -> prints "req_per_s p99_ms non_2xx requests"
load() {
  local port=$1 dur=$2 out
  if [ "$TOOL" = wrk ]; then
    out=$(wrk -t"$THREADS" -c"$CONNS" -d"$dur" --latency "http://127.0.0.1:$port/")
    echo "$out" >>"$LOGDIR/wrk.log"
    local rps p99 non2xx reqs
    rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
    p99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } print v }' <<<"$out")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' <<<"$out")
    reqs=$(awk '/ requests in / { print $1 }' <<<"$out")
    echo "${rps:-0} ${p99:-0} ${non2xx:-0} ${reqs:-0}"
  else
    out=$(oha --no-tui -c "$CONNS" -z "$dur" --json "http://127.0.0.1:$port/")
    echo "$out" >>"$LOGDIR/oha.log"
    python3 -c 'import json,sys; d=json.load(sys.stdin); s=d["statusCodeDistribution"]; print(d["summary"]["requestsPerSec"], d["latencyPercentiles"]["p99"]*1000, sum(v for k,v in s.items() if not k.startswith("2")), sum(s.values()))' <<<"$out"
  fi
}

# --- runtimes ----------------------------------------------------------------
# launch NAME PORT: starts one runtime, prints how it is configured to $DESC.
launch() {
  local name=$1 port=$2 bin
  case $name in
    nanojs)
      DESC="nanojs serve --workers $PROCS (threads on SO_REUSEPORT)"
      start "$name" "$NANOJS" serve bench/http/app --port "$port" --workers "$PROCS" --log-level warn --no-watch ;;
    nanojs-1)
      DESC="nanojs serve --workers 1"
      start "$name" "$NANOJS" serve bench/http/app --port "$port" --workers 1 --log-level warn --no-watch ;;
    node)
      bin=$(peer_bin node) || return 1
      DESC="$PROCS node processes, node:http, reusePort"
      start "$name" bash -c 'for i in $(seq '"$PROCS"'); do PORT='"$port"' "'"$bin"'" bench/http/node.js & done; wait' ;;
    node-1)
      bin=$(peer_bin node) || return 1
      DESC="1 node process, node:http"
      start "$name" env PORT="$port" "$bin" bench/http/node.js ;;
    deno)
      bin=$(peer_bin deno) || return 1
      DESC="deno serve --parallel (DENO_JOBS=$PROCS)"
      start "$name" env DENO_JOBS="$PROCS" DENO_NO_UPDATE_CHECK=1 "$bin" serve --parallel --quiet --host 127.0.0.1 --port "$port" bench/http/app/index.js ;;
    bun)
      bin=$(peer_bin bun) || return 1
      DESC="$PROCS bun processes, Bun.serve reusePort"
      start "$name" bash -c 'for i in $(seq '"$PROCS"'); do PORT='"$port"' "'"$bin"'" bench/http/bun.js & done; wait' ;;
    workerd)
      bin=$(peer_bin workerd) || return 1
      DESC="$PROCS workerd processes sharing one listening fd"
      start "$name" python3 bench/http/fdshare.py "$port" "$PROCS" -- "$bin" serve bench/http/workerd.capnp --socket-fd http=3 ;;
    *) echo "unknown runtime $name" >&2; return 1 ;;
  esac
}

version() {
  case $1 in
    nanojs|nanojs-1) "$NANOJS" --version 2>/dev/null | head -1 ;;
    node|node-1) "$(peer_bin node)" --version ;;
    deno) "$(peer_bin deno)" --version | head -1 ;;
    bun) echo "bun $("$(peer_bin bun)" --version)" ;;
    workerd) "$(peer_bin workerd)" --version ;;
  esac
}

echo "machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p')), $(free -g | awk '/^Mem:/ { print $2 }') GB RAM, $(uname -sr)"
echo "load: $TOOL -t$THREADS -c$CONNS -d$DURATION (keep-alive) after a ${WARMUP} warm-up, best of $RUNS runs"
echo "note: the load generator runs on the same $(nproc) cores as the server"
echo "logs: $LOGDIR"
echo

ROWS=()
i=0
for rt in $RUNTIMES; do
  port=$((PORT + i)); i=$((i + 1))
  if ! launch "$rt" "$port"; then echo "$rt: not available"; continue; fi
  sid=$SID
  code=$(wait_up "$port")
  if [ "$code" = 000 ]; then
    echo "$rt: did not start (see $LOGDIR/$rt.log)"; tail -5 "$LOGDIR/$rt.log" | sed 's/^/  /'; stop "$sid"; continue
  fi
  [ "$code" = 200 ] || echo "warning: $rt answers $code, not 200 (numbers below are for that response)"
  load "$port" "$WARMUP" >/dev/null
  best_rps=0; best_p99=0; all=()
  bad=0; total_reqs=0
  ticks0=$(cpu_ticks "$sid")
  for _ in $(seq "$RUNS"); do
    read -r rps p99 non2xx reqs < <(load "$port" "$DURATION")
    total_reqs=$((total_reqs + ${reqs%.*}))
    all+=("$rps")
    [ "${non2xx%.*}" = 0 ] || bad=1
    if awk -v a="$rps" -v b="$best_rps" 'BEGIN { exit !(a > b) }'; then best_rps=$rps; best_p99=$p99; fi
  done
  ticks=$(( $(cpu_ticks "$sid") - ticks0 ))
  cpu_us=$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v n="$total_reqs" 'BEGIN { printf "%.1f", (n > 0 ? t / hz * 1e6 / n : 0) }')
  rss=$(rss_kb "$sid"); procs=$(nprocs "$sid")
  min=$(printf '%s\n' "${all[@]}" | sort -g | head -1)
  spread=$(awk -v lo="$min" -v hi="$best_rps" 'BEGIN { printf "%.0f%%", (hi > 0 ? (hi - lo) * 100 / hi : 0) }')
  printf '%-8s %10.0f req/s  p99 %7.2f ms  server CPU %5.1f us/req  RSS %6.1f MB (%d proc)  runs: %s  [%s]%s\n' \
    "$rt" "$best_rps" "$best_p99" "$cpu_us" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$procs" "${all[*]}" "$DESC" \
    "$([ $bad = 0 ] || echo '  NON-2xx RESPONSES')"
  ROWS+=("$rt|$(version "$rt")|$DESC|$best_rps|$spread|$best_p99|$cpu_us|$rss|$code")
  stop "$sid"
done

# --- table -------------------------------------------------------------------
echo
echo "| runtime | version | configuration | req/s (best) | spread | p99 | server CPU / req | RSS after load | status |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
best_peer=0; best_peer_name=; nano=0
for row in "${ROWS[@]}"; do
  IFS='|' read -r rt ver desc rps spread p99 cpu_us rss code <<<"$row"
  printf '| %s | %s | %s | %s | %s | %s ms | %s µs | %s MB | %s |\n' "$rt" "$ver" "$desc" \
    "$(awk -v r="$rps" 'BEGIN { printf "%.0f", r }')" "$spread" "$p99" "$cpu_us" \
    "$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')" "$code"
  if [ "$rt" = nanojs ]; then nano=$rps
  elif [ "$rt" = nanojs-1 ]; then :
  elif awk -v a="$rps" -v b="$best_peer" 'BEGIN { exit !(a > b) }'; then best_peer=$rps; best_peer_name=$rt; fi
done
echo
if [ -n "$best_peer_name" ] && awk -v n="$nano" 'BEGIN { exit !(n > 0) }'; then
  awk -v n="$nano" -v b="$best_peer" -v name="$best_peer_name" 'BEGIN {
    r = n / b; printf "nanojs / best peer (%s): %.2fx  (budget >= 1.10x: %s)\n", name, r, (r >= 1.1 ? "met" : "NOT met") }'
fi
echo "(load generator shares the $(nproc) cores with the server under test; spread = (best - worst) / best over $RUNS runs;"
echo " server CPU / req = user+system CPU of the server processes over the measured runs / requests served: less"
echo " sensitive to a busy machine than req/s)"
