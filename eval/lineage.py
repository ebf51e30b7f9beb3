#!/usr/bin/python3
"""Lineage (issue 6): stemma's stemmas against known copy trees.

Corpora: simulated traditions (tools/simulate/simulate.py traditions: METER PA roots, copy trees of
depth 1-5, copying errors, credits, aggregations, independent reports, withheld roots, unrelated
articles) at each date-noise level, on fixed DEV seeds (for tuning) and TEST seeds (for reporting
only; never tune on them), and the hand-made demo (examples/demo/, truth.json).

Each corpus is ingested into a fresh temporary store; `stemma stories --json` and every
`stemma story ID --json` are read back. Measures (truth edges are parent -> child between articles
in the corpus; edges from a withheld root are placeholder edges):
  edge P/R/F1          predicted edges vs truth edges, undirected and directed
  parent accuracy      non-root truth articles (one or more truth parents, placeholders included)
                       whose predicted parent set equals the truth set
  root accuracy        stories whose root is in the corpus: the stemma story holding the root has
                       it as its origin
  relation accuracy    on truth edges found with the right direction: same relation label
  credit F1            on the same edges, positive = credited
  placeholder R/P      truth placeholder edges (placeholder, child) found, when stemma prints any
  independent linked   independent reports given an edge to their story's copies that is not a
                       truth edge; unrelated linked: unrelated articles given any edge
Counts are summed over the seeds of a group before the ratios are taken.

METER parent direction (eval/lineage_meter.py) runs last unless --no-meter.

Usage: eval/lineage.py [--json] [--stories N] [--dev-seeds ...] [--test-seeds ...] [--noise ...] [--no-meter]
  STEMMA  the binary (default build/src/stemma); STEMMA_DATA_DIR the shared data folder
"""
import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools" / "simulate"))

from reuse_common import stemma_binary  # noqa: E402

DEV_SEEDS = (101, 102, 103)     # tune on these
TEST_SEEDS = (201, 202, 203)    # report these; never tune on them
NOISE = ("clean", "standard", "noisy")
STORIES = 40


def _run(args):
    proc = subprocess.run([stemma_binary()] + args, capture_output=True, text=True, encoding="utf-8", errors="replace")
    if proc.returncode not in (0, 1):
        sys.exit(f"error: stemma {' '.join(args[:1])} failed (exit {proc.returncode}): {proc.stderr.strip()[:500]}")
    return json.loads(proc.stdout)


def run_stemma(inputs, key_of=None):
    """Ingests the inputs into a fresh store; returns the stemma as seen through the CLI:
    {"edges": [(parent_key, child_key, relation, credited)], "origin_of": {key: story origin key},
     "roots": set of keys, "placeholders": [...], "placeholder_edges": [(ph, child_key)],
     "story_of": {key: story id}, "has_placeholder_field": bool}. Keys are external ids, else the
    file name of the source."""
    key_of = key_of or (lambda a: a.get("external_id") or Path(a.get("source", "")).name)
    with tempfile.TemporaryDirectory(prefix="stemma-lineage-") as tmp:
        db = str(Path(tmp) / "eval.db")
        ingest = _run(["ingest", "--db", db, "--json"] + [str(p) for p in inputs])
        stories = _run(["stories", "--db", db, "--json"])
        out = {"edges": [], "origin_of": {}, "roots": set(), "placeholders": [], "placeholder_edges": [],
               "story_of": {}, "has_placeholder_field": False, "ingest": {k: ingest.get(k) for k in ("added", "pairs", "seconds")},
               "missing_fields": Counter()}
        for s in stories:
            story = _run(["story", str(s["id"]), "--db", db, "--json"])
            keys = {a["id"]: key_of(a) for a in story["articles"]}
            for a in story["articles"]:
                out["story_of"][keys[a["id"]]] = story["id"]
                out["origin_of"][keys[a["id"]]] = keys.get(story.get("origin"))
            out["roots"].update(keys[r] for r in story.get("roots", []) if r in keys)
            for e in story["edges"]:
                for f in ("relation", "credited"):
                    if f not in e:
                        out["missing_fields"][f"edge.{f}"] += 1
                out["edges"].append((keys[e["parent"]], keys[e["child"]], e.get("relation"), bool(e.get("credited"))))
            if "placeholders" in story:
                out["has_placeholder_field"] = True
                for p in story["placeholders"]:
                    out["placeholders"].append(dict(p, story=story["id"]))
                for pe in story.get("placeholder_edges", []):
                    out["placeholder_edges"].append((pe.get("placeholder"), keys.get(pe.get("child"), pe.get("child"))))
        return out


def _norm(s):
    return " ".join(str(s or "").lower().removeprefix("the ").split())


def match_placeholder(pred, truth_placeholders):
    """The truth placeholder key a predicted placeholder stands for (same name, key or domain), else None."""
    for t in truth_placeholders:
        if _norm(pred.get("name")) == _norm(t["name"]) or _norm(pred.get("key")) == _norm(t["key"]) \
                or (pred.get("domain") and pred.get("domain") == t.get("domain")):
            return t["key"]
    return None


def score(truth, pred):
    """Counts for one corpus. truth: {"edges": [{parent, child, relation, credited}], "placeholders",
    "placeholder_edges", "roots_present": [...], "nonroot": set, "independent": {id: story articles},
    "unrelated": [...]}."""
    c = Counter()
    t_dir = {(e["parent"], e["child"]): e for e in truth["edges"]}
    t_und = {frozenset(k) for k in t_dir}
    p_dir = {}
    for p, ch, rel, cred in pred["edges"]:
        p_dir[(p, ch)] = (rel, cred)
    p_und = {frozenset(k) for k in p_dir}
    c["truth_edges"], c["pred_edges"] = len(t_dir), len(p_dir)
    c["dir_tp"] = len(set(t_dir) & set(p_dir))
    c["und_tp"] = len(t_und & p_und)
    c["und_pred"], c["und_truth"] = len(p_und), len(t_und)
    for k, e in t_dir.items():
        if k in p_dir:
            rel, cred = p_dir[k]
            c["rel_n"] += 1
            c["rel_ok"] += rel == e["relation"]
            c[f"rel_confusion:{e['relation']}->{rel}"] += 1
            c["credit_tp"] += e["credited"] and cred
            c["credit_fp"] += (not e["credited"]) and cred
            c["credit_fn"] += e["credited"] and not cred
        elif (k[1], k[0]) in p_dir:
            c["reversed"] += 1
    # Placeholders.
    ph_map = {}
    for p in pred["placeholders"]:
        ph_map[p.get("key")] = match_placeholder(p, truth["placeholders"]) or f"?{p.get('key')}"
    t_ph = {(e["placeholder"], e["child"]) for e in truth["placeholder_edges"]}
    p_ph = {(ph_map.get(k, f"?{k}"), ch) for k, ch in pred["placeholder_edges"]}
    c["ph_truth"], c["ph_pred"], c["ph_tp"] = len(t_ph), len(p_ph), len(t_ph & p_ph)
    c["ph_field"] = int(pred["has_placeholder_field"])
    # Parent sets.
    t_parents, p_parents = {}, {}
    for e in truth["edges"]:
        t_parents.setdefault(e["child"], set()).add(e["parent"])
    for e in truth["placeholder_edges"]:
        t_parents.setdefault(e["child"], set()).add("ph:" + e["placeholder"])
    for p, ch, _, _ in pred["edges"]:
        p_parents.setdefault(ch, set()).add(p)
    for k, ch in p_ph:
        p_parents.setdefault(ch, set()).add("ph:" + k)
    roles = truth.get("roles", {})
    for child, parents in t_parents.items():
        ok = p_parents.get(child, set()) == parents
        c["parent_n"] += 1
        c["parent_ok"] += ok
        role = roles.get(child, "?")
        c[f"parent_by_role_n:{role}"] += 1
        c[f"parent_by_role_ok:{role}"] += ok
    # Roots.
    for r in truth["roots_present"]:
        c["root_n"] += 1
        c["root_ok"] += pred["origin_of"].get(r) == r
    # Independent reports and unrelated articles.
    linked = Counter()
    for p, ch, _, _ in pred["edges"]:
        if (p, ch) not in t_dir:
            linked[p] += 1
            linked[ch] += 1
    for ind, members in truth["independent"].items():
        c["independent_n"] += 1
        c["independent_linked"] += any((p == ind and ch in members or ch == ind and p in members)
                                       and (p, ch) not in t_dir for p, ch, _, _ in pred["edges"])
    for u in truth["unrelated"]:
        c["unrelated_n"] += 1
        c["unrelated_linked"] += linked[u] > 0
    return c


def _ratio(a, b):
    return a / b if b else None


def _f1(p, r):
    return 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)


def metrics(c):
    m = {}
    m["edges_truth"], m["edges_predicted"] = c["truth_edges"], c["pred_edges"]
    for kind, tp, pn, tn in (("undirected", c["und_tp"], c["und_pred"], c["und_truth"]),
                             ("directed", c["dir_tp"], c["pred_edges"], c["truth_edges"])):
        p, r = _ratio(tp, pn), _ratio(tp, tn)
        m[kind] = {"precision": p, "recall": r, "f1": _f1(p, r)}
    m["reversed_edges"] = c["reversed"]
    m["parent_accuracy"] = _ratio(c["parent_ok"], c["parent_n"])
    m["parent_n"] = c["parent_n"]
    m["root_accuracy"] = _ratio(c["root_ok"], c["root_n"])
    m["root_n"] = c["root_n"]
    m["relation_accuracy"] = _ratio(c["rel_ok"], c["rel_n"])
    cp, cr = _ratio(c["credit_tp"], c["credit_tp"] + c["credit_fp"]), _ratio(c["credit_tp"], c["credit_tp"] + c["credit_fn"])
    m["credit"] = {"precision": cp, "recall": cr, "f1": _f1(cp, cr)}
    m["placeholder"] = {"truth": c["ph_truth"], "predicted": c["ph_pred"],
                        "recall": _ratio(c["ph_tp"], c["ph_truth"]) if c["ph_field"] else None,
                        "precision": _ratio(c["ph_tp"], c["ph_pred"]), "stemma_prints_placeholders": bool(c["ph_field"])}
    m["independent_linked"] = _ratio(c["independent_linked"], c["independent_n"])
    m["independent_n"] = c["independent_n"]
    m["unrelated_linked"] = _ratio(c["unrelated_linked"], c["unrelated_n"])
    m["parent_accuracy_by_role"] = {k.split(":", 1)[1]: (_ratio(c["parent_by_role_ok:" + k.split(":", 1)[1]], v), v)
                                    for k, v in sorted(c.items()) if k.startswith("parent_by_role_n:")}
    m["relation_confusion"] = {k.split(":", 1)[1]: v for k, v in sorted(c.items()) if k.startswith("rel_confusion:")}
    return m


# ---------------------------------------------------------------- corpora

def simulated_truth(t):
    present = {a for a, x in t["articles"].items() if x["in_corpus"]}
    independent = {}
    for ev in t["events"]:
        for ind in ev["independent"]:
            independent[ind] = set(ev["articles"]) - {ind}
    return {"edges": t["edges"], "placeholders": t["placeholders"], "placeholder_edges": t["placeholder_edges"],
            "roots_present": [ev["root"] for ev in t["events"] if ev["root"] in present],
            "independent": independent, "unrelated": t["unrelated"],
            "roles": {a: x["role"] for a, x in t["articles"].items()}}


def demo_truth():
    t = json.loads((ROOT / "examples" / "demo" / "truth.json").read_text(encoding="utf-8"))
    parents = {e["child"] for e in t["edges"]}
    roots = [a for a, x in t["articles"].items() if x["role"] == "origin"]
    members = set(t["articles"]) - set(t["unrelated"])
    return {"edges": t["edges"], "placeholders": [], "placeholder_edges": [],
            "roots_present": [r for r in roots if r not in parents],
            "independent": {i: members - {i} for i in t.get("same_event_no_edge", [])}, "unrelated": t["unrelated"]}


def run_simulated(seeds, noises, stories, workdir, wordnet, log):
    import traditions
    results = {}
    for noise in noises:
        for seed in seeds:
            folder = Path(workdir) / f"{noise}-{seed}"
            start = time.time()
            truth = traditions.build(folder, seed, stories, noise, wordnet=wordnet)
            gen = time.time() - start
            pred = run_stemma([folder / truth["corpus"]])
            c = score(simulated_truth(truth), pred)
            results[(noise, seed)] = (c, pred)
            log(f"  {noise:8s} seed {seed}: {sum(1 for a in truth['articles'].values() if a['in_corpus'])} articles, "
                f"{len(truth['edges'])} truth edges, {c['pred_edges']} predicted "
                f"(generated {gen:.1f}s, stemma {time.time() - start - gen:.1f}s)")
    return results


def fmt(x):
    return "  n/a" if x is None else f"{x:5.3f}"


def table(rows, out=print):
    head = ("corpus", "und P", "und R", "und F1", "dir P", "dir R", "dir F1", "parent", "root", "relat", "cred F1",
            "ph R", "ph P", "indep", "unrel")
    out("  " + f"{head[0]:<22s}" + " ".join(f"{h:>7s}" for h in head[1:]))
    for name, m in rows:
        vals = [m["undirected"]["precision"], m["undirected"]["recall"], m["undirected"]["f1"],
                m["directed"]["precision"], m["directed"]["recall"], m["directed"]["f1"],
                m["parent_accuracy"], m["root_accuracy"], m["relation_accuracy"], m["credit"]["f1"],
                m["placeholder"]["recall"], m["placeholder"]["precision"], m["independent_linked"], m["unrelated_linked"]]
        out("  " + f"{name:<22s}" + " ".join(f"{fmt(v):>7s}" for v in vals))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true", help="one JSON document on stdout instead of tables")
    ap.add_argument("--stories", type=int, default=STORIES, help=f"stories per seed (default {STORIES})")
    ap.add_argument("--dev-seeds", type=int, nargs="*", default=list(DEV_SEEDS))
    ap.add_argument("--test-seeds", type=int, nargs="*", default=list(TEST_SEEDS))
    ap.add_argument("--noise", nargs="+", default=list(NOISE), choices=NOISE)
    ap.add_argument("--keep", type=Path, help="keep the generated corpora in this folder")
    ap.add_argument("--no-meter", dest="meter", action="store_false", help="skip the METER parent-direction section")
    args = ap.parse_args(argv)
    log = (lambda s: print(s, file=sys.stderr)) if args.json else print

    report = {"stemma": stemma_binary(), "stories_per_seed": args.stories, "dev_seeds": args.dev_seeds,
              "test_seeds": args.test_seeds, "simulated": {}, "demo": None, "missing": []}
    import texts
    have_meter = all(p.is_dir() for p in texts.default_sources() + texts.default_hosts())
    rows = []
    if have_meter:
        from wordnet import WordNet
        wordnet = WordNet()
        with tempfile.TemporaryDirectory(prefix="traditions-") as tmp:
            workdir = args.keep or Path(tmp)
            for group, seeds in (("dev", args.dev_seeds), ("test", args.test_seeds)):
                if not seeds:
                    continue
                log(f"{group.upper()} seeds {', '.join(map(str, seeds))} ({args.stories} stories each):")
                res = run_simulated(seeds, args.noise, args.stories, workdir, wordnet, log)
                for noise in args.noise:
                    total = Counter()
                    for seed in seeds:
                        total.update(res[(noise, seed)][0])
                    m = metrics(total)
                    report["simulated"].setdefault(group, {})[noise] = m
                    rows.append((f"{group} {noise}", m))
                if not any(pred["has_placeholder_field"] for _, pred in res.values()):
                    report["missing"].append("story JSON has no 'placeholders'/'placeholder_edges' (placeholder measures n/a)")
    else:
        log("simulated traditions: METER not found (set STEMMA_DATA_DIR); skipped")
    demo = run_stemma([ROOT / "examples" / "demo"])
    m = metrics(score(demo_truth(), demo))
    report["demo"] = m
    rows.append(("demo", m))
    if args.meter:
        import lineage_meter
        log("METER parent direction ...")
        report["meter"] = lineage_meter.evaluate()
    report["missing"] = sorted(set(report["missing"]))
    if args.json:
        json.dump(report, sys.stdout, indent=1, default=str)
        print()
        return
    print()
    print("Lineage (dev = tuning seeds, test = reporting seeds; P/R/F1 of edges, accuracies, placeholder R/P,")
    print("share of independent reports / unrelated articles given a false edge):")
    table(rows)
    for name, m in rows:
        conf = ", ".join(f"{k} {v}" for k, v in m["relation_confusion"].items() if k.split("->")[0] != k.split("->")[1])
        print(f"  {name}: {m['edges_truth']} truth edges, {m['edges_predicted']} predicted, {m['reversed_edges']} reversed; "
              f"relation errors: {conf or 'none'}")
        by_role = m["parent_accuracy_by_role"]
        if len(by_role) > 1:
            print("    parent accuracy by the child's operation: " +
                  ", ".join(f"{r} {fmt(a).strip()} of {n}" for r, (a, n) in by_role.items()))
    for miss in report["missing"]:
        print(f"  note: {miss}")
    if report.get("meter"):
        print()
        lineage_meter.print_report(report["meter"])
    print()
    print("Summary (directed edge F1, parent accuracy, root accuracy, relation accuracy, credit F1):")
    print(f"  {'corpus':<16s} {'dir F1':>7s} {'parent':>7s} {'root':>7s} {'relat':>7s} {'credit':>7s}")
    for name, m in rows:
        print(f"  {name:<16s} {fmt(m['directed']['f1']):>7s} {fmt(m['parent_accuracy']):>7s} {fmt(m['root_accuracy']):>7s} "
              f"{fmt(m['relation_accuracy']):>7s} {fmt(m['credit']['f1']):>7s}")
    mt = report.get("meter")
    if mt:
        print(f"  METER: parent precision {fmt(mt['parent_precision'])}, PA->paper edge direction "
              f"{fmt(mt['edge_direction_pa_first'])}, derived recall {fmt(mt['derived_recall'])}, "
              f"paper above PA {mt['newspaper_above_pa_edges']} edges")


if __name__ == "__main__":
    main()
