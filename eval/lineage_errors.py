#!/usr/bin/python3
"""Lineage error analysis on the DEV seeds only (issue 6): why each child's parent set is wrong.

For every simulated article whose predicted parent set differs from the truth (dev seeds, one noise
level), one line: the kind of error, the truth and predicted parents with their operations and date
noise, and the direction signals of the predicted edge. Kinds:
  reversed     a truth parent hangs below the child (the pair points the wrong way)
  no_parent    the child got no parent (and no truth parent hangs below it)
  tie          the predicted parent is a verbatim copy (chain of verbatim copies) of the truth parent,
               or the reverse: textually (nearly) the same candidate
  sibling      the predicted parent is another child of the truth parent
  ancestor     the predicted parent is an ancestor of the truth parent (a skipped generation)
  descendant   the predicted parent is a descendant of the truth parent (not a verbatim chain)
  placeholder  a placeholder parent is missing or wrong
  extra/missing second parent; other
Never run on the test seeds (the script refuses them).

Usage: eval/lineage_errors.py [--noise standard] [--seeds 101 102 103] [--stories 40] [--keep DIR] [-v]
"""
import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools" / "simulate"))
sys.path.insert(0, str(ROOT / "eval"))

from reuse_common import stemma_binary  # noqa: E402
import lineage  # noqa: E402


def _json(args):
    proc = subprocess.run([stemma_binary()] + args, capture_output=True, text=True, encoding="utf-8", errors="replace")
    return json.loads(proc.stdout)


def predicted(corpus, truth_placeholders):
    """(parent_key -> child_key edges with signals, placeholder edges) of a corpus ingested into a fresh store;
    predicted placeholders are named by the truth placeholder they stand for (lineage.match_placeholder)."""
    edges, ph_edges = {}, {}
    with tempfile.TemporaryDirectory(prefix="stemma-lineage-err-") as tmp:
        db = str(Path(tmp) / "e.db")
        _json(["ingest", "--db", db, "--json", str(corpus)])
        for s in _json(["stories", "--db", db, "--json"]):
            story = _json(["story", str(s["id"]), "--db", db, "--json"])
            keys = {a["id"]: a.get("external_id") for a in story["articles"]}
            for e in story["edges"]:
                sig = e.get("evidence", {}).get("signals", [])
                edges[(keys[e["parent"]], keys[e["child"]])] = {
                    "relation": e.get("relation"), "signals": [(x["kind"], round(x["weight"], 2)) for x in sig]}
            ph_map = {p.get("key"): lineage.match_placeholder(p, truth_placeholders) or f"?{p.get('key')}"
                      for p in story.get("placeholders", [])}
            for pe in story.get("placeholder_edges", []):
                ph = ph_map.get(pe.get("placeholder"), f"?{pe.get('placeholder')}")
                ph_edges.setdefault(keys.get(pe.get("child"), pe.get("child")), set()).add("ph:" + ph)
    return edges, ph_edges


def analyse(truth, edges, ph_edges):
    arts = truth["articles"]
    op = {e["child"]: e["operation"] for e in truth["edges"]}
    tpar = {}
    for e in truth["edges"]:
        tpar.setdefault(e["child"], set()).add(e["parent"])
    for e in truth["placeholder_edges"]:
        tpar.setdefault(e["child"], set()).add("ph:" + e["placeholder"])
    ppar = {}
    for (p, c) in edges:
        ppar.setdefault(c, set()).add(p)
    for c, phs in ph_edges.items():
        ppar.setdefault(c, set()).update(phs)
    # All truth parents (including withheld articles) for ancestry.
    all_par = {a: set(x["parents"]) for a, x in arts.items()}

    def ancestors(a):
        out, todo = set(), list(all_par.get(a, ()))
        while todo:
            x = todo.pop()
            if x not in out:
                out.add(x)
                todo.extend(all_par.get(x, ()))
        return out

    def verbatim_chain(lo, hi):  # lo descends from hi through verbatim copies only
        x = lo
        while x != hi:
            ps = all_par.get(x, set())
            if len(ps) != 1 or op.get(x) != "verbatim":
                return False
            x = next(iter(ps))
        return True

    rows = []
    for child, T in tpar.items():
        P = ppar.get(child, set())
        if P == T:
            continue
        kind = "other"
        real_T = {t for t in T if not t.startswith("ph:")}
        wrong = P - T
        if any((child, t) in edges for t in real_T):
            kind = "reversed"
        elif not P:
            kind = "no_parent"
        elif any(t.startswith("ph:") for t in T | P) and (T ^ P) & {x for x in T | P if x.startswith("ph:")}:
            kind = "placeholder"
        elif T < P:
            kind = "extra_parent"
        elif P < T:
            kind = "missing_parent"
        elif len(wrong) == 1 and len(real_T) == 1:
            p, t = next(iter(wrong)), next(iter(real_T))
            if p in ancestors(t) and verbatim_chain(t, p) or t in ancestors(p) and verbatim_chain(p, t):
                kind = "tie"
            elif t in all_par.get(p, ()):
                kind = "sibling"
            elif p in ancestors(t):
                kind = "ancestor"
            elif t in ancestors(p):
                kind = "descendant"
        sig = {p: edges.get((p, child), {}).get("signals") for p in P if not p.startswith("ph:")}
        rows.append({"child": child, "kind": kind, "op": op.get(child, "ph"), "noise": arts[child]["date_noise"],
                     "truth": sorted(T), "pred": sorted(P),
                     "truth_info": {t: (op.get(t, "root"), arts[t]["date_noise"]) for t in real_T if t in arts},
                     "pred_info": {p: (op.get(p, "root"), arts[p]["date_noise"]) for p in P if p in arts},
                     "signals": sig})
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--noise", default="standard", choices=lineage.NOISE)
    ap.add_argument("--seeds", type=int, nargs="+", default=list(lineage.DEV_SEEDS))
    ap.add_argument("--stories", type=int, default=lineage.STORIES)
    ap.add_argument("--keep", type=Path, help="folder for the generated corpora (reused when present)")
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per wrong child")
    args = ap.parse_args()
    if set(args.seeds) & set(lineage.TEST_SEEDS):
        sys.exit("error: the test seeds are for reporting only; analyse the dev seeds")
    import traditions
    from wordnet import WordNet
    wordnet = None
    kinds, by_op = Counter(), Counter()
    with tempfile.TemporaryDirectory(prefix="traditions-err-") as tmp:
        work = args.keep or Path(tmp)
        for seed in args.seeds:
            folder = Path(work) / f"{args.noise}-{seed}"
            if (folder / "truth.json").is_file():
                truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
            else:
                wordnet = wordnet or WordNet()
                truth = traditions.build(folder, seed, args.stories, args.noise, wordnet=wordnet)
            edges, ph_edges = predicted(folder / truth["corpus"], truth["placeholders"])
            for r in analyse(truth, edges, ph_edges):
                kinds[r["kind"]] += 1
                by_op[(r["kind"], r["op"])] += 1
                if args.verbose:
                    print(f"{seed} {r['kind']:<14s} {r['child']} ({r['op']}, {r['noise']}) truth {r['truth']} {r['truth_info']} "
                          f"pred {r['pred']} {r['pred_info']} signals {r['signals']}")
    print(f"wrong children ({args.noise}, seeds {' '.join(map(str, args.seeds))}): {sum(kinds.values())}")
    for k, n in kinds.most_common():
        ops = ", ".join(f"{o} {m}" for (kk, o), m in sorted(by_op.items()) if kk == k)
        print(f"  {k:<14s} {n:4d}   ({ops})")


if __name__ == "__main__":
    main()
