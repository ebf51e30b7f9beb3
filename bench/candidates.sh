#!/usr/bin/env bash
# Candidate recall and index size per sketch variant, on simulated corpora made
# from METER texts by tools/simulate (one corpus per obfuscation kind).
# Usage: bench/candidates.sh [dev|test]   (dev seeds were used to choose the defaults)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
split="${1:-test}"
seed=202; [ "$split" = dev ] && seed=101
build="$("$root/scripts/build" release)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
dirs=()
for kind in none spin20 spin40 spin60 random reorder summary; do
  /usr/bin/python3 "$root/tools/simulate/simulate.py" reuse --out "$work/$kind" --obfuscation "$kind" --seed "$seed" --pairs 300 >/dev/null
  dirs+=("$work/$kind")
done
echo "candidate recall on simulated corpora, split $split (seed $seed), 300 pairs per kind (~25% negative)"
"$build/bench/candidate_recall" "${dirs[@]}"
