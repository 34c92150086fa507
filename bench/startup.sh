#!/usr/bin/env bash
# Start-up and idle memory of the demo federation, for one or more builds of gq, in the order given (alternate them:
# the machine is noisy). Per build: `gq demo` on an empty folder (cold) and again on the same folder (warm), time to
# /health/ready on the national node and on all eight nodes; then `gq serve` on the national database, its time to
# ready and /proc/<pid>/status 10 s later. Loopback only.
# Usage: bench/startup.sh GQ [GQ ...]   e.g. bench/startup.sh src/GoldenQuality/bin/Release/net10.0/gq /tmp/gq-r2r/gq
set -uo pipefail
port=${PORT:-5600}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ready() { until curl -fs "http://127.0.0.1:$1/health/ready" >/dev/null 2>&1; do sleep 0.01; done; }
for gq in "$@"; do
  rm -rf "$work/data"
  for mode in cold warm; do
    t0=$(date +%s%N)
    "$gq" demo --data "$work/data" --port "$port" >"$work/demo.log" 2>&1 &
    pid=$!
    ready "$port"
    t1=$(date +%s%N)
    for p in $(seq $((port + 1)) $((port + 7))); do ready "$p"; done
    t2=$(date +%s%N)
    echo "$gq $mode: national ready $(( (t1 - t0) / 1000000 )) ms, all eight $(( (t2 - t0) / 1000000 )) ms"
    kill -TERM $pid; wait $pid 2>/dev/null
  done
  "$gq" serve --db "$work/data/aqsiq-national.db" --urls "http://127.0.0.1:$((port + 20))" >"$work/serve.log" 2>&1 &
  s=$!
  t0=$(date +%s%N)
  ready $((port + 20))
  t1=$(date +%s%N)
  sleep 10
  echo "$gq serve: ready $(( (t1 - t0) / 1000000 )) ms; $(grep -E 'VmRSS|RssAnon|RssFile|RssShmem' /proc/$s/status | awk '{printf "%s %.0f MB; ", $1, $2/1024}')"
  kill -TERM $s; wait $s 2>/dev/null
done
