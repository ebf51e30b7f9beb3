#!/usr/bin/python3
"""Table of bench/scale.sh runs: one row per corpus size, growth against the smallest,
and the candidate stage against the MinHash-LSH anchor (speed ratio, recall of true pairs).

    /usr/bin/python3 bench/scale_report.py RUN_DIR [RUN_DIR ...]
"""
import json
import math
import os
import sys


def load(run, name):
    path = os.path.join(run, name)
    return json.load(open(path)) if os.path.exists(path) else None


def pct(xs, p):  # nearest rank
    xs = sorted(xs)
    return xs[max(0, math.ceil(p / 100 * len(xs)) - 1)] if xs else float("nan")


def true_pairs(truth_path):
    """(parent, child) external-id pairs of the ground truth, with the child's kind."""
    out = {}
    with open(truth_path, encoding="utf-8") as f:
        next(f)
        for line in f:
            aid, kind, parents = (line.rstrip("\n").split("\t") + [""])[:3]
            for p in filter(None, parents.split(",")):
                out[(p, aid)] = kind
    return out


def recall(pairs_path, truth):
    found = set()
    with open(pairs_path, encoding="utf-8") as f:
        for line in f:
            a, b = line.rstrip("\n").split("\t")
            found.add((a, b) if a < b else (b, a))  # external ids sort like arrival order
    by_kind = {}
    for (p, c), kind in truth.items():
        hit = (min(p, c), max(p, c)) in found
        k = by_kind.setdefault(kind, [0, 0])
        k[0] += hit
        k[1] += 1
    total = sum(v[0] for v in by_kind.values()), sum(v[1] for v in by_kind.values())
    return total, by_kind, len(found)


def main():
    runs = []
    for run in sys.argv[1:]:
        r = {k: load(run, k + ".json") for k in ("meta", "ingest", "stats", "allpairs", "minhash")}
        r["dir"] = run
        times = [float(x) * 1e3 for x in open(os.path.join(run, "trace_seconds.txt")).read().split()] \
            if os.path.exists(os.path.join(run, "trace_seconds.txt")) else []
        r["trace"] = times
        cpu_path = os.path.join(run, "trace_cpu.txt")
        r["trace_cpu"] = [float(x) * 1e3 for x in open(cpu_path).read().split()] if os.path.exists(cpu_path) else []
        truth = true_pairs(os.path.join(run, "truth.tsv"))
        r["recall_stemma"] = recall(os.path.join(run, "allpairs_pairs.tsv"), truth) if r["allpairs"] else None
        r["recall_minhash"] = recall(os.path.join(run, "minhash_pairs.tsv"), truth) if r["minhash"] else None
        runs.append(r)
    runs.sort(key=lambda r: r["meta"]["articles"])

    print(f"{'articles':>10} {'ingest/s':>9} {'/CPU s':>7} {'store B/art':>12} {'index B/art':>12} {'peak RSS MB':>12} "
          f"{'trace p50 ms':>13} {'p99 ms':>8} {'CPU p50':>8} {'all-pairs s':>12} {'cand. pairs':>12}")
    for r in runs:
        n, ing, st, ap = r["meta"]["articles"], r["ingest"], r["stats"], r["allpairs"]
        arts = max(st["articles"], 1)
        rss = max(ing["max_rss_kb"], ap["max_rss_kb"] if ap else 0) / 1024
        print(f"{n:>10,} {ing['articles'] / ing['seconds']:>9.0f} {ing['articles'] / ing['cpu_seconds']:>7.0f} {(st['file_bytes'] - st['text_bytes']) / arts:>12.0f} "
              f"{st['index_bytes_per_article']:>12.0f} {rss:>12.0f} {pct(r['trace'], 50):>13.1f} {pct(r['trace'], 99):>8.1f} {pct(r['trace_cpu'], 50):>8.1f} "
              f"{ap['candidate_seconds'] if ap else float('nan'):>12.2f} {ap['candidate_pairs'] if ap else 0:>12,}")
    print("(ingest/s: wall clock; /CPU s: articles per CPU second of the ingest (user+sys, both threads), the figure other"
          " load on the machine disturbs least; store B/art: database file beyond the article text; index B/art: posting blocks; peak RSS: the larger of"
          " `stemma ingest` and the all-pairs run; trace: `stemma trace FILE` of new ~1,000-word articles, wall clock per"
          " process, and its CPU time (user+sys); all-pairs s: candidate stage of the whole corpus once sketches exist)")
    if len(runs) > 1:
        base = runs[0]
        print()
        print(f"growth against {base['meta']['articles']:,} articles (1.0 = linear: cost per article unchanged)")
        for r in runs[1:]:
            f = r["meta"]["articles"] / base["meta"]["articles"]
            per = lambda x, y: (x / y) / f if y else float("nan")
            ing = per(r["ingest"]["cpu_seconds"], base["ingest"]["cpu_seconds"])
            cand = per(r["allpairs"]["candidate_seconds"], base["allpairs"]["candidate_seconds"]) if r["allpairs"] and base["allpairs"] else float("nan")
            idx = (r["stats"]["index_bytes_per_article"] / base["stats"]["index_bytes_per_article"])
            print(f"  x{f:<6g} ingest CPU per article x{ing:.2f}, all-pairs time per article x{cand:.2f}, "
                  f"index bytes per article x{idx:.2f}, trace p50 x{pct(r['trace'], 50) / pct(base['trace'], 50):.2f}")
    print()
    print("candidate stage vs the MinHash-LSH anchor (bench/minhash_lsh.py: 5-shingles, 128 perms, 32 bands x 4 rows),"
          " same corpus, same machine")
    for r in runs:
        ap, mh = r["allpairs"], r["minhash"]
        if not (ap and mh):
            continue
        (sf, st_), sk, _ = r["recall_stemma"]
        (mf, mt), mk, _ = r["recall_minhash"]
        s_total = ap["prepare_seconds"] + ap["candidate_seconds"]
        m_total = mh["prepare_seconds"] + mh["candidate_seconds"]
        print(f"  {r['meta']['articles']:,} articles: stemma {s_total:.1f}s ({ap['prepare_seconds']:.1f}s analysis+sketch, "
              f"{ap['candidate_seconds']:.2f}s pairs; {ap['threads']} thread(s)), MinHash-LSH {m_total:.1f}s "
              f"({mh['prepare_seconds']:.1f}s shingles+signatures, {mh['candidate_seconds']:.2f}s bands; numpy, 1 thread): "
              f"anchor time / stemma time x{m_total / s_total:.2f} end to end, x{mh['candidate_seconds'] / max(ap['candidate_seconds'], 1e-9):.2f} pair stage"
              f" (>1: stemma faster)")
        if "cpu_seconds" in ap and "cpu_seconds" in mh:
            print(f"    CPU seconds (user+sys, robust to other load): stemma {ap['cpu_seconds']:.1f}, MinHash-LSH {mh['cpu_seconds']:.1f}:"
                  f" anchor / stemma x{mh['cpu_seconds'] / ap['cpu_seconds']:.2f}")
        print(f"    recall of {st_:,} true reuse pairs: stemma {sf / st_:.3f}, MinHash-LSH {mf / mt:.3f};  "
              f"candidate pairs: stemma {ap['candidate_pairs']:,}, MinHash-LSH {mh['candidate_pairs']:,}")
        print("    by kind (stemma / MinHash-LSH): " + ", ".join(
            f"{k} {sk[k][0] / sk[k][1]:.2f}/{mk[k][0] / mk[k][1]:.2f}" for k in sorted(sk)))


if __name__ == "__main__":
    main()
