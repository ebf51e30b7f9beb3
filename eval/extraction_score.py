#!/usr/bin/env python3
"""Scores `stemma extract --jsonl` output on the article-extraction benchmark.

Usage: extraction_score.py BENCH_DIR OUT.jsonl WORK_DIR [--n-bootstrap N] [--pages]

Converts the JSONL (one object per page; "source" is the page file
<id>.html) to the benchmark's prediction format ({id: {"articleBody": body}}),
copies the reference outputs of other extractors next to it, and runs the
benchmark's own evaluate.py (with its bootstrap) three times: on all pages, on
the dev half and on the held-out half (split: extraction_split.py). With
--pages it also prints per-page precision/recall of the DEV half only (the
half used for tuning).
"""
import argparse
import collections
import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction_split import half  # noqa: E402


def page_id(source: str) -> str:
    name = os.path.basename(source)
    for suffix in (".gz", ".html", ".htm"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name


def load_predictions(jsonl: Path) -> dict:
    preds = {}
    with jsonl.open(encoding="utf8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            obj = json.loads(line)
            preds[page_id(obj["source"])] = obj
    return preds


def run_eval(bench: Path, work: Path, ids: list, outputs: dict, n_bootstrap: int) -> str:
    if work.exists():
        shutil.rmtree(work)
    (work / "output").mkdir(parents=True)
    gt = json.load((bench / "ground-truth.json").open(encoding="utf8"))
    json.dump({i: gt[i] for i in ids}, (work / "ground-truth.json").open("w", encoding="utf8"))
    for name, data in outputs.items():
        if isinstance(data, dict) and set(data.keys()) == {"version", "output"}:
            sub = {"version": data["version"], "output": {i: data["output"].get(i, {"articleBody": ""}) for i in ids}}
        else:
            sub = {i: data.get(i, {"articleBody": ""}) for i in ids}
        json.dump(sub, (work / "output" / f"{name}.json").open("w", encoding="utf8"))
    res = subprocess.run(
        ["/usr/bin/python3", str(bench / "evaluate.py"), "--n-bootstrap", str(n_bootstrap)],
        cwd=work, capture_output=True, text=True, check=True,
    )
    return res.stdout


def shingles(text: str) -> collections.Counter:
    toks = re.findall(r"\w+", text or "")
    return collections.Counter(tuple(toks[i : i + 4]) for i in range(max(1, len(toks) - 3)))


def tp_fp_fn(true: str, pred: str):
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def macro_f1(rows) -> float:
    """evaluate.py's metrics_from_tp_fp_fns: mean precision and recall, then F1."""
    def prec(tp, fp, fn):
        if fp == fn == 0:
            return 1.0
        return 0.0 if tp == fp == 0 else tp / (tp + fp)

    def rec(tp, fp, fn):
        if fp == fn == 0:
            return 1.0
        return 0.0 if tp == fn == 0 else tp / (tp + fn)

    ps = [prec(*r) for r in rows if r[0] + r[1] > 0]
    rs = [rec(*r) for r in rows if r[0] + r[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("bench", type=Path)
    ap.add_argument("jsonl", type=Path)
    ap.add_argument("work", type=Path)
    ap.add_argument("--n-bootstrap", type=int, default=1000)
    ap.add_argument("--pages", action="store_true", help="per-page scores of the dev half")
    args = ap.parse_args()

    gt = json.load((args.bench / "ground-truth.json").open(encoding="utf8"))
    preds = load_predictions(args.jsonl)
    missing = [i for i in gt if i not in preds]
    errors = {i: p["error"] for i, p in preds.items() if "error" in p}
    stemma = {i: {"articleBody": preds.get(i, {}).get("body", "")} for i in gt}
    args.work.mkdir(parents=True, exist_ok=True)
    json.dump(stemma, (args.work / "stemma.json").open("w", encoding="utf8"), ensure_ascii=False)

    outputs = {"stemma": stemma}
    for ref in sorted((args.bench / "reference-output").glob("*.json")):
        outputs[ref.stem] = json.load(ref.open(encoding="utf8"))

    all_ids = sorted(gt)
    dev = [i for i in all_ids if half(i) == "dev"]
    held = [i for i in all_ids if half(i) == "heldout"]
    print(f"pages: {len(all_ids)} (dev {len(dev)}, held-out {len(held)}); missing from output: {len(missing)}; extraction errors: {len(errors)}")
    for i, e in sorted(errors.items()):
        print(f"  error {i[:12]} ({half(i)}): {e}")
    for label, ids in (("ALL 181 pages", all_ids), ("DEV half (used for tuning)", dev), ("HELD-OUT half (never looked at)", held)):
        print(f"\n== {label}: {len(ids)} pages ==")
        print(run_eval(args.bench, args.work / "eval", ids, outputs, args.n_bootstrap), end="")

    # The bootstrap distribution of stemma's F1, computed as evaluate.py does
    # (per-page normalised TP/FP/FN, macro precision and recall), to report
    # its low end.
    print("\n== stemma F1 over bootstrap resamples (same metric as evaluate.py; seed 0) ==")
    rng = random.Random(0)
    for label, ids in (("all", all_ids), ("dev", dev), ("held-out", held)):
        per_page = [tp_fp_fn(gt[i]["articleBody"], stemma[i]["articleBody"]) for i in ids]
        f1s = sorted(macro_f1([per_page[rng.randrange(len(ids))] for _ in ids]) for _ in range(args.n_bootstrap))
        print(f"{label:<9} F1 {macro_f1(per_page):.3f}; bootstrap min {f1s[0]:.3f}, 2.5th percentile "
              f"{f1s[int(0.025 * len(f1s))]:.3f}, median {f1s[len(f1s) // 2]:.3f}")

    if args.pages:
        print("\n== per-page, dev half, worst F1 first ==")
        rows = []
        for i in dev:
            t, p = shingles(gt[i]["articleBody"]), shingles(stemma[i]["articleBody"])
            tp = sum((t & p).values())
            fp = sum((p - t).values())
            fn = sum((t - p).values())
            prec = tp / (tp + fp) if tp + fp else 0.0
            rec = tp / (tp + fn) if tp + fn else 0.0
            f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
            rows.append((f1, prec, rec, i))
        for f1, prec, rec, i in sorted(rows)[:40]:
            print(f"{f1:.3f}  P={prec:.3f} R={rec:.3f}  {i[:16]}  {gt[i]['url'][:90]}")


if __name__ == "__main__":
    main()
