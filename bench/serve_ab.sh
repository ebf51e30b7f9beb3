#!/usr/bin/env bash
# A/B of two stemma binaries under the serving load of bench/serve_load.sh, alternating.
#
#   bench/serve_ab.sh STORE.db QUERIES_DIR BINARY_A BINARY_B [ROUNDS=2] [DURATION=20s]
#
# For each round and each binary: start `BINARY serve --port 0` on STORE.db, warm up 5 s, then
# wrk (2 threads, 16 connections) POSTs the query articles of QUERIES_DIR (q*.txt, as
# bench/serve_load.sh does) to /api/v1/trace for DURATION; prints traces/s, p50/p90/p99/max
# latency, non-200 answers and the server's CPU per trace. Alternating runs minutes apart is
# how a change is judged on a machine whose load drifts. STORE.db and QUERIES_DIR are those
# bench/serve_load.sh leaves in bench/out/corpus-100000-*/ (serve.db, queries/).
set -euo pipefail
store=${1:?usage: bench/serve_ab.sh STORE.db QUERIES_DIR BINARY_A BINARY_B [ROUNDS] [DURATION]}
queries=${2:?}; bin_a=${3:?}; bin_b=${4:?}; rounds=${5:-2}; duration=${6:-20s}
command -v wrk >/dev/null || { echo "serve_ab.sh: wrk not found (apt-get install wrk)" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/trace_load.sh"
write_trace_load "$queries" "$work"
field() { awk -v k="$1" '$1 == k {print $2}' "$2"; }
run_one() {
  local bin=$1 label=$2
  "$bin" serve --db "$store" --port 0 >"$work/server.out" 2>"$work/server.err" &
  local pid=$!
  for _ in $(seq 100); do grep -q 'serving http' "$work/server.out" && break; sleep 0.1; done
  local url
  url=$(grep -o 'http://[^/ ]*' "$work/server.out" | head -1)
  [[ -n $url ]] || { echo "serve_ab.sh: $bin did not start: $(cat "$work/server.err")" >&2; kill "$pid" 2>/dev/null; exit 1; }
  wrk -t 2 -c 16 -d 5s -s "$work/trace.lua" "$url" >/dev/null
  local t0 t1 out="$work/run.txt" n
  t0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  wrk -t 2 -c 16 -d "$duration" --latency -s "$work/trace.lua" "$url" >"$out"
  t1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  n=$(field requests "$out")
  local ticks result
  ticks=$(getconf CLK_TCK)
  result="$(awk '/^Requests\/sec/ {print $2}' "$out") traces/s, p50 $(field p50_ms "$out") p90 $(field p90_ms "$out") p99 $(field p99_ms "$out") max $(field max_ms "$out") ms, $n requests, $(field non_200 "$out") not 200"
  echo "$label: $result; server CPU $(awk -v d="$((t1 - t0))" -v n="$n" -v t="$ticks" 'BEGIN { printf "%.2f", n ? d * 1000 / t / n : 0 }') ms a trace; load $(cut -d' ' -f1 /proc/loadavg)"
}
for ((r = 1; r <= rounds; ++r)); do
  run_one "$bin_a" "A round $r"
  run_one "$bin_b" "B round $r"
done
