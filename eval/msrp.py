#!/usr/bin/python3
"""MSRP (Microsoft Research Paraphrase Corpus): stemma's sentence-similarity component as a
paraphrase classifier, trained on the train split only and scored on the test split.

Interface used: stemma similarity --tsv FILE, FILE lines "id<TAB>text_a<TAB>text_b"; output one
JSON line per pair: {"id", "score", "features": {name: number, ...}}.

Two classifiers, both fitted on the 4,076 train pairs only: logistic regression on all features
(standardised; C = 1, fixed a priori), and a single threshold on "score" chosen for train accuracy.
Printed: accuracy and F1 (positive = paraphrase) on the 1,725 test pairs.
Anchors: classic non-neural systems 0.75-0.77 accuracy / 0.83-0.84 F1; target >= 0.75 / >= 0.82.

Usage: eval/msrp.py      (MSRP_DIR overrides the corpus folder)
"""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reuse_common import SHARED_DATA, has_command, stemma_binary  # noqa: E402

CORPUS = Path(os.environ.get("MSRP_DIR", SHARED_DATA / "msrp"))


def load(split):
    """(id, label, sentence 1, sentence 2) per row; split on tabs only (strings contain quotes)."""
    rows = []
    lines = (CORPUS / f"msr_paraphrase_{split}.txt").read_text(encoding="utf-8-sig").splitlines()
    for number, line in enumerate(lines[1:], start=2):  # first line is the header
        if not line.strip():
            continue
        quality, id1, id2, s1, s2 = line.split("\t")
        rows.append((f"{split}:{number}:{id1}:{id2}", int(quality), s1, s2))
    return rows


def similarity(rows):
    """stemma similarity's JSON object for every row, in row order."""
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", encoding="utf-8", delete=False) as tsv:
        for rid, _, s1, s2 in rows:
            tsv.write(f"{rid}\t{s1}\t{s2}\n")
        name = tsv.name
    try:
        proc = subprocess.run([stemma_binary(), "similarity", "--tsv", name], capture_output=True, text=True,
                              encoding="utf-8", errors="replace")
    finally:
        os.unlink(name)
    if proc.returncode != 0:
        sys.exit(f"error: stemma similarity failed (exit {proc.returncode}): {proc.stderr.strip()}")
    by_id = {}
    for line in proc.stdout.splitlines():
        if line.strip():
            obj = json.loads(line)
            by_id[obj["id"]] = obj
    missing = [rid for rid, *_ in rows if rid not in by_id]
    if missing:
        sys.exit(f"error: stemma similarity gave no result for {len(missing)} pairs, e.g. {missing[0]}")
    return [by_id[rid] for rid, *_ in rows]


def matrix(results, names):
    return np.array([[float(r.get("features", {}).get(n, 0.0)) for n in names] + [float(r["score"])]
                     for r in results])


def best_threshold(score, y):
    """The cut on score with the highest train accuracy (predict paraphrase above it)."""
    order = np.sort(np.unique(score))
    cuts = np.concatenate([[order[0] - 1], (order[1:] + order[:-1]) / 2, [order[-1] + 1]])
    accuracy = [np.mean((score > c) == y) for c in cuts]
    return cuts[int(np.argmax(accuracy))]


def report(name, y_true, y_pred):
    from sklearn.metrics import accuracy_score, f1_score
    print(f"  {name:<44} accuracy {accuracy_score(y_true, y_pred):.3f}   F1 {f1_score(y_true, y_pred):.3f}")


def main():
    if not has_command("similarity"):
        sys.exit("MSRP: skipped — this stemma build has no `similarity` command yet "
                 "(the sentence-similarity component of issue 5); merge main once it lands and rebuild")
    train, test = load("train"), load("test")
    r_train, r_test = similarity(train), similarity(test)
    names = sorted({n for r in r_train for n in r.get("features", {})})
    X_train, X_test = matrix(r_train, names), matrix(r_test, names)
    y_train = np.array([label for _, label, _, _ in train])
    y_test = np.array([label for _, label, _, _ in test])
    print(f"MSRP: {len(train)} train / {len(test)} test pairs; features: {', '.join(names) or '(none)'} + score")

    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    model = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000))
    model.fit(X_train, y_train)
    print("  test split (anchors 0.75-0.77 accuracy / 0.83-0.84 F1; target >= 0.75 / >= 0.82):")
    report("logistic regression on features + score", y_test, model.predict(X_test))
    cut = best_threshold(X_train[:, -1], y_train)
    report(f"threshold on score ({cut:.3f}, from train)", y_test, (X_test[:, -1] > cut).astype(int))
    report("baseline: always paraphrase", y_test, np.ones_like(y_test))


if __name__ == "__main__":
    main()
