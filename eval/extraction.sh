#!/usr/bin/env bash
# Article-extraction accuracy of `stemma extract` on the Zyte/Scrapinghub
# article-extraction benchmark (181 pages), scored by the benchmark's own
# evaluate.py (shingle precision/recall/F1 with bootstrap), next to the
# reference outputs of other extractors (trafilatura, Readability.js, ...).
#
# Usage: eval/extraction.sh [--pages]
#   BUILD_DIR   build directory (default /work/main/build); built (Release) if needed
#   BENCH_DIR   benchmark (default /work/shared/data/article-extraction-benchmark)
#   STEMMA      the stemma binary (default $BUILD_DIR/src/stemma)
#   N_BOOTSTRAP bootstrap samples (default 1000)
#   --pages     also list per-page scores of the dev half (the half used for tuning)
#
# Interface used: stemma extract --jsonl --urls URLS.tsv FILES...
#   URLS.tsv: lines "path<TAB>url" (the page's original URL, for link resolution
#   and URL dates); output: one JSON object per line with at least "source"
#   (the path as given) and "body" (or "error").
#
# Prints three tables: all 181 pages, the dev half and the held-out half
# (split by sha1 of the page id: eval/extraction_split.py; only dev pages were
# looked at while tuning), the low end of stemma's bootstrap distribution, then
# the publication-date check (eval/extraction_dates.py, reference built from
# visible dates and URLs, see there).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-/work/main/build}"
BENCH_DIR="${BENCH_DIR:-/work/shared/data/article-extraction-benchmark}"
STEMMA="${STEMMA:-$BUILD_DIR/src/stemma}"
N_BOOTSTRAP="${N_BOOTSTRAP:-1000}"
PYTHON=/usr/bin/python3

if [[ ! -x "$STEMMA" || "${STEMMA}" == "$BUILD_DIR/src/stemma" ]]; then
  if [[ ! -f "$BUILD_DIR/build.ninja" ]]; then
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTEMMA_BENCH=OFF >/dev/null
  fi
  ninja -C "$BUILD_DIR" stemma >/dev/null
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/stemma-extraction.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/html"

# Pages (decompressed) and their URLs from the ground truth.
"$PYTHON" - "$BENCH_DIR" "$WORK" <<'EOF'
import gzip, json, sys
from pathlib import Path
bench, work = Path(sys.argv[1]), Path(sys.argv[2])
gt = json.load((bench / "ground-truth.json").open(encoding="utf8"))
with (work / "urls.tsv").open("w", encoding="utf8") as urls:
    for page_id, entry in sorted(gt.items()):
        path = work / "html" / f"{page_id}.html"
        path.write_bytes(gzip.open(bench / "html" / f"{page_id}.html.gz").read())
        urls.write(f"{path}\t{entry['url']}\n")
EOF

start=$(date +%s%N)
"$STEMMA" extract --jsonl --urls "$WORK/urls.tsv" "$WORK"/html/*.html >"$WORK/out.jsonl" 2>"$WORK/stderr.txt" || true
end=$(date +%s%N)
pages=$(wc -l <"$WORK/out.jsonl")
echo "stemma extract: $pages JSON lines in $(( (end - start) / 1000000 )) ms (all threads, including process start)"

"$PYTHON" "$HERE/extraction_score.py" "$BENCH_DIR" "$WORK/out.jsonl" "$WORK/score" --n-bootstrap "$N_BOOTSTRAP" "$@"
echo
"$PYTHON" "$HERE/extraction_dates.py" "$BENCH_DIR" "$WORK/out.jsonl" "$WORK/html"
