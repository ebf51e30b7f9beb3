#!/usr/bin/env bash
# stemma-mpi against the single-process ingest on one small corpus (a few hundred articles):
#  - mpirun -np 1 and -np 4 store exactly the articles, reuse pairs, passages and stemma
#    edges that `stemma ingest` stores;
#  - a bad shard file (unparseable, or missing) fails with an error naming it, nonzero, no store;
#  - a rank killed (SIGKILL) during alignment or during the merge fails the run, no store;
#    the rerun after the merge failure resumes from the ranks' checkpoints and stores the same;
#  - a store that already holds articles is refused and left unchanged.
#   tests/mpi/mpi_test.sh STEMMA STEMMA_MPI REPO_ROOT
set -euo pipefail
STEMMA=$1 STEMMA_MPI=$2 ROOT=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# TCP over loopback only: no shared-memory transport (small /dev/shm in sandboxes), and no need
# for a network interface besides lo on the CI machine.
export OMPI_MCA_btl=self,tcp OMPI_MCA_btl_tcp_if_include=lo OMPI_MCA_oob_tcp_if_include=lo OMPI_MCA_rmaps_base_oversubscribe=1
MPIRUN=(timeout 300 mpirun --allow-run-as-root --oversubscribe)
fail() { echo "FAIL: $*" >&2; exit 1; }

/usr/bin/python3 "$ROOT/bench/gen_corpus.py" 240 --out "$work/corpus" --seed 7 --queries 0 --spin 0.15 --reuse 0.4 >/dev/null
mkdir "$work/shards"
split -n l/6 -d --additional-suffix=.jsonl "$work/corpus/corpus.jsonl" "$work/shards/part-"
head -n 3 "$work/shards/part-00.jsonl" >>"$work/shards/part-05.jsonl" # content duplicates across shards: skipped
shards=("$work"/shards/part-*.jsonl)

dump() { # everything the edges depend on, in a canonical order
  sqlite3 "$1" "SELECT id, external_id, content_hash, tokens FROM articles ORDER BY id;
                SELECT a, b, printf('%.9f %.9f', coverage_a, coverage_b) FROM pairs ORDER BY a, b;
                SELECT a, b, seq, a_begin, a_end, b_begin, b_end FROM passages ORDER BY a, b, seq;
                SELECT story_id, parent, child, relation, credited, printf('%.9f %.9f %.9f', coverage, similarity, confidence) FROM edges ORDER BY parent, child;"
}

"$STEMMA" ingest "${shards[@]}" --db "$work/single.db" --quiet --batch 50 # several batches: the incremental path
dump "$work/single.db" >"$work/single.txt"
edges=$(sqlite3 "$work/single.db" "SELECT count(*) FROM edges")
((edges >= 20)) || fail "the single-process run found only $edges edges: the corpus tests nothing"

for np in 1 4; do
  "${MPIRUN[@]}" -np "$np" "$STEMMA_MPI" --db "$work/np$np.db" "${shards[@]}" >"$work/np$np.log" 2>&1 || { cat "$work/np$np.log"; fail "-np $np failed"; }
  dump "$work/np$np.db" >"$work/np$np.txt"
  diff -q "$work/single.txt" "$work/np$np.txt" >/dev/null || { diff "$work/single.txt" "$work/np$np.txt" | head -20; fail "-np $np differs from stemma ingest"; }
  [[ ! -e $work/np$np.db.staging && ! -e $work/np$np.db.partial ]] || fail "-np $np left staging files behind"
done
echo "ok: -np 1 and -np 4 store the same $edges edges as stemma ingest"

# Bad shard files: a corrupt one and a missing one.
printf '{"id": "x1", "text": "fine"}\nthis is not json\n' >"$work/shards/zz-bad.jsonl"
for bad in "$work/shards/zz-bad.jsonl" "$work/shards/missing.jsonl"; do
  rc=0
  "${MPIRUN[@]}" -np 4 "$STEMMA_MPI" --db "$work/bad.db" "${shards[@]}" "$bad" >"$work/bad.log" 2>&1 || rc=$?
  ((rc != 0)) || fail "bad shard $bad: exit 0"
  grep -q "bad shard file $bad" "$work/bad.log" || { cat "$work/bad.log"; fail "bad shard $bad: the error does not name the file"; }
  [[ ! -e $work/bad.db ]] || fail "bad shard $bad: a store was written"
done
echo "ok: bad shard files fail with the file named, no store"

# A rank dies while aligning: no store, no checkpoint of the dead rank.
rc=0
STEMMA_MPI_DIE_RANK=2 STEMMA_MPI_DIE_AT=align "${MPIRUN[@]}" -np 4 "$STEMMA_MPI" --db "$work/kill.db" "${shards[@]}" >"$work/kill1.log" 2>&1 || rc=$?
((rc != 0)) || fail "killed rank (align): exit 0"
[[ ! -e $work/kill.db ]] || fail "killed rank (align): a store was written"
[[ ! -e $work/kill.db.staging/rank-2-of-4.bin ]] || fail "killed rank (align): the dead rank left a checkpoint"
# A rank dies in the merge, after every rank staged its results: no store; the rerun resumes.
rc=0
STEMMA_MPI_DIE_RANK=1 STEMMA_MPI_DIE_AT=merge "${MPIRUN[@]}" -np 4 "$STEMMA_MPI" --db "$work/kill.db" "${shards[@]}" >"$work/kill2.log" 2>&1 || rc=$?
((rc != 0)) || fail "killed rank (merge): exit 0"
[[ ! -e $work/kill.db ]] || fail "killed rank (merge): a store was written"
"${MPIRUN[@]}" -np 4 "$STEMMA_MPI" --db "$work/kill.db" "${shards[@]}" >"$work/kill3.log" 2>&1 || { cat "$work/kill3.log"; fail "rerun after a killed rank failed"; }
grep -q "resuming from the checkpoints" "$work/kill3.log" || { cat "$work/kill3.log"; fail "the rerun did not resume"; }
dump "$work/kill.db" >"$work/kill.txt"
diff -q "$work/single.txt" "$work/kill.txt" >/dev/null || fail "the resumed run differs from stemma ingest"
echo "ok: a killed rank leaves no store; the rerun resumes and stores the same edges"

# A store that holds articles is refused, unchanged.
before=$(sha1sum <"$work/single.db")
rc=0
"${MPIRUN[@]}" -np 2 "$STEMMA_MPI" --db "$work/single.db" "${shards[@]}" >"$work/refuse.log" 2>&1 || rc=$?
((rc != 0)) || fail "non-empty store: exit 0"
grep -q "already holds" "$work/refuse.log" || { cat "$work/refuse.log"; fail "non-empty store: no clear error"; }
[[ $(sha1sum <"$work/single.db") == "$before" ]] || fail "non-empty store: changed"
echo "ok: a non-empty store is refused and left unchanged"
