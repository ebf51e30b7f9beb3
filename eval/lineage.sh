#!/usr/bin/env bash
# Lineage evaluation of issue 6, printing its own numbers: simulated traditions (copy trees made by
# tools/simulate/simulate.py traditions) per date-noise level on DEV seeds (tuning) and TEST seeds
# (reporting), the demo (examples/demo/truth.json), and METER parent direction (PA above papers).
# Under 3 minutes on 2 cores.
#
# Usage: eval/lineage.sh [--json] [other eval/lineage.py options]
#   BUILD_DIR   build directory (default: build/ of this checkout); stemma built (Release) if needed
#   STEMMA      the stemma binary (default $BUILD_DIR/src/stemma)
#   STEMMA_DATA_DIR the shared data folder (default ../shared/data from the repository root)
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
export STEMMA="${STEMMA:-$BUILD_DIR/src/stemma}"

if [[ "$STEMMA" == "$BUILD_DIR/src/stemma" ]]; then
  if [[ ! -f "$BUILD_DIR/build.ninja" ]]; then
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTEMMA_BENCH=OFF >/dev/null || exit 3
  fi
  ninja -C "$BUILD_DIR" -j 2 stemma >/dev/null || exit 3
fi

start=$SECONDS
PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 "$HERE/lineage.py" "$@"
status=$?
[[ " $* " == *" --json "* ]] || echo "($(( SECONDS - start )) s)"
exit $status
