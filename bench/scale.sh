#!/usr/bin/env bash
# How stemma's costs grow with the corpus: ingest, store, trace and the all-pairs
# candidate stage at several sizes, and the candidate stage against a MinHash-LSH anchor.
#
#   bench/scale.sh [N ...]          (default: 10000 100000 1000000)
#
# For each N:
# 1. a corpus from bench/gen_corpus.py (originals, syndication, quotation, rewrites,
#    aggregations and heavy spins growing into copy trees; lognormal lengths), cached;
# 2. `stemma ingest` of the whole corpus in one invocation, $THREADS threads, timed,
#    with its peak RSS (/usr/bin/time);
# 3. `stemma stats`: store and index bytes per article;
# 4. `stemma trace FILE` of the corpus's $QUERIES new query articles (wall clock and CPU per process);
# 5. build/bench/allpairs: the all-pairs candidate stage of the whole corpus (as stemma-mpi
#    runs it), phase times and its candidate pairs;
# 6. the anchor, for N <= $ANCHOR_MAX: bench/minhash_lsh.py (numpy MinHash-LSH) on the same
#    JSONL, its time and candidate pairs;
# then bench/scale_report.py prints the table, the growth against the smallest size, and the
# speed ratio and recall of true reuse pairs of both candidate stages.
#
# Environment: BUILD_DIR (<repo>/build), OUT_DIR (<repo>/bench/out, git-ignored), SEED (1),
# QUERIES (50), THREADS (2), BATCH (256), SPIN (0.15: weight of heavy spins), ANCHOR_MAX (100000),
# KEEP_DB (0), REBUILD (1: ninja the binaries first; 0 uses them as built).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
OUT_DIR=${OUT_DIR:-$ROOT/bench/out}
SEED=${SEED:-1}
QUERIES=${QUERIES:-50}
THREADS=${THREADS:-2}
BATCH=${BATCH:-256}
SPIN=${SPIN:-0.15}
ANCHOR_MAX=${ANCHOR_MAX:-100000}
KEEP_DB=${KEEP_DB:-0}
PY=/usr/bin/python3
SIZES=("$@")
((${#SIZES[@]})) || SIZES=(10000 100000 1000000)
for n in "${SIZES[@]}"; do
  [[ $n =~ ^[0-9]+$ ]] && ((n >= 10)) || { echo "usage: bench/scale.sh [N>=10 ...]" >&2; exit 2; }
done
log() { printf '[scale.sh %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now() { echo "$EPOCHREALTIME"; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", a - b }'; }
mkdir -p "$OUT_DIR"

if [[ ! -x $BUILD_DIR/src/stemma || ! -x $BUILD_DIR/bench/allpairs ]] || [[ ${REBUILD:-1} == 1 ]]; then
  log "building (Release) in $BUILD_DIR"
  [[ -f $BUILD_DIR/build.ninja ]] || cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  ninja -C "$BUILD_DIR" stemma allpairs >/dev/null
fi
STEMMA=$BUILD_DIR/src/stemma
ALLPAIRS=$BUILD_DIR/bench/allpairs
GEN_VERSION=$(sha1sum "$ROOT/bench/gen_corpus.py" | cut -c1-8)
runs=()
for N in "${SIZES[@]}"; do
  CORPUS_DIR=$OUT_DIR/corpus-$N-s$SEED-q$QUERIES-spin$SPIN-g$GEN_VERSION
  if [[ ! -f $CORPUS_DIR/corpus.meta.json ]]; then
    log "generating $N articles into $CORPUS_DIR"
    rm -rf "$CORPUS_DIR"
    "$PY" "$ROOT/bench/gen_corpus.py" "$N" --out "$CORPUS_DIR" --seed "$SEED" --queries "$QUERIES" --spin "$SPIN" >/dev/null
  fi
  RUN=$OUT_DIR/scale-$N
  rm -rf "$RUN"
  mkdir -p "$RUN"
  cp "$CORPUS_DIR/corpus.meta.json" "$RUN/meta.json"
  cp "$CORPUS_DIR/truth.tsv" "$RUN/truth.tsv"
  cut -d' ' -f1-3 /proc/loadavg >"$RUN/load_before"
  DB=$RUN/stemma.db

  log "N=$N: stemma ingest (--threads $THREADS --batch $BATCH)"
  t0=$(now)
  /usr/bin/time -f '%M %U %S' -o "$RUN/ingest.time" "$STEMMA" ingest "$CORPUS_DIR/corpus.jsonl" --db "$DB" --quiet --threads "$THREADS" --batch "$BATCH"
  t1=$(now)
  read -r rss user sys <"$RUN/ingest.time"
  articles=$(sqlite3 "$DB" "SELECT count(*) FROM articles")
  printf '{"articles": %s, "seconds": %s, "max_rss_kb": %s, "cpu_seconds": %s}\n' "$articles" "$(sub "$t1" "$t0")" "$rss" "$(sub "$user" "-$sys")" >"$RUN/ingest.json"
  "$STEMMA" stats --db "$DB" --json >"$RUN/stats.json"

  log "N=$N: stemma trace of $QUERIES new articles"
  qfiles=("$CORPUS_DIR"/queries/q*.txt)
  "$STEMMA" trace "${qfiles[0]}" --db "$DB" --json >/dev/null # warm the page cache
  : >"$RUN/trace_seconds.txt"
  : >"$RUN/trace_cpu.txt"
  for q in "${qfiles[@]}"; do
    t0=$(now)
    /usr/bin/time -f '%U %S' -o "$RUN/trace.time" "$STEMMA" trace "$q" --db "$DB" --json >/dev/null
    t1=$(now)
    echo "$(sub "$t1" "$t0")" >>"$RUN/trace_seconds.txt"
    read -r user sys <"$RUN/trace.time"
    echo "$(sub "$user" "-$sys")" >>"$RUN/trace_cpu.txt"
  done
  [[ $KEEP_DB == 1 ]] || rm -f "$DB" "$DB-wal" "$DB-shm"

  log "N=$N: all-pairs candidate stage"
  /usr/bin/time -f '%M %U %S' -o "$RUN/allpairs.time" "$ALLPAIRS" "$CORPUS_DIR/corpus.jsonl" --threads "$THREADS" --pairs "$RUN/allpairs_pairs.tsv" >"$RUN/allpairs.out"
  "$PY" -c "import json,sys; j=json.load(open(sys.argv[1])); t=open(sys.argv[2]).read().split(); j['max_rss_kb']=int(t[0]); j['cpu_seconds']=float(t[1])+float(t[2]); print(json.dumps(j))" \
    "$RUN/allpairs.out" "$RUN/allpairs.time" >"$RUN/allpairs.json"

  if ((N <= ANCHOR_MAX)); then
    log "N=$N: anchor: MinHash-LSH (numpy)"
    /usr/bin/time -f '%M %U %S' -o "$RUN/minhash.time" "$PY" "$ROOT/bench/minhash_lsh.py" "$CORPUS_DIR/corpus.jsonl" --pairs "$RUN/minhash_pairs.tsv" >"$RUN/minhash.out"
    "$PY" -c "import json,sys; j=json.load(open(sys.argv[1])); t=open(sys.argv[2]).read().split(); j['max_rss_kb']=int(t[0]); j['cpu_seconds']=float(t[1])+float(t[2]); print(json.dumps(j))" \
      "$RUN/minhash.out" "$RUN/minhash.time" >"$RUN/minhash.json"
  fi
  cut -d' ' -f1-3 /proc/loadavg >"$RUN/load_after"
  log "N=$N done (load average before/after: $(cat "$RUN/load_before") / $(cat "$RUN/load_after"))"
  runs+=("$RUN")
done
"$PY" "$ROOT/bench/scale_report.py" "${runs[@]}" | tee "$OUT_DIR/scale-report.txt"
