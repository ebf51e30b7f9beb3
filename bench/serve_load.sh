#!/usr/bin/env bash
# Loopback load test of `stemma serve`: POST /api/v1/trace with wrk on a large store.
#
#   bench/serve_load.sh [N=100000]
#
# 1. builds stemma (Release) into $BUILD_DIR if needed;
# 2. generates N articles with bench/gen_corpus.py and ingests them into a store, both cached
#    in $OUT_DIR (the ingest takes minutes: ~900 articles/s);
# 3. starts `stemma serve` on a free loopback port with --threads $THREADS;
# 4. writes a wrk Lua script that POSTs the query articles of the corpus (copies and
#    rewrites of stored articles, ~1,000 words each) in turn as trace bodies;
# 5. a warm-up run, then a measured run of $DURATION at $CONNECTIONS connections (wrk --latency:
#    throughput and p50/p90/p99), counting non-2xx answers and socket errors;
# 6. a soak of $SOAK_SECONDS at the same load, sampling the server's RSS every 10 s (start/end
#    printed); also GET /api/v1/health under no load to show the server still answers.
# Prints a summary and keeps it as $OUT_DIR/serve-load-report.txt.
#
# Environment: BUILD_DIR (<repo>/build), OUT_DIR (<repo>/bench/out, git-ignored), SEED (1),
# QUERIES (50), CONNECTIONS (16), WRK_THREADS (2), THREADS (server workers; default: cores),
# DURATION (30s), SOAK_SECONDS (300; 0 skips the soak).
set -euo pipefail

N=${1:-100000}
if ! [[ $N =~ ^[0-9]+$ ]] || ((N < 10)); then
  echo "usage: bench/serve_load.sh [N>=10]" >&2
  exit 2
fi
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
OUT_DIR=${OUT_DIR:-$ROOT/bench/out}
SEED=${SEED:-1}
QUERIES=${QUERIES:-50}
CONNECTIONS=${CONNECTIONS:-16}
WRK_THREADS=${WRK_THREADS:-2}
THREADS=${THREADS:-0}
DURATION=${DURATION:-30s}
SOAK_SECONDS=${SOAK_SECONDS:-300}
PY=/usr/bin/python3
[[ -x $PY ]] || PY=$(command -v python3)
log() { printf '[serve_load.sh] %s\n' "$*" >&2; }
command -v wrk >/dev/null || { echo "serve_load.sh: wrk not found (apt-get install wrk)" >&2; exit 1; }
mkdir -p "$OUT_DIR"

# ---- 1. build ----------------------------------------------------------------------------------
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null || true)
if [[ $build_type != Release ]]; then
  log "configuring $BUILD_DIR (Release)"
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >"$OUT_DIR/cmake.log" 2>&1
fi
cmake --build "$BUILD_DIR" --target stemma >"$OUT_DIR/build.log" 2>&1 || { tail -20 "$OUT_DIR/build.log" >&2; exit 1; }
STEMMA=$BUILD_DIR/src/stemma

# ---- 2. corpus and store (cached) ----------------------------------------------------------------
GEN_VERSION=$(sha1sum "$ROOT/bench/gen_corpus.py" | cut -c1-8) # same naming as bench/ingest.sh: one cache
CORPUS_DIR=$OUT_DIR/corpus-$N-s$SEED-q$QUERIES-g$GEN_VERSION
if [[ ! -f $CORPUS_DIR/corpus.meta.json ]]; then
  log "generating $N articles + $QUERIES queries into $CORPUS_DIR"
  rm -rf "$CORPUS_DIR"
  "$PY" "$ROOT/bench/gen_corpus.py" "$N" --out "$CORPUS_DIR" --seed "$SEED" --queries "$QUERIES" >/dev/null
fi
DB=$CORPUS_DIR/serve.db
if [[ ! -f $CORPUS_DIR/serve.db.done ]]; then
  log "ingesting $N articles into $DB (cached for later runs)"
  rm -f "$DB" "$DB-wal" "$DB-shm"
  t0=$(date +%s)
  "$STEMMA" ingest --db "$DB" --quiet "$CORPUS_DIR/corpus.jsonl"
  log "ingested in $(($(date +%s) - t0)) s"
  touch "$CORPUS_DIR/serve.db.done"
fi
ARTICLES=$("$STEMMA" stats --db "$DB" --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["articles"])')

# ---- 3. server -----------------------------------------------------------------------------------
RUN=$(mktemp -d)
SERVER_PID=""
cleanup() {
  [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$RUN"
}
trap cleanup EXIT
"$STEMMA" serve --db "$DB" --port 0 --threads "$THREADS" >"$RUN/server.out" 2>"$RUN/server.err" &
SERVER_PID=$!
for _ in $(seq 100); do
  grep -q 'serving http' "$RUN/server.out" && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$RUN/server.err" >&2; exit 1; }
  sleep 0.1
done
URL=$(grep -o 'http://[^/ ]*' "$RUN/server.out" | head -1)
[[ -n $URL ]] || { echo "serve_load.sh: the server printed no URL" >&2; cat "$RUN/server.err" >&2; exit 1; }
log "server $URL (pid $SERVER_PID): $(cat "$RUN/server.out")"

# ---- 4. request bodies ---------------------------------------------------------------------------
# The query articles as JSON bodies and the wrk script that POSTs them (bench/trace_load.sh).
source "$ROOT/bench/trace_load.sh"
write_trace_load "$CORPUS_DIR/queries" "$RUN" "$PY"

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$SERVER_PID/status"; }

# ---- 5. warm-up and measured run ------------------------------------------------------------------
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg) # other work on the machine skews every figure: say so
log "warm-up (10s)"
wrk -t "$WRK_THREADS" -c "$CONNECTIONS" -d 10s -s "$RUN/trace.lua" "$URL" >"$RUN/warmup.txt"
log "measured run ($DURATION, $CONNECTIONS connections)"
wrk -t "$WRK_THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency -s "$RUN/trace.lua" "$URL" >"$RUN/run.txt"
cat "$RUN/run.txt" >&2

# ---- 6. soak --------------------------------------------------------------------------------------
rss_start=$(rss_kb)
: >"$RUN/rss.txt" >"$RUN/soak.txt"
if ((SOAK_SECONDS > 0)); then
  log "soak (${SOAK_SECONDS}s), RSS every 10 s"
  wrk -t "$WRK_THREADS" -c "$CONNECTIONS" -d "${SOAK_SECONDS}s" --latency -s "$RUN/trace.lua" "$URL" >"$RUN/soak.txt" &
  WRK_PID=$!
  elapsed=0
  while kill -0 "$WRK_PID" 2>/dev/null; do
    sleep 10
    elapsed=$((elapsed + 10))
    kill -0 "$WRK_PID" 2>/dev/null && printf '%d %s\n' "$elapsed" "$(rss_kb)" >>"$RUN/rss.txt"
  done
  wait "$WRK_PID"
fi
rss_end=$(rss_kb)
health=$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/v1/health" || echo none)

field() { awk -v k="$1" '$1 == k {print $2}' "$2"; }
rps() { awk '/^Requests\/sec/ {print $2}' "$1"; }
socket_errors() { grep -o 'Socket errors:.*' "$1" || echo "Socket errors: none"; }
{
  echo "stemma serve load test: POST /api/v1/trace, $CONNECTIONS connections (wrk -t $WRK_THREADS), store of $ARTICLES articles"
  echo "machine: $(nproc) core(s), load average before the run: $LOAD_BEFORE; server: $(sed 's/^stemma: //' "$RUN/server.out")"
  echo "measured run ($DURATION): $(rps "$RUN/run.txt") requests/s, p50 $(field p50_ms "$RUN/run.txt") ms, p99 $(field p99_ms "$RUN/run.txt") ms," \
    "$(field requests "$RUN/run.txt") requests, $(field non_200 "$RUN/run.txt") not 200; $(socket_errors "$RUN/run.txt")"
  echo "soak (${SOAK_SECONDS}s): $(rps "$RUN/soak.txt") requests/s, p50 $(field p50_ms "$RUN/soak.txt") ms, p99 $(field p99_ms "$RUN/soak.txt") ms," \
    "$(field requests "$RUN/soak.txt") requests, $(field non_200 "$RUN/soak.txt") not 200; $(socket_errors "$RUN/soak.txt")"
  echo "RSS: start $((rss_start / 1024)) MB, end $((rss_end / 1024)) MB; samples (s KB): $(tr '\n' ' ' <"$RUN/rss.txt")"
  echo "health after the soak: HTTP $health"
} | tee "$OUT_DIR/serve-load-report.txt"
