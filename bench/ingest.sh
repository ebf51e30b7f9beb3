#!/usr/bin/env bash
# End-to-end benchmark of the stemma CLI on a synthetic corpus.
#
#   bench/ingest.sh [N=100000]
#
# 1. builds stemma (Release) into $BUILD_DIR if needed;
# 2. generates N articles + query files with bench/gen_corpus.py (cached in $OUT_DIR);
# 3. anchors on the same JSONL, pinned to one core: `wc -w`, and SQLite importing it
#    into an FTS5 full-text index (a tokenising, indexing store: the nearest cheap
#    relative of what `stemma ingest` does);
# 4. `stemma ingest` of the corpus in $CHUNKS successive invocations into one database,
#    pinned to one core (taskset -c 0), so the rate can be read as the store grows;
#    stops early once $MAX_INGEST_SECONDS have been spent (the rest is reported as such);
# 5. `stemma stats` (index bytes per article beyond the text) and, where SQLite has
#    dbstat, the on-disk size of each table;
# 6. `stemma trace` of every query file (and of $QUERIES stored ids), wall clock per
#    process invocation, so each figure includes process start and opening the database;
#    checks each copy query found its true source;
# 7. prints a summary table (kept as report.txt in the run's folder under $OUT_DIR).
#
# Environment: BUILD_DIR (default <repo>/build), CMAKE_ARGS (extra configure flags, e.g.
# -DSTEMMA_TESTS=OFF), OUT_DIR (default <repo>/bench/out, git-ignored), SEED (1),
# QUERIES (50), BATCH (256, --batch of stemma ingest), THREADS (1, --threads of stemma ingest
# where the binary has it: one core is the figure asked for), CHUNKS (10),
# MAX_INGEST_SECONDS (1200), PIN (default "taskset -c 0" when available; "" to disable),
# KEEP_DB (1 keeps the database in OUT_DIR for inspection; default removes it at the end).
set -euo pipefail

N=${1:-100000}
if ! [[ $N =~ ^[0-9]+$ ]] || ((N < 10)); then
  echo "usage: bench/ingest.sh [N>=10]" >&2
  exit 2
fi
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
OUT_DIR=${OUT_DIR:-$ROOT/bench/out}
SEED=${SEED:-1}
QUERIES=${QUERIES:-50}
BATCH=${BATCH:-256}
THREADS=${THREADS:-1}
CHUNKS=${CHUNKS:-10}
MAX_INGEST_SECONDS=${MAX_INGEST_SECONDS:-1200}
KEEP_DB=${KEEP_DB:-0}
PY=/usr/bin/python3
[[ -x $PY ]] || PY=$(command -v python3)
if [[ -z ${PIN+x} ]]; then
  if command -v taskset >/dev/null && taskset -c 0 true 2>/dev/null; then PIN="taskset -c 0"; else PIN=""; fi
fi
read -r -a PIN_CMD <<<"$PIN"
pinned() { if ((${#PIN_CMD[@]})); then "${PIN_CMD[@]}" "$@"; else "$@"; fi; }
log() { printf '[ingest.sh] %s\n' "$*" >&2; }

mkdir -p "$OUT_DIR"

# ---- 1. build --------------------------------------------------------------------------------
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null || true)
if [[ ! -f $BUILD_DIR/build.ninja || $build_type != Release ]]; then
  log "configuring $BUILD_DIR (Release)"
  # shellcheck disable=SC2086
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release ${CMAKE_ARGS:-} >"$OUT_DIR/cmake.log" 2>&1 || {
    cat "$OUT_DIR/cmake.log" >&2
    log "configure failed; a build dir of your own works too: BUILD_DIR=$ROOT/build-bench CMAKE_ARGS=-DSTEMMA_TESTS=OFF"
    exit 1
  }
fi
log "building stemma in $BUILD_DIR"
ninja -C "$BUILD_DIR" stemma >/dev/null
STEMMA=$BUILD_DIR/src/stemma
[[ -x $STEMMA ]] || { log "no $STEMMA after the build"; exit 1; }
INGEST_ARGS=(--quiet --batch "$BATCH")
if "$STEMMA" ingest --help 2>&1 | grep -q -- --threads; then INGEST_ARGS+=(--threads "$THREADS"); fi
# Which sources were measured (the tree may change between runs).
SRC_HASH=$(cd "$ROOT" && find src -type f -print0 | sort -z | xargs -0 sha1sum | sha1sum | cut -c1-12)
BUILD_INFO="$("$STEMMA" --version 2>/dev/null || echo stemma), built $(date -r "$STEMMA" '+%Y-%m-%d %H:%M:%S'), src tree sha1 $SRC_HASH"

# ---- 2. corpus -------------------------------------------------------------------------------
GEN_VERSION=$(sha1sum "$ROOT/bench/gen_corpus.py" | cut -c1-8) # a changed generator never reuses an old corpus
CORPUS_DIR=$OUT_DIR/corpus-$N-s$SEED-q$QUERIES-g$GEN_VERSION
CORPUS=$CORPUS_DIR/corpus.jsonl
if [[ ! -f $CORPUS_DIR/corpus.meta.json ]]; then
  log "generating $N articles + $QUERIES queries into $CORPUS_DIR"
  rm -rf "$CORPUS_DIR"
  t0=$EPOCHREALTIME
  "$PY" "$ROOT/bench/gen_corpus.py" "$N" --out "$CORPUS_DIR" --seed "$SEED" --queries "$QUERIES" >/dev/null
  log "generated in $("$PY" -c "print(f'{$EPOCHREALTIME - $t0:.1f}')")s"
else
  log "reusing corpus $CORPUS_DIR"
fi
RUN=$(mktemp -d "$OUT_DIR/run-$N.XXXXXX")
DB=$RUN/stemma.db
cleanup() {
  rm -rf "$RUN/chunks" "$RUN/fts.db" # copies of the corpus / the anchor's database
  [[ $KEEP_DB == 1 ]] || rm -f "$DB" "$DB-wal" "$DB-shm"
}
trap cleanup EXIT

# Wall-clock seconds of a command, appended to $1 as "label seconds".
timed() {
  local label=$1
  shift
  local t0=$EPOCHREALTIME
  "$@"
  local t1=$EPOCHREALTIME
  echo "$label $t0 $t1" >>"$RUN/times"
}

# ---- 3. anchors ------------------------------------------------------------------------------
cat "$CORPUS" >/dev/null # warm the page cache for everyone
log "anchor: wc -w (best of 3)"
for i in 1 2 3; do timed wc pinned wc -w "$CORPUS" >/dev/null; done
log "anchor: sqlite3 import into an FTS5 index"
if command -v sqlite3 >/dev/null; then
  rm -f "$RUN/fts.db"
  timed fts pinned sqlite3 "$RUN/fts.db" >/dev/null <<EOF
.mode ascii
.separator "\037" "\n"
CREATE TABLE raw(j TEXT);
.import $CORPUS raw
CREATE VIRTUAL TABLE articles USING fts5(id UNINDEXED, url UNINDEXED, title, outlet UNINDEXED, published UNINDEXED, body);
INSERT INTO articles SELECT j->>'id', j->>'url', j->>'title', j->>'outlet', j->>'published', j->>'text' FROM raw;
DROP TABLE raw;
EOF
  FTS_BYTES=$(stat -c %s "$RUN/fts.db")
  rm -f "$RUN/fts.db"
else
  log "no sqlite3 CLI: FTS5 anchor skipped"
  FTS_BYTES=0
fi

# ---- 4. ingest -------------------------------------------------------------------------------
mkdir -p "$RUN/chunks"
lines_per_chunk=$(((N + CHUNKS - 1) / CHUNKS))
split -l "$lines_per_chunk" -d -a 3 --additional-suffix=.jsonl "$CORPUS" "$RUN/chunks/part-"
chunks=("$RUN"/chunks/part-*.jsonl)
log "ingesting $N articles in ${#chunks[@]} chunk(s) (${PIN:-unpinned}, ${INGEST_ARGS[*]}, budget ${MAX_INGEST_SECONDS}s)"
spent=0
: >"$RUN/ingest.tsv"
cut -d' ' -f1-3 /proc/loadavg >"$RUN/load_before" 2>/dev/null || echo "?" >"$RUN/load_before"
for chunk in "${chunks[@]}"; do
  if ((${spent%.*} >= MAX_INGEST_SECONDS)); then
    log "time budget of ${MAX_INGEST_SECONDS}s spent: stopping before $(basename "$chunk")"
    echo "stopped" >>"$RUN/ingest.tsv"
    break
  fi
  before=0
  [[ -f $DB ]] && before=$(sqlite3 "$DB" "SELECT count(*) FROM articles")
  t0=$EPOCHREALTIME
  pinned /usr/bin/time -f '%U %S %M' -o "$RUN/rusage" "$STEMMA" ingest "$chunk" --db "$DB" "${INGEST_ARGS[@]}"
  t1=$EPOCHREALTIME
  after=$(sqlite3 "$DB" "SELECT count(*) FROM articles")
  text=$(sqlite3 "$DB" "SELECT coalesce(sum(length(CAST(body AS BLOB))),0) FROM articles WHERE id > $before")
  read -r user sys rss <"$RUN/rusage"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(basename "$chunk")" "$before" "$after" "$t0" "$t1" "$text" "$user" "$sys" "$rss" >>"$RUN/ingest.tsv"
  spent=$("$PY" -c "print(int($spent + $t1 - $t0))")
  log "$(basename "$chunk"): store $before -> $after articles in $("$PY" -c "print(f'{$t1 - $t0:.1f}')")s"
done

cut -d' ' -f1-3 /proc/loadavg >"$RUN/load_after" 2>/dev/null || echo "?" >"$RUN/load_after"

# ---- 5. stats --------------------------------------------------------------------------------
"$STEMMA" stats --db "$DB" --json >"$RUN/stats.json"
sqlite3 -separator $'\t' "$DB" "SELECT name, count(*), sum(pgsize), sum(payload) FROM dbstat GROUP BY name ORDER BY 3 DESC" \
  >"$RUN/dbstat.tsv" 2>/dev/null || : >"$RUN/dbstat.tsv"

# ---- 6. trace --------------------------------------------------------------------------------
QDIR=$CORPUS_DIR/queries
qfiles=("$QDIR"/q*.txt) # glob order is sorted
log "tracing ${#qfiles[@]} query files, $QUERIES stored ids, and the process-start floor"
mkdir -p "$RUN/trace"
"$STEMMA" trace "${qfiles[0]}" --db "$DB" --json >/dev/null # warm-up (page cache)
for i in $(seq 1 20); do timed version pinned "$STEMMA" --version >/dev/null; done
for i in $(seq 1 20); do timed open_db pinned "$STEMMA" trace 999999999 --db "$DB" >/dev/null 2>&1 || [[ $? == 4 ]]; done
for q in "${qfiles[@]}"; do
  timed "file:$(basename "$q")" pinned "$STEMMA" trace "$q" --db "$DB" --json >"$RUN/trace/$(basename "$q" .txt).json"
done
stored=$(sqlite3 "$DB" "SELECT count(*) FROM articles")
for i in $(seq 1 "$QUERIES"); do
  id=$(((i * 7919) % stored + 1))
  timed "stored:$id" pinned "$STEMMA" trace "$id" --db "$DB" --json >/dev/null
done

# ---- 7. report -------------------------------------------------------------------------------
"$PY" - "$RUN" "$CORPUS_DIR" "$N" "$FTS_BYTES" "${PIN:-unpinned}" "${INGEST_ARGS[*]}" "$MAX_INGEST_SECONDS" "$KEEP_DB" "$BUILD_INFO" <<'EOF' | tee "$RUN/report.txt"
import json, math, os, sys
run, corpus_dir, n, fts_bytes, pin, ingest_args, budget, keep_db, build_info = sys.argv[1:10]
n, fts_bytes = int(n), int(fts_bytes)
meta = json.load(open(os.path.join(corpus_dir, "corpus.meta.json")))
stats = json.load(open(os.path.join(run, "stats.json")))
times = {}
for line in open(os.path.join(run, "times")):
    label, t0, t1 = line.split()
    times.setdefault(label.split(":")[0], []).append(float(t1) - float(t0))

def pct(xs, p):  # nearest rank
    xs = sorted(xs)
    return xs[max(0, math.ceil(p / 100 * len(xs)) - 1)]

rows, stopped = [], False
for line in open(os.path.join(run, "ingest.tsv")):
    f = line.rstrip("\n").split("\t")
    if f[0] == "stopped":
        stopped = True
        continue
    name, before, after, t0, t1, text, user, sys_, rss = f
    rows.append(dict(name=name, before=int(before), after=int(after), secs=float(t1) - float(t0), text=int(text),
                     cpu=float(user) + float(sys_), rss_mb=int(rss) / 1024))
ingested = sum(r["after"] - r["before"] for r in rows)
secs = sum(r["secs"] for r in rows)
cpu = sum(r["cpu"] for r in rows)
load = [open(os.path.join(run, f)).read().strip() for f in ("load_before", "load_after")]
text = sum(r["text"] for r in rows)
jsonl = meta["jsonl_bytes"] * ingested / meta["articles"]

print()
print(f"== stemma ingest: {ingested:,} of {n:,} articles, {pin}, stemma ingest {ingest_args} ==")
print(f"   ({build_info})")
print(f"{'chunk':<16}{'store before':>13}{'after':>9}{'seconds':>10}{'articles/s':>12}{'MB text/s':>11}{'cpu s':>9}{'max RSS MB':>12}")
for r in rows:
    k = r["after"] - r["before"]
    print(f"{r['name']:<16}{r['before']:>13,}{r['after']:>9,}{r['secs']:>10.1f}{k / r['secs']:>12.1f}{r['text'] / r['secs'] / 1e6:>11.2f}"
          f"{r['cpu']:>9.1f}{r['rss_mb']:>12.0f}")
print(f"(load average before / after ingest: {load[0]} / {load[1]}; cpu s < seconds means the core was shared)")
if stopped:
    print(f"(stopped after the {budget}s budget: MAX_INGEST_SECONDS={budget}; the remaining chunks were not ingested)")

wc = min(times["wc"])
fts = times.get("fts", [0])[0]
rate = ingested / secs if secs else 0
mbs = text / secs / 1e6 if secs else 0
print()
print("== anchors over the same JSONL (pinned like stemma) ==")
print(f"wc -w            {meta['jsonl_bytes'] / wc / 1e6:9.1f} MB/s of JSONL  ({wc:.2f}s for all {meta['articles']:,} articles)")
if fts:
    print(f"sqlite3 FTS5     {meta['articles'] / fts:9.0f} articles/s, {meta['text_bytes'] / fts / 1e6:.2f} MB text/s "
          f"({fts:.1f}s; database {fts_bytes / 1e6:.0f} MB = {(fts_bytes - meta['text_bytes']) / meta['articles']:.0f} bytes/article beyond the text)")

arts = max(stats["articles"], 1)
print()
print("== store ==")
print(f"articles {stats['articles']:,}  reuse pairs {stats['pairs']:,}  passages {stats['passages']:,}  "
      f"stories {stats['stories']:,}  edges {stats['edges']:,}  fingerprint segments {stats['fingerprint_segments']}")
print(f"text {stats['text_bytes'] / 1e6:.1f} MB   posting blocks {stats['index_bytes'] / 1e6:.2f} MB "
      f"({stats['index_bytes_per_article']:.0f} bytes/article, {stats['postings'] / arts:.1f} postings/article)   "
      f"file {stats['file_bytes'] / 1e6:.1f} MB ({(stats['file_bytes'] - stats['text_bytes']) / arts:.0f} bytes/article beyond the text)")
dbstat = [l.rstrip("\n").split("\t") for l in open(os.path.join(run, "dbstat.tsv")) if l.strip()]
if dbstat:
    print("on disk by table/index (dbstat):  " + ", ".join(
        f"{name} {int(size) / 1e6:.1f} MB" for name, pages, size, payload in dbstat if int(size) > 0.01 * stats["file_bytes"]))
    blocks = [r for r in dbstat if r[0] == "posting_blocks"]
    if blocks:
        _, pages, size, payload = blocks[0]
        print(f"posting_blocks: {int(size) / arts:.0f} bytes/article on disk for {int(payload) / arts:.0f} bytes/article of payload")

# Did each copy query find its true source?
manifest = [l.rstrip("\n").split("\t") for l in open(os.path.join(corpus_dir, "queries", "manifest.tsv"))][1:]
truth = {}
for l in list(open(os.path.join(corpus_dir, "truth.tsv")))[1:]:
    aid, kind, parents = (l.rstrip("\n").split("\t") + [""])[:3]
    truth[aid] = (kind, parents)

def ancestors(aid):
    """The articles aid derives from, transitively (ground truth)."""
    out, todo = set(), [aid]
    while todo:
        for p in filter(None, truth.get(todo.pop(), ("", ""))[1].split(",")):
            if p not in out:
                out.add(p)
                todo.append(p)
    return out

found = {}
for name, kind, src in manifest:
    path = os.path.join(run, "trace", name.replace(".txt", ".json"))
    if not os.path.exists(path):
        continue
    t = json.load(open(path))
    srcs = {e["article"]["external_id"] for e in t["sources"]}
    shares = {e["article"]["external_id"] for e in t["also_shares"]}
    ok = (src in srcs) if kind != "novel" else not srcs
    if kind != "novel" and not ok and srcs & ancestors(src):
        ok = "earlier"  # the source took the reused text from this earlier article: right too
    elif kind != "novel" and not ok and src in shares:
        ok = "shares"
    stored_src = int(src[1:]) <= ingested if src else True
    if stored_src:
        found.setdefault(kind, []).append(ok)

print()
print("== stemma trace (wall clock per process: includes process start and opening the database) ==")
print(f"{'what':<34}{'runs':>6}{'p50 ms':>10}{'p99 ms':>10}{'mean ms':>10}{'max ms':>10}")
for key, what in (("version", "stemma --version (process floor)"), ("open_db", "trace of a missing id (open DB)"),
                  ("file", "trace FILE (query articles)"), ("stored", "trace ID (stored articles)")):
    xs = [x * 1e3 for x in times.get(key, [])]
    if xs:
        print(f"{what:<34}{len(xs):>6}{pct(xs, 50):>10.1f}{pct(xs, 99):>10.1f}{sum(xs) / len(xs):>10.1f}{max(xs):>10.1f}")
print("(p99 of 50 runs is the nearest-rank 50th value, i.e. the maximum)")
def describe(vs):
    s = f"{sum(1 for v in vs if v is True)}"
    if any(v == "earlier" for v in vs):
        s += f"+{sum(1 for v in vs if v == 'earlier')}"
    s += f"/{len(vs)}"
    if any(v == "shares" for v in vs):
        s += f" ({sum(1 for v in vs if v == 'shares')} only in also_shares)"
    return s
print("query check: " + ", ".join(f"{kind} {describe(vs)}" for kind, vs in sorted(found.items())))
print("  (nearest parent is the true source [+ an ancestor of it, where the reused text came from]; novel: no source)")

file_p50 = pct([x * 1e3 for x in times["file"]], 50) if times.get("file") else float("nan")
file_p99 = pct([x * 1e3 for x in times["file"]], 99) if times.get("file") else float("nan")
print()
print("== summary ==")
summary = [
    ("corpus", f"{meta['articles']:,} articles, {meta['mean_words']:.0f} words mean, {meta['text_bytes'] / 1e6:.0f} MB text, "
               f"{sum(v for k, v in meta['kinds'].items() if k != 'original'):,} derived"),
    ("ingested", f"{ingested:,} articles in {secs:.1f}s" + (" (stopped at the time budget)" if stopped else "")),
    ("ingest throughput", f"{rate:.1f} articles/s, {mbs:.2f} MB text/s ({jsonl / secs / 1e6 if secs else 0:.2f} MB JSONL/s), one core"),
    ("  per CPU second", f"{ingested / cpu:.1f} articles, {text / cpu / 1e6:.2f} MB text ({cpu:.1f} CPU s in all)" if cpu else "-"),
    ("  first / last chunk", f"{(rows[0]['after'] - rows[0]['before']) / rows[0]['secs']:.1f} / {(rows[-1]['after'] - rows[-1]['before']) / rows[-1]['secs']:.1f} articles/s" if rows else "-"),
    ("  vs wc -w", f"{(text / secs) / (meta['jsonl_bytes'] / wc):.2e} x its MB/s (wc -w is {(meta['jsonl_bytes'] / wc) / (text / secs):,.0f} times faster)" if secs else "-"),
    ("  vs sqlite3 FTS5", f"{rate / (meta['articles'] / fts):.3f} x its articles/s (FTS5 import is {(meta['articles'] / fts) / rate:.1f} times faster)" if fts and secs else "-"),
    ("index bytes/article", f"{stats['index_bytes_per_article']:.0f} (posting blocks); whole file beyond the text: "
                            f"{(stats['file_bytes'] - stats['text_bytes']) / arts:.0f}"),
    ("trace FILE p50 / p99", f"{file_p50:.1f} / {file_p99:.1f} ms at {stats['articles']:,} articles"),
]
w = max(len(k) for k, _ in summary)
for k, v in summary:
    print(f"{k:<{w}}  {v}")
print(f"\n(results in {run}{'; database kept there (KEEP_DB=1)' if keep_db == '1' else ''})")
EOF
