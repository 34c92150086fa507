#!/usr/bin/env bash
# Node-level benchmarks of the foundation (issue: Foundation), on loopback only:
#   1. time from `gq demo` start to /health/ready answering 200 on the national node, and on all six demo
#      nodes: cold (empty data folder) and warm;
#   2. resident memory (VmRSS) of one idle node (`gq serve` on the national node's database), 10 s after ready;
#   3. enterprise look-ups by USCC over HTTP with wrk, against a baseline endpoint (/health/live) in the same run.
# Usage: bench/node.sh [RUNS] [WRK_SECONDS]     Needs: curl, wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
secs=${2:-15}
port=5199
dotnet build -c Release src/GoldenQuality/GoldenQuality.csproj -v q -nologo >/dev/null
gq=src/GoldenQuality/bin/Release/net10.0/gq
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT

start_node() { # $1 data folder; sets pid, ms (national ready) and all_ms (all six ready)
  local t0 t1 last
  t0=$(date +%s%N)
  "$gq" demo --data "$1" --port $port >"$work/out.log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do sleep 0.01; done
  t1=$(date +%s%N)
  ms=$(( (t1 - t0) / 1000000 ))
  for p in $(seq $((port + 1)) $((port + 5))); do
    until curl -fs "http://127.0.0.1:$p/health/ready" >/dev/null 2>&1; do sleep 0.01; done
  done
  last=$(date +%s%N)
  all_ms=$(( (last - t0) / 1000000 ))
}
stop_node() { kill -TERM $pid; wait $pid 2>/dev/null || true; }

echo "== start to ready ($runs runs each) =="
cold=(); warm=(); cold_all=(); warm_all=()
for i in $(seq "$runs"); do
  rm -rf "$work/data"
  start_node "$work/data"; cold+=("$ms"); cold_all+=("$all_ms"); stop_node
  start_node "$work/data"; warm+=("$ms"); warm_all+=("$all_ms"); stop_node
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "cold (empty folder: migrate + seed 3,771 reference rows + demo data): ${cold[*]} ms, median $(median "${cold[@]}") ms"
echo "warm (existing database): ${warm[*]} ms, median $(median "${warm[@]}") ms"
echo "all six nodes ready, cold: ${cold_all[*]} ms, median $(median "${cold_all[@]}") ms; warm: ${warm_all[*]} ms, median $(median "${warm_all[@]}") ms"

echo "== idle resident memory of one node =="
"$gq" serve --db "$work/data/aqsiq-national.db" --urls "http://127.0.0.1:$((port + 10))" >"$work/serve.log" 2>&1 &
serve=$!
until curl -fs "http://127.0.0.1:$((port + 10))/health/ready" >/dev/null 2>&1; do sleep 0.01; done
sleep 10
echo "VmRSS of gq serve after 10 s idle: $(awk '/VmRSS/ {printf "%.1f MB", $2/1024}' /proc/$serve/status)"
kill -TERM $serve; wait $serve 2>/dev/null || true
start_node "$work/data"

echo "== enterprise look-ups by USCC (wrk -t2 -c64 -d${secs}s) =="
key=$(cat "$work/data/demo-api-key")
uscc=913301000000DEM01D
curl -fs -H "X-Api-Key: $key" "http://127.0.0.1:$port/api/registry/enterprises/$uscc" >/dev/null
wrk -t2 -c64 -d5s -H "X-Api-Key: $key" "http://127.0.0.1:$port/api/registry/enterprises/$uscc" >/dev/null # warm-up
echo "-- baseline: GET /health/live (no auth, no database)"
wrk -t2 -c64 -d"${secs}s" "http://127.0.0.1:$port/health/live" | grep -E "Requests/sec|Latency|requests in"
echo "-- GET /api/registry/enterprises/{uscc} with an API key"
wrk -t2 -c64 -d"${secs}s" --latency -H "X-Api-Key: $key" "http://127.0.0.1:$port/api/registry/enterprises/$uscc" | grep -E "Requests/sec|Latency|requests in|50%|99%|Non-2xx"
echo "VmRSS after load: $(awk '/VmRSS/ {printf "%.1f MB", $2/1024}' /proc/$pid/status)"
stop_node
