#!/usr/bin/python3
"""Clough & Stevenson short-answer plagiarism corpus: does stemma's rewrite score order the answers
cut < light < heavy < non?

Each of the 95 answers is aligned (as b) with its task's Wikipedia original (orig_taskX.txt, as a).
The score is the pair-level "rewrite" (0 = verbatim ... 1 = fully rewritten) when stemma reports it,
else 1 - similarity; an answer with no aligned passage scores 1. Printed: mean and spread per class,
Spearman correlation with the ordinal level, and a 4x4 confusion matrix from three thresholds chosen
by leave-one-task-out cross-validation (fitted on four tasks, applied to the fifth).

Usage: eval/clough.py      (CLOUGH_DIR overrides the corpus folder)
"""
import csv
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reuse_common import SHARED_DATA, print_per_class, rewrite_score, run_align  # noqa: E402

CORPUS = Path(os.environ.get("CLOUGH_DIR", SHARED_DATA / "clough-stevenson-short-answer-plagiarism"))
LEVELS = ["cut", "light", "heavy", "non"]  # ordinal: more rewriting to the right


def answer_score(alignment):
    return rewrite_score(alignment) if alignment["passages"] else 1.0


def fit_thresholds(scores, levels, k=len(LEVELS)):
    """k-1 increasing thresholds maximising balanced accuracy (each class weighs the same).

    Exact by dynamic programming over the sorted scores: the classes must follow the score order,
    and tied scores stay in one class. Thresholds sit midway between neighbouring scores.
    """
    order = np.argsort(scores, kind="stable")
    s, y = np.asarray(scores)[order], np.asarray(levels)[order]
    weight = {c: 1.0 / max(np.sum(y == c), 1) for c in range(k)}
    groups = []  # (score, gain per class) for each distinct score
    for value in np.unique(s):
        members = y[s == value]
        groups.append((value, [sum(weight[c] for c in members if c == cls) for cls in range(k)]))
    g = len(groups)
    # best[i][c]: best gain for the first i groups with group i-1 in class c (classes non-decreasing)
    best = np.full((g + 1, k), -np.inf)
    came = np.zeros((g + 1, k), dtype=int)
    best[0, :] = 0.0
    for i in range(1, g + 1):
        for c in range(k):
            prev = int(np.argmax(best[i - 1, :c + 1]))
            best[i, c] = best[i - 1, prev] + groups[i - 1][1][c]
            came[i, c] = prev
    # Walk back to the class of each group, then place thresholds between class changes.
    c = int(np.argmax(best[g]))
    assign = [0] * g
    for i in range(g, 0, -1):
        assign[i - 1] = c
        c = came[i, c]
    thresholds = []
    for cls in range(1, k):
        first = next((i for i in range(g) if assign[i] >= cls), None)
        if first is None:
            thresholds.append(np.inf)
        elif first == 0:
            thresholds.append(-np.inf)
        else:
            thresholds.append((groups[first - 1][0] + groups[first][0]) / 2)
    return thresholds


def classify(score, thresholds):
    return int(sum(score > t for t in thresholds))


def main():
    rows = list(csv.DictReader((CORPUS / "file_information.csv").open(encoding="utf-8")))
    answers = [r for r in rows if r["Category"] != "orig"]
    pairs = [(str(CORPUS / f"orig_task{r['Task']}.txt"), str(CORPUS / r["File"])) for r in answers]
    results = run_align(pairs)
    scores = np.array([answer_score(r) for r in results])
    levels = np.array([LEVELS.index(r["Category"]) for r in answers])
    tasks = np.array([r["Task"] for r in answers])
    field = "rewrite" if all("rewrite" in r for r in results) else "1 - similarity"
    print(f"Clough & Stevenson: {len(answers)} answers aligned with their task's original; score = {field} "
          "(1 when no passage)")

    print(f"  {'class':<6} {'n':>3} {'mean':>6} {'sd':>6} {'min':>6} {'median':>6} {'max':>6}  no passage  mean coverage_b")
    for c, name in enumerate(LEVELS):
        v = scores[levels == c]
        none = sum(1 for r, l in zip(results, levels) if l == c and not r["passages"])
        coverage = np.mean([r["coverage_b"] for r, l in zip(results, levels) if l == c])
        print(f"  {name:<6} {len(v):3d} {v.mean():6.3f} {v.std(ddof=1):6.3f} {v.min():6.3f} {np.median(v):6.3f} "
              f"{v.max():6.3f}  {none:10d}  {coverage:.3f}")
    from scipy.stats import spearmanr
    rho, p = spearmanr(scores, levels)
    print(f"  Spearman rho (score vs level cut=0 .. non=3) {rho:.3f} (p = {p:.1e})")

    pred = np.empty_like(levels)
    for task in sorted(set(tasks)):
        test = tasks == task
        thresholds = fit_thresholds(scores[~test], levels[~test])
        pred[test] = [classify(s, thresholds) for s in scores[test]]
    print("  4-class confusion, thresholds fitted by leave-one-task-out (balanced accuracy on 4 tasks):")
    print_per_class(LEVELS, levels, pred)
    print("  thresholds fitted on all 5 tasks (for reference, not a test score): "
          + ", ".join(f"{t:.3f}" for t in fit_thresholds(scores, levels)))


if __name__ == "__main__":
    main()
