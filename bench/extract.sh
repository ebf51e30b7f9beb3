#!/usr/bin/env bash
# Extraction speed, side by side in one run on the same pages and the same core:
# stemma extract, Mozilla Readability.js (npm @mozilla/readability + jsdom,
# installed into bench/out/node), and readability-lxml (Debian python3-readability).
# Also stemma's parallel scaling (1 vs all threads).
#   bench/extract.sh            BUILD_DIR (default <repo>/build), BENCH_DIR (the benchmark)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
BENCH_DIR=${BENCH_DIR:-$ROOT/../shared/data/article-extraction-benchmark}
OUT=$ROOT/bench/out
STEMMA=$BUILD_DIR/src/stemma
PIN=""; command -v taskset >/dev/null && taskset -c 0 true 2>/dev/null && PIN="taskset -c 0"
mkdir -p "$OUT"
[ -x "$STEMMA" ] || { cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null; cmake --build "$BUILD_DIR" --target stemma >/dev/null; }
if ! dpkg-query -W -f='${Status}' python3-readability 2>/dev/null | grep -q "install ok installed"; then
  apt-get install -y -qq python3-readability python3-lxml >/dev/null
fi
if [ ! -d "$OUT/node/node_modules/@mozilla/readability" ]; then
  mkdir -p "$OUT/node" && (cd "$OUT/node" && npm install --silent --no-audit --no-fund @mozilla/readability jsdom >/dev/null)
fi
pages=$(mktemp -d); trap 'rm -rf "$pages"' EXIT
for f in "$BENCH_DIR"/html/*.html.gz; do gunzip -c "$f" >"$pages/$(basename "$f" .gz)"; done
n=$(ls "$pages" | wc -l)
now() { date +%s.%N; }
# Warm the page cache, then time each on core 0.
cat "$pages"/* >/dev/null
t0=$(now); $PIN "$STEMMA" extract --jsonl --threads 1 "$pages"/*.html >/dev/null 2>&1 || true; t1=$(now)
stemma_1=$(echo "$n / ($t1 - $t0)" | bc -l)
t0=$(now); "$STEMMA" extract --jsonl --threads 0 "$pages"/*.html >/dev/null 2>&1 || true; t1=$(now)
stemma_all=$(echo "$n / ($t1 - $t0)" | bc -l)
read -r _ js_secs js_ok < <(NODE_PATH="$OUT/node/node_modules" $PIN node "$ROOT/bench/extract_readability.js" "$pages"/*.html)
js=$(echo "$n / $js_secs" | bc -l)
lxml_secs=$($PIN /usr/bin/python3 - "$pages" <<'PY'
import sys, time, pathlib
from readability import Document
pages = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(pathlib.Path(sys.argv[1]).glob("*.html"))]
t = time.perf_counter()
for html in pages:
    try:
        Document(html).summary()
    except Exception:
        pass
print(time.perf_counter() - t)
PY
)
lxml=$(echo "$n / $lxml_secs" | bc -l)
printf '%-34s %10s %12s\n' "extractor ($n pages, core 0)" "pages/s" "stemma is"
printf '%-34s %10.1f %12s\n' "stemma extract, 1 thread" "$stemma_1" "1.0x"
printf '%-34s %10.1f %11.1fx\n' "Readability.js 0.6 + jsdom (node)" "$js" "$(echo "$stemma_1 / $js" | bc -l)"
printf '%-34s %10.1f %11.1fx\n' "readability-lxml (python3)" "$lxml" "$(echo "$stemma_1 / $lxml" | bc -l)"
printf '%-34s %10.1f %11.2fx  (parallel scaling on %s cores)\n' "stemma extract, all threads" "$stemma_all" "$(echo "$stemma_all / $stemma_1" | bc -l)" "$(nproc)"
echo "(Readability.js returned an article for $js_ok of $n pages; times include stemma's process start)"
