#!/usr/bin/python3
"""stemma's passage alignment on simulated reuse, scored with the PAN 2013 text-alignment measures.

For each obfuscation (none, random, spin10..spin60, reorder, summary) this generates a corpus
with tools/simulate (real METER texts: Press Association sources planted into newspaper articles
of other stories, ~25% negative pairs), runs

    stemma align --pairs pairs.tsv --raw        (a = source, b = suspicious; offsets in code points)

and prints precision, recall, granularity and plagdet (eval/pan_measures.py) per obfuscation, and
their mean over the obfuscations.

Seeds: `--split dev` (seed 101) is for tuning; `--split test` (seed 202, the default) is for
reporting and must not be tuned on. One seed serves every obfuscation of a split, so the rows
share their documents and passages and differ only in the rewriting.

    eval/reuse_simulated.py [--split dev|test] [--pairs 200] [--kinds none spin40 ...] [--work DIR] [--cases]

Environment: STEMMA (binary; default $ROOT/build/src/stemma), STEMMA_DATA_DIR (default
$ROOT/../shared/data), WORDNET_DIR (default /usr/share/wordnet), WORK_DIR (where corpora and
outputs go; default a temporary folder, removed afterwards).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tools" / "simulate"))

import pan_measures  # noqa: E402
import reuse  # noqa: E402
from wordnet import WordNet  # noqa: E402

SEEDS = {"dev": 101, "test": 202}


def run_kind(stemma, work, kind, seed, pairs, wordnet):
    corpus = work / f"{kind}-seed{seed}"
    reuse.build(corpus, kind, seed, pairs, wordnet=wordnet)
    started = time.monotonic()
    result = subprocess.run([stemma, "align", "--pairs", str(corpus / "pairs.tsv"), "--raw"],
                            capture_output=True, text=True)
    seconds = time.monotonic() - started
    if result.returncode != 0:
        sys.exit(f"reuse_simulated: stemma align failed ({result.returncode}) on {corpus}:\n{result.stderr}")
    (corpus / "stemma.jsonl").write_text(result.stdout, encoding="utf-8")
    with open(corpus / "truth.jsonl", encoding="utf-8") as f:
        truth = [json.loads(line) for line in f]
    cases, n_pairs = pan_measures.cases_from_truth(json.dumps(t) for t in truth)
    lines = result.stdout.splitlines()
    if len(lines) != n_pairs:
        sys.exit(f"reuse_simulated: {n_pairs} pairs but {len(lines)} lines from stemma align")
    detections = pan_measures.detections_from_stemma(lines)
    scores = pan_measures.evaluate(cases, detections)
    return {"kind": kind, "pairs": n_pairs, "scores": scores, "seconds": seconds,
            "cases": cases, "detections": detections, "truth": truth}


def case_report(run):
    """Per case: how much of it was found, for reading the failures."""
    from pan_measures import coverage, detects
    for number, entry in enumerate(run["truth"]):
        dets = [d for d in run["detections"] if d.pair == number]
        for c in [c for c in run["cases"] if c.pair == number]:
            hits = [d for d in dets if detects(d, c)]
            found = coverage(c, hits)
            print(f"  {run['kind']:8} pair {number + 1:4} susp {c.susp_offset}+{c.susp_length} "
                  f"src {c.src_offset}+{c.src_length}: {len(hits)} detection(s), {found:.0%} found")
        for d in dets:
            if not any(detects(d, c) for c in run["cases"] if c.pair == number):
                print(f"  {run['kind']:8} pair {number + 1:4} FALSE susp {d.susp_offset}+{d.susp_length} "
                      f"src {d.src_offset}+{d.src_length}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=SEEDS, default="test")
    parser.add_argument("--seed", type=int, help="override the split's seed")
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--kinds", nargs="+", choices=reuse.KINDS, default=list(reuse.KINDS))
    parser.add_argument("--work", type=Path, default=os.environ.get("WORK_DIR"),
                        help="keep corpora and stemma outputs here (default: a temporary folder)")
    parser.add_argument("--cases", action="store_true", help="also list every case and false detection")
    args = parser.parse_args()

    stemma = os.environ.get("STEMMA", str(ROOT / "build" / "src" / "stemma"))
    if not os.access(stemma, os.X_OK):
        sys.exit(f"reuse_simulated: no stemma binary at {stemma} (build it: cmake -S . -B build -G Ninja "
                 f"-DCMAKE_BUILD_TYPE=Release && ninja -C build stemma, or set STEMMA)")
    seed = args.seed if args.seed is not None else SEEDS[args.split]
    temporary = None
    if args.work is None:
        temporary = tempfile.TemporaryDirectory(prefix="stemma-reuse-")
        work = Path(temporary.name)
    else:
        work = Path(args.work)
        work.mkdir(parents=True, exist_ok=True)

    wordnet = WordNet()
    runs = [run_kind(stemma, work, kind, seed, args.pairs, wordnet) for kind in args.kinds]

    print(f"Simulated reuse on METER texts, split {args.split} (seed {seed}), stemma align --raw, PAN 2013 measures")
    print(f"{'obfuscation':12} {'pairs':>5} {'cases':>5} {'dets':>5} {'precision':>9} {'recall':>7} "
          f"{'granularity':>11} {'plagdet':>7}")
    for run in runs:
        s = run["scores"]
        print(f"{run['kind']:12} {run['pairs']:5} {s.cases:5} {s.detections:5} {s.precision:9.3f} "
              f"{s.recall:7.3f} {s.granularity:11.3f} {s.plagdet:7.3f}")
    mean = lambda field: sum(getattr(r["scores"], field) for r in runs) / len(runs)  # noqa: E731
    print(f"{'mean':12} {'':5} {'':5} {'':5} {mean('precision'):9.3f} {mean('recall'):7.3f} "
          f"{mean('granularity'):11.3f} {mean('plagdet'):7.3f}")
    print(f"(stemma align: {sum(r['seconds'] for r in runs):.2f} s for {sum(r['pairs'] for r in runs)} pairs; "
          f"mean = unweighted mean of the rows)")
    if args.cases:
        for run in runs:
            case_report(run)
    if temporary:
        temporary.cleanup()


if __name__ == "__main__":
    main()
