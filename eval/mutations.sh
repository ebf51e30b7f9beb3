#!/usr/bin/env bash
# Mutation detection and quote attribution (issue 7), each section printing its own numbers:
#   simulated dev seeds (for tuning), simulated test seeds (for reporting; never tuned on), and
#   the hand-labelled pairs and quotes in eval/data/.
#
# Usage: eval/mutations.sh [--errors N]
#   BUILD_DIR   build directory (default: build/ of this checkout); built (Release) if needed
#   STEMMA_DATA_DIR the shared data folder (default ../shared/data from the repository root)
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
TOOL="$BUILD_DIR/src/stemma_claims_tool"
PYTHON=/usr/bin/python3
DEV_SEEDS="1 2 3"            # tune on these
TEST_SEEDS="1001 1002 1003"  # report these
PAIRS=280                    # per seed: 20 of each of the 13 types and 20 pure spins

if [[ ! -f "$BUILD_DIR/build.ninja" ]]; then
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTEMMA_BENCH=OFF >/dev/null || exit 3
fi
ninja -C "$BUILD_DIR" stemma_claims_tool >/dev/null || exit 3

status=0
section() {
  local title="$1"; shift
  echo "== $title"
  local start=$SECONDS
  (cd "$HERE" && "$@") 2>&1 || status=1
  echo "   ($(( SECONDS - start )) s)"
  echo
}
section "simulated, dev seeds" $PYTHON mutations_eval.py --tool "$TOOL" "$@" simulated --seeds $DEV_SEEDS --pairs $PAIRS --name dev
section "simulated, test seeds" $PYTHON mutations_eval.py --tool "$TOOL" simulated --seeds $TEST_SEEDS --pairs $PAIRS --name test
section "hand-labelled" $PYTHON mutations_eval.py --tool "$TOOL" "$@" hand
exit $status
