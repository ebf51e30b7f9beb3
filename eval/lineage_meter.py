#!/usr/bin/python3
"""Lineage (issue 6) on METER: is the Press Association text placed above the newspapers that used it?

All 771 PA texts and 945 newspaper articles are ingested into one fresh store as JSON lines: the
text cleaned as tools/simulate does (PA wire markup removed), outlet "Press Association" or the
paper (from the file name), and the date of the DD.MM.YY folder. METER records only the day, so
PA texts and newspapers of a folder get the same bare date (no time): the dates never favour
either side, and direction must come from the text (containment, credit, ...). Labels are the
corpus's wholly / partially / non-derived classes (eval/meter.py's loader).

Reported, for newspaper articles:
  parent precision   of the articles stemma links to a PA text (an edge either way), the share
                     that have a PA text as a parent
  edge direction     of all PA-newspaper edges, the share pointing PA -> newspaper; the rest put a
                     newspaper above PA (wrong: METER's papers copy PA, never the reverse)
  recall             derived (wholly, partially) articles that get a PA parent; the same for
                     non-derived ones (these should mostly get none)
  same folder        PA parents from the article's own domain/date/catchline folder (the only
                     provenance METER records)

Usage: eval/lineage_meter.py [--json]    (METER_DIR overrides the corpus folder; STEMMA the binary)
"""
import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tools" / "simulate"))

from lineage import run_stemma  # noqa: E402
from meter import CLASSES, METER, load_labels  # noqa: E402

import texts  # noqa: E402
from traditions import folder_date  # noqa: E402

PAPERS = {"express": "Daily Express", "ft": "Financial Times", "guardian": "The Guardian",
          "independent": "The Independent", "mail": "Daily Mail", "mirror": "Daily Mirror",
          "morningstar": "Morning Star", "star": "Daily Star", "sun": "The Sun", "telegraph": "The Daily Telegraph",
          "times": "The Times"}


def records():
    """(record, kind, folder) for every METER text; kind is "pa" or "news"."""
    out = []
    for kind, base in (("pa", METER / "PA" / "rawtexts"), ("news", METER / "newspapers" / "rawtexts")):
        for path in sorted(base.rglob("*.txt")):
            if path.name.lower().startswith("readme"):
                continue
            rel = str(path.relative_to(METER))
            text = texts.clean(texts.decode(path.read_bytes()))
            if not text.strip():
                continue
            folder = "/".join(path.relative_to(base).parts[:-1])
            day = folder_date(rel)
            if kind == "pa":
                outlet, domain = "Press Association", "pa.press.net"
            else:
                paper = path.stem.rsplit("_", 1)[-1]
                outlet = PAPERS.get(paper, paper.title())
                domain = f"{paper}.co.uk"
            rec = {"id": rel, "url": f"https://www.{domain}/{folder}/{path.stem}", "outlet": outlet,
                   "title": text.split("\n", 1)[0][:120], "text": text}
            if day:
                rec["published"] = day.strftime("%Y-%m-%d")
            out.append((rec, kind, folder))
    return out


def evaluate():
    """The METER lineage report (a dict), or None without the corpus."""
    if not (METER / "PA" / "rawtexts").is_dir():
        return None
    labels = {k: CLASSES[v] for k, v in load_labels().items()}
    recs = records()
    kind = {r["id"]: k for r, k, _ in recs}
    folder = {r["id"]: f for r, _, f in recs}
    with tempfile.TemporaryDirectory(prefix="lineage-meter-") as tmp:
        corpus = Path(tmp) / "meter.jsonl"
        with open(corpus, "w", encoding="utf-8") as f:
            for r, _, _ in recs:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        pred = run_stemma([corpus])

    c = Counter()
    pa_parent, pa_linked, news_parent, same_folder = set(), set(), set(), set()
    for p, ch, rel, cred in pred["edges"]:
        kp, kc = kind.get(p), kind.get(ch)
        c[f"edges_{kp}_{kc}"] += 1
        if kp == "pa" and kc == "news":
            pa_parent.add(ch)
            pa_linked.add(ch)
            if folder[p] == folder[ch]:
                same_folder.add(ch)
            c["pa_parent_edges_same_folder"] += folder[p] == folder[ch]
        elif kp == "news" and kc == "pa":
            pa_linked.add(p)
        elif kp == "news" and kc == "news":
            news_parent.add(ch)
    news = [r["id"] for r, k, _ in recs if k == "news"]
    by_class = {cl: [n for n in news if labels.get(n) == cl] for cl in CLASSES}
    pa_news = c["edges_pa_news"] + c["edges_news_pa"]
    report = {
        "articles": {"pa": sum(1 for k in kind.values() if k == "pa"), "news": len(news)},
        "dates": "folder day only (YYYY-MM-DD) for PA and newspapers alike: no time of day is known",
        "edges": {k.removeprefix("edges_"): v for k, v in sorted(c.items()) if k.startswith("edges_")},
        "linked_to_pa": len(pa_linked),
        "parent_precision": len(pa_parent) / len(pa_linked) if pa_linked else None,
        "edge_direction_pa_first": c["edges_pa_news"] / pa_news if pa_news else None,
        "newspaper_above_pa_edges": c["edges_news_pa"],
        "newspaper_above_pa_share": c["edges_news_pa"] / pa_news if pa_news else None,
        "pa_parent_same_folder": len(same_folder) / len(pa_parent) if pa_parent else None,
        "recall": {cl: (sum(n in pa_parent for n in ids) / len(ids) if ids else None, len(ids))
                   for cl, ids in by_class.items()},
        "derived_recall": None,
        "derived_with_only_newspaper_parent": sum(1 for cl in ("wholly", "partially") for n in by_class[cl]
                                                  if n in news_parent and n not in pa_parent),
        "ingest": pred["ingest"],
    }
    derived = by_class["wholly"] + by_class["partially"]
    report["derived_recall"] = sum(n in pa_parent for n in derived) / len(derived) if derived else None
    return report


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    report = evaluate()
    if report is None:
        print("METER not found (set METER_DIR or STEMMA_DATA_DIR); skipped")
        return
    if args.json:
        json.dump(report, sys.stdout, indent=1)
        print()
        return
    print_report(report)


def print_report(report):
    f = lambda x: "n/a" if x is None else f"{x:.3f}"
    print(f"METER: {report['articles']['pa']} PA texts, {report['articles']['news']} newspaper articles; "
          f"dates: {report['dates']}")
    print(f"  edges: {report['edges']}  (ingest {report['ingest']})")
    print(f"  parent precision (linked to PA -> PA is a parent): {f(report['parent_precision'])} "
          f"of {report['linked_to_pa']} newspaper articles linked to a PA text")
    print(f"  PA-newspaper edges pointing PA -> newspaper: {f(report['edge_direction_pa_first'])}; "
          f"newspaper above PA: {report['newspaper_above_pa_edges']} edges ({f(report['newspaper_above_pa_share'])})")
    print(f"  recall (article gets a PA parent): derived {f(report['derived_recall'])}; " +
          "; ".join(f"{cl} {f(r)} of {n}" for cl, (r, n) in report["recall"].items()))
    print(f"  PA parents from the article's own folder: {f(report['pa_parent_same_folder'])}; derived articles "
          f"whose only parents are newspapers: {report['derived_with_only_newspaper_parent']}")


if __name__ == "__main__":
    main()
