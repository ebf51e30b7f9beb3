#!/usr/bin/python3
"""Mutation detection and quote attribution, measured (issue 7). See eval/mutations.sh.

    mutations_eval.py --tool PATH simulated --seeds 1 2 3 [--pairs 280] [--name dev]
    mutations_eval.py --tool PATH hand [--pairs-file F] [--quotes-file F]
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import mutations_score as ms

HERE = Path(__file__).resolve().parent
SIMULATE = HERE.parent / "tools" / "simulate" / "simulate.py"


def run_tool(tool, records):
    payload = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    out = subprocess.run([tool], input=payload.encode(), capture_output=True, check=True)
    return [json.loads(line) for line in out.stdout.decode().splitlines() if line.strip()]


def errors(pairs, truths, preds, limit):
    shown = 0
    for pair, true, pred in zip(pairs, truths, preds):
        missed = [t for t in true if not any(ms.matches(p, t) for p in pred)]
        wrong = [p for p in pred if not any(ms.matches(p, t) for t in true)]
        if (missed or wrong) and shown < limit:
            shown += 1
            print(f"  {pair['id']} ({pair.get('type', '')}): missed {[m['type'] for m in missed]} false "
                  f"{[(p['type'], p.get('detail', '')[:50]) for p in wrong]}")


def simulated(args):
    pairs = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in args.seeds:
            out = Path(tmp) / f"{seed}.jsonl"
            subprocess.run([sys.executable, str(SIMULATE), "mutations", "--out", str(out), "--seed", str(seed),
                            "--pairs", str(args.pairs)], check=True)
            pairs += ms.read_jsonl(out)
    records = run_tool(args.tool, [{k: p[k] for k in ("id", "parent", "child", "parent_title", "child_title")} for p in pairs])
    truths = [p["mutations"] for p in pairs]
    preds = [ms.tool_mutations(r) for r in records]
    print(ms.table(ms.score_pairs(truths, preds), f"simulated {args.name} (seeds {' '.join(map(str, args.seeds))}, {len(pairs)} pairs)"))
    negatives = [p for p in preds if False]
    fp_neg = sum(1 for pair, pred in zip(pairs, preds) if pair["type"] == "none" and pred)
    n_neg = sum(1 for pair in pairs if pair["type"] == "none")
    print(f"  pure synonym spins with any mutation reported: {fp_neg}/{n_neg}")
    del negatives
    if args.errors:
        errors(pairs, truths, preds, args.errors)


def hand(args):
    pairs = ms.read_jsonl(args.pairs_file)
    truths = [ms.resolve_snippets(p) for p in pairs]
    records = run_tool(args.tool, [{k: p.get(k, "") for k in ("id", "parent", "child", "parent_title", "child_title")} for p in pairs])
    preds = [ms.tool_mutations(r) for r in records]
    print(ms.table(ms.score_pairs(truths, preds), f"hand-labelled pairs ({len(pairs)})"))
    if args.errors:
        errors(pairs, truths, preds, args.errors)
    quotes = ms.read_jsonl(args.quotes_file)
    claims = run_tool(args.tool, [{"id": q["id"], "text": q["text"]} for q in quotes])
    right, total, misses = ms.attribution(quotes, claims)
    print(f"quote speaker attribution (hand-labelled): {right}/{total} = {right / total:.3f}")
    for m in misses[: args.errors]:
        print(f"  {m[0]}: {m[1]!r} true {m[2]!r} got {m[3]!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tool", required=True, help="stemma_claims_tool")
    parser.add_argument("--errors", type=int, default=0, help="show up to N pairs with errors")
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("simulated")
    s.add_argument("--seeds", type=int, nargs="+", required=True)
    s.add_argument("--pairs", type=int, default=280)
    s.add_argument("--name", default="")
    h = sub.add_parser("hand")
    h.add_argument("--pairs-file", default=str(HERE / "data" / "mutations_hand.jsonl"))
    h.add_argument("--quotes-file", default=str(HERE / "data" / "quotes_hand.jsonl"))
    args = parser.parse_args()
    simulated(args) if args.command == "simulated" else hand(args)


if __name__ == "__main__":
    main()
