#!/usr/bin/env bash
# Marginal ingest cost on a large store, with and without the writer's resident index.
#
#   bench/ingest_resident.sh STORE.db [N=4000] [ROUNDS=2]
#
# Generates N new articles (bench/gen_corpus.py --seed 2, ids renamed so none collides with the
# store's), then, ROUNDS times alternately, copies STORE.db and ingests them on one core with
# --index-memory 0 (per-key block reads in SQLite) and with the default resident index; prints
# wall, CPU and peak RSS of each run and an md5 of every edge, which must be the same for both.
# STORE.db is e.g. the serve.db that bench/serve_load.sh leaves in bench/out/corpus-100000-*/.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STEMMA=${STEMMA:-$ROOT/build/src/stemma}
store=${1:?usage: bench/ingest_resident.sh STORE.db [N] [ROUNDS]}
n=${2:-4000}; rounds=${3:-2}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$ROOT/bench/gen_corpus.py" "$n" --out "$work/gen" --seed 2 --queries 0 >/dev/null
sed 's/"id": "a/"id": "new-a/; s#/a0#/new-a0#' "$work/gen/corpus.jsonl" > "$work/new.jsonl"
pin=(); command -v taskset >/dev/null && pin=(taskset -c 0)
for ((r = 1; r <= rounds; ++r)); do
  for mem in 0 2048; do
    cp "$store" "$work/s.db"; rm -f "$work/s.db-wal" "$work/s.db-shm"
    label=$([ "$mem" = 0 ] && echo "sqlite lookups " || echo "resident index ")
    /usr/bin/time -f "$label round $r: wall %e s, cpu %U+%S s, peak rss %M kB" \
      "${pin[@]}" "$STEMMA" ingest --db "$work/s.db" --threads 1 --quiet --index-memory "$mem" "$work/new.jsonl" 2>&1 | tail -1
    echo "  edges md5 $(sqlite3 "$work/s.db" "SELECT parent, child, relation, credited, round(coverage, 6), round(confidence, 6) FROM edges ORDER BY parent, child" | md5sum | cut -c1-32)"
  done
done
