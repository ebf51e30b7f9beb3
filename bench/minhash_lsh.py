#!/usr/bin/python3
"""MinHash-LSH near-duplicate candidates: the anchor of bench/scale.sh (Debian's numpy only).

    /usr/bin/python3 bench/minhash_lsh.py CORPUS.jsonl --pairs OUT.tsv [--perms 128] [--bands 32] [--shingle 5]

The textbook pipeline (Broder 1997; Indyk & Motwani 1998, as in Leskovec et al., Mining of
Massive Datasets, ch. 3): lower-cased word 5-shingles, a MinHash signature of --perms
multiply-shift hashes, --bands bands of perms/bands rows; two documents are candidates when
they agree on every row of some band. Prints one JSON object with phase seconds and counts;
--pairs writes "earlier_id<TAB>later_id" (external ids) for every candidate pair.
"""
import argparse
import json
import re
import sys
import time

import numpy as np

WORD = re.compile(r"\w+")
MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--pairs", required=True)
    ap.add_argument("--perms", type=int, default=128)
    ap.add_argument("--bands", type=int, default=32)
    ap.add_argument("--shingle", type=int, default=5)
    ap.add_argument("--chunk", type=int, default=32, help="documents per vectorised MinHash step (bounds memory: ~25 MB)")
    args = ap.parse_args()
    if args.perms % args.bands:
        sys.exit("minhash_lsh.py: --perms must be a multiple of --bands")
    rows = args.perms // args.bands
    rng = np.random.default_rng(12345)
    # Odd multipliers and offsets of the multiply-shift family h(x) = (a*x + b) >> 32.
    mult = (rng.integers(0, 2**63, size=args.perms, dtype=np.uint64) << np.uint64(1)) | np.uint64(1)
    add = rng.integers(0, 2**63, size=args.perms, dtype=np.uint64)
    k = args.shingle
    t0 = time.perf_counter()
    ids, vocab, sigs = [], {}, []
    pending, bounds = [], [0]

    def flush():
        if not pending:
            return
        sh = np.concatenate(pending)
        starts = np.array(bounds[:-1], dtype=np.int64)
        with np.errstate(over="ignore"):
            h = (sh[:, None] * mult[None, :] + add[None, :]) >> np.uint64(32)
        sigs.append(np.minimum.reduceat(h, starts, axis=0).astype(np.uint32))
        pending.clear()
        del bounds[1:]
        bounds[0] = 0

    seeds = np.array([0x9E3779B97F4A7C15 * (i + 1) & 0xFFFFFFFFFFFFFFFF for i in range(k)], dtype=np.uint64)
    with open(args.corpus, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            words = WORD.findall(rec.get("text", "").lower())
            w = np.fromiter((vocab.setdefault(x, len(vocab) + 1) for x in words), dtype=np.uint64, count=len(words))
            if len(w) < k:
                w = np.concatenate([w, np.zeros(k - len(w), dtype=np.uint64)])
            with np.errstate(over="ignore"):
                sh = np.zeros(len(w) - k + 1, dtype=np.uint64)
                for j in range(k):  # polynomial hash of the k word ids
                    sh = sh * np.uint64(0x100000001B3) + w[j:len(w) - k + 1 + j] * seeds[j]
            pending.append(np.unique(sh))
            bounds.append(bounds[-1] + len(pending[-1]))
            ids.append(rec.get("id", str(len(ids) + 1)))
            if len(pending) >= args.chunk:
                flush()
    flush()
    sig = np.concatenate(sigs) if sigs else np.zeros((0, args.perms), dtype=np.uint32)
    t1 = time.perf_counter()
    n = len(ids)
    codes = []
    for b in range(args.bands):
        band = sig[:, b * rows:(b + 1) * rows].astype(np.uint64)
        key = np.zeros(n, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for r in range(rows):
                key = key * np.uint64(0x9E3779B97F4A7C15) + band[:, r] + np.uint64(r + 1)
        order = np.argsort(key, kind="stable")
        sk = key[order]
        starts = np.flatnonzero(np.r_[True, sk[1:] != sk[:-1]])
        ends = np.r_[starts[1:], n]
        for s, e in zip(starts[ends - starts > 1], ends[ends - starts > 1]):
            docs = np.sort(order[s:e]).astype(np.int64)
            a, c = np.triu_indices(len(docs), 1)
            codes.append(docs[a] * n + docs[c])
    pairs = np.unique(np.concatenate(codes)) if codes else np.zeros(0, dtype=np.int64)
    t2 = time.perf_counter()
    with open(args.pairs, "w", encoding="utf-8") as out:
        for code in pairs.tolist():
            out.write(f"{ids[code // n]}\t{ids[code % n]}\n")
    print(json.dumps({"articles": n, "perms": args.perms, "bands": args.bands, "shingle": k, "candidate_pairs": int(len(pairs)),
                      "prepare_seconds": t1 - t0, "candidate_seconds": t2 - t1}))


if __name__ == "__main__":
    main()
