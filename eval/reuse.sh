#!/usr/bin/env bash
# Text-reuse evaluations of issue 5 on labelled corpora, each printing its own numbers:
#   METER (document-level derivation classes and span-level Verbatim/Rewrite recall), simulated
#   obfuscation (eval/reuse_simulated.py, when present), MSRP (sentence similarity, when
#   `stemma similarity` exists) and Clough & Stevenson (rewrite score vs rewrite level).
#
# Usage: eval/reuse.sh [--analysis]
#   BUILD_DIR   build directory (default: build/ of this checkout); built (Release) if needed
#   STEMMA      the stemma binary (default $BUILD_DIR/src/stemma)
#   STEMMA_DATA_DIR the shared data folder (default ../shared/data from the repository root);
#               METER_DIR, MSRP_DIR, CLOUGH_DIR override single corpora
#   --analysis  METER: also where the aligner misses and over-reaches
#
# A section that cannot run (a missing command or corpus) says so and the others still run;
# the exit status is 1 if any section failed.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
export STEMMA="${STEMMA:-$BUILD_DIR/src/stemma}"
PYTHON=/usr/bin/python3

if [[ "$STEMMA" == "$BUILD_DIR/src/stemma" ]]; then
  if [[ ! -f "$BUILD_DIR/build.ninja" ]]; then
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTEMMA_BENCH=OFF >/dev/null || exit 3
  fi
  ninja -C "$BUILD_DIR" stemma >/dev/null || exit 3
fi

status=0
section() { # title, command...
  local title="$1"; shift
  echo "== $title"
  local start=$SECONDS
  "$@" 2>&1 || status=1
  echo "   ($(( SECONDS - start )) s)"
  echo
}

analysis=()
[[ "${1:-}" == "--analysis" ]] && analysis=(--analysis)

section "METER" "$PYTHON" "$HERE/meter.py" "${analysis[@]}"
if [[ -f "$HERE/reuse_simulated.py" ]]; then
  section "Simulated obfuscation" "$PYTHON" "$HERE/reuse_simulated.py"
else
  echo "== Simulated obfuscation: eval/reuse_simulated.py not in this checkout; skipped"; echo
fi
section "MSRP" "$PYTHON" "$HERE/msrp.py"
section "Clough & Stevenson" "$PYTHON" "$HERE/clough.py"
exit $status
