#!/usr/bin/env bash
# Many apps: one nanojs serving 1,000 (and 10,000) distinct apps, each its own
# folder, code and hostname in one nano.json. Each app is hit once (the first
# request creates its isolate on the worker that gets it), then once more
# (warm); latency is measured client-side per request (bench/many_apps/client.py,
# one keep-alive connection, so one worker sees every request).
# Run by hand:  bash bench/many_apps.sh [N ...]     (default: 1000 10000)
#
# Environment (optional): SKIP_BUILD=1, NANOJS=path, WORKERS=2, NO_WATCH=1
# (pass --no-watch; by default the server watches every app folder, as it
# would in production).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
COUNTS=("$@"); [ ${#COUNTS[@]} -gt 0 ] || COUNTS=(1000 10000)
WORKERS=${WORKERS:-2}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
NANOJS=${NANOJS:-$TARGET/release/nanojs}
WORK=$(mktemp -d /tmp/nanojs-bench-apps.XXXXXX)
TOKEN=bench-$RANDOM$RANDOM
STEADY=${STEADY:-5}

if [ -z "${SKIP_BUILD:-}" ]; then
  cargo build --release -p nanojs
fi
[ -x "$NANOJS" ] || { echo "no nanojs binary at $NANOJS" >&2; exit 1; }

SID=
cleanup() {
  if [ -n "$SID" ]; then
    kill -TERM -- "-$SID" 2>/dev/null || true
    sleep 0.3
    kill -KILL -- "-$SID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
now() { date +%s.%N; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

echo "machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p')), $(free -g | awk '/^Mem:/ { print $2 }') GB RAM, $(uname -sr)"
echo "nanojs: $("$NANOJS" --version), --workers $WORKERS$([ -n "${NO_WATCH:-}" ] && echo ', --no-watch')"
echo

ROWS=()
for n in "${COUNTS[@]}"; do
  dir="$WORK/$n"
  python3 bench/many_apps/gen.py "$n" "$dir" --workers "$WORKERS" >/dev/null
  log="$WORK/serve-$n.log"
  t0=$(now)
  # Info only for the server's own lines (the listening line); no access log.
  NANOJS_BENCH_TOKEN=$TOKEN setsid "$NANOJS" serve --config "$dir/nano.json" --log-level 'warn,nanojs_server=info' \
    ${NO_WATCH:+--no-watch} >"$log" 2>&1 &
  SID=$!
  port=
  for _ in $(seq 1200); do
    port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log" | head -1)
    [ -n "$port" ] && break
    kill -0 "$SID" 2>/dev/null || break
    sleep 0.05
  done
  if [ -z "$port" ]; then echo "$n apps: server did not start"; cat "$log"; exit 1; fi
  admin=$(sed -n 's/.*admin listening on http:\/\/\(127\.0\.0\.1:[0-9]*\).*/\1/p' "$log" | head -1)
  t_listen=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
  sleep 1 # let start-up settle (watcher set-up)
  rss0=$(rss_kb "$SID")
  t1=$(now)
  res=$(python3 bench/many_apps/client.py "$port" "$n" "$STEADY")
  t_client=$(awk -v a="$t1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
  rss1=$(rss_kb "$SID")
  # Isolates and QuickJS heap, from /metrics (workers publish them every 2 s).
  sleep 2.5
  read -r isolates heap_b < <(curl -s -H "Authorization: Bearer $TOKEN" "http://$admin/metrics" |
    awk '/^nanojs_isolates\{/ { i += $2 } /^nanojs_isolate_memory_bytes\{/ { m += $2 } END { printf "%d %d\n", i, m }')
  heap_per=$(awk -v m="$heap_b" -v i="$isolates" 'BEGIN { printf "%.0f", (i > 0 ? m / i / 1024 : 0) }')
  warnings=$(grep -c -E 'WARN|ERROR' "$log" || true)
  kill -TERM -- "-$SID" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$SID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$SID" 2>/dev/null || true
  SID=
  read -r errors f50 f99 fmax w50 w99 b50 tfirst sn s99 smax s50ms < <(python3 -c '
import json, sys; d = json.loads(sys.argv[1])
print(d["errors"], d["first_p50_ms"], d["first_p99_ms"], d["first_max_ms"], d["warm_p50_ms"], d["warm_p99_ms"], d["no_app_404_p50_ms"], d["first_pass_s"],
      d["steady_requests"], d["steady_p99_ms"], d["steady_max_ms"], d["steady_over_50ms"])' "$res")
  per_app=$(awk -v a="$rss0" -v b="$rss1" -v n="$n" 'BEGIN { printf "%.0f", (b - a) / n }')
  echo "== $n apps =="
  echo "  server start to listening: ${t_listen} s; RSS idle $(mb "$rss0") MB, after all apps answered $(mb "$rss1") MB, per app ${per_app} KB"
  echo "  isolates: $isolates; QuickJS heap per isolate ${heap_per} KB (the rest of RSS per app is outside the JS heap)"
  printf '  first request: p50 %.2f ms, p99 %.2f ms, max %.2f ms; warm: p50 %.2f ms, p99 %.2f ms; no-app 404 p50 %.2f ms\n' \
    "$f50" "$f99" "$fmax" "$w50" "$w99" "$b50"
  printf '  warm, round all apps for %s s: %s requests, p99 %.2f ms, max %.1f ms, %s over 50 ms\n' "$STEADY" "$sn" "$s99" "$smax" "$s50ms"
  echo "  first pass over all apps: ${tfirst%.*}.$(printf '%s' "${tfirst#*.}" | cut -c1-2) s; client total ${t_client} s; non-200/wrong body: $errors; server warnings: $warnings"
  [ "$errors" = 0 ] || python3 -c 'import json,sys; print("  e.g.", json.loads(sys.argv[1])["error_samples"])' "$res"
  [ "$warnings" = 0 ] || grep -m3 -E 'WARN|ERROR' "$log" | sed 's/^/  log: /'
  ROWS+=("$n|$t_listen|$(mb "$rss0")|$(mb "$rss1")|$per_app|$heap_per|$f50|$f99|$w50|$smax|$tfirst|$errors")
  rm -rf "$dir"
done

echo
echo "| apps | start (s) | RSS idle | RSS after | RSS / app | JS heap / app | first p50 | first p99 | warm p50 | first - warm p50 | warm max (${STEADY} s) | first pass (s) | failed |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for row in "${ROWS[@]}"; do
  IFS='|' read -r n tl r0 r1 pa hp f50 f99 w50 smax tf err <<<"$row"
  awk -v n="$n" -v tl="$tl" -v r0="$r0" -v r1="$r1" -v pa="$pa" -v hp="$hp" -v f50="$f50" -v f99="$f99" -v w50="$w50" -v smax="$smax" -v tf="$tf" -v err="$err" 'BEGIN {
    printf "| %s | %s | %s MB | %s MB | %s KB | %s KB | %.2f ms | %.2f ms | %.2f ms | %+.2f ms | %.1f ms | %.1f | %s |\n", n, tl, r0, r1, pa, hp, f50, f99, w50, f50 - w50, smax, tf, err }'
done
echo
echo "budgets: first request <= warm p50 + 1 ms; 10,000 apps <= 2.5 GB RSS, all answering"
for row in "${ROWS[@]}"; do
  IFS='|' read -r n tl r0 r1 pa hp f50 f99 w50 smax tf err <<<"$row"
  awk -v n="$n" -v r1="$r1" -v f50="$f50" -v f99="$f99" -v w50="$w50" -v err="$err" 'BEGIN {
    printf "  %s apps: first p50 - warm p50 = %.2f ms (%s); first p99 - warm p50 = %.2f ms; RSS %.2f GB%s; %s\n", n,
      f50 - w50, (f50 - w50 <= 1 ? "met" : "NOT met"), f99 - w50, r1 / 1024,
      (n >= 10000 ? (r1 / 1024 <= 2.5 ? " (met)" : " (NOT met)") : ""), (err == 0 ? "all answered 200" : err " failed") }'
done
