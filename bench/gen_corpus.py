#!/usr/bin/python3
"""Synthetic news corpus for stemma's end-to-end benchmark (standard library only).

    /usr/bin/python3 bench/gen_corpus.py N --out DIR [--seed S] [--queries Q]

Writes
  DIR/corpus.jsonl          N articles, one JSON object a line: id, url, title, outlet, published, text
  DIR/queries/qNNN.txt      Q query articles of ~1,000 words, plain text with front-matter
  DIR/queries/manifest.tsv  file, kind, ids of the stored articles a query copies
  DIR/truth.tsv             id, kind, ids of the article(s) it derives from (ground truth)
  DIR/corpus.meta.json      counts (articles by kind, words, bytes) and the parameters

Text: sentences of 10-30 words drawn from common English function words and a Zipf-
distributed vocabulary of 4,000 invented words, with names, numbers, commas, dashes,
possessives and quotations; paragraphs of 1-4 sentences; half the outlets use
typographic quotes and apostrophes. Lengths are lognormal around 600 words, clipped to
150-2500.

Reuse: about --reuse (default 0.25) of the articles derive from a recent earlier one
(chains allowed, so stories grow into trees): verbatim syndication, partial quotation
(credited or not), rewrites with 10-25% of words substituted, and aggregations of two
sources; with --spin W (bench/scale.sh), also heavy spins (30-45% of words substituted,
one paragraph dropped or moved) with weight W against the four kinds' 1.0. The rest are
unrelated originals. Output is deterministic for a given --seed (and --spin 0, the
default, writes the same corpus as before the option existed).
"""

import argparse
import bisect
import datetime as dt
import itertools
import json
import math
import os
import random
import sys

FUNCTION_WORDS = (
    "the of and to a in that is was for on with as by at it from his her their he she they has have had be been "
    "were are will would could not but or an this said which who after over more than its about into also when "
    "there one two new last year people government told officials week percent some all other most before under "
    "since while during against between according expected on monday tuesday city state report minister company "
    "police first three million"
).split()

FUNCTION_SET = frozenset(FUNCTION_WORDS)

ONSETS = "b br c ch d dr f fl g gr h j k l m n p pr qu r s sh sl st t tr v w z th".split()
VOWELS = "a e i o u ai ea ou io ee y".split()
CODAS = ["", "", "", "n", "r", "s", "l", "t", "nd", "st", "m", "ck", "rn", "x"]


def zipf_cum(n, s, q):
    cum, total = [], 0.0
    for r in range(n):
        total += 1.0 / (r + q) ** s
        cum.append(total)
    return cum


class Language:
    def __init__(self, seed):
        rng = random.Random(seed)
        seen = set(FUNCTION_WORDS)
        words = []
        while len(words) < 4000:
            syl = 1 + rng.randrange(3) + (1 if rng.random() < 0.25 else 0)
            w = ""
            for s in range(syl):
                w += rng.choice(ONSETS) + rng.choice(VOWELS)
                if s + 1 == syl or rng.random() < 0.3:
                    w += rng.choice(CODAS)
            if w not in seen:
                seen.add(w)
                words.append(w)
        self.words = words
        self.word_cum = zipf_cum(len(words), 1.05, 2.7)
        self.func_cum = zipf_cum(len(FUNCTION_WORDS), 0.9, 1.5)

    def content(self, rng, k):
        return rng.choices(self.words, cum_weights=self.word_cum, k=k)

    def function(self, rng, k):
        return rng.choices(FUNCTION_WORDS, cum_weights=self.func_cum, k=k)

    def name(self, rng):
        return " ".join(w.capitalize() for w in self.content(rng, 2))

    def sentences(self, rng, n_words, typographic):
        """A list of sentences totalling about n_words words."""
        fw = self.function(rng, n_words)
        cw = self.content(rng, n_words)
        words = [f if rng.random() < 0.45 else c for f, c in zip(fw, cw)]
        # Sparse decorations at random positions rather than a coin flip per word.
        for i in rng.sample(range(n_words), k=n_words // 12):  # proper names
            words[i] = words[i].capitalize()
        for i in rng.sample(range(n_words), k=n_words // 25):  # numbers
            words[i] = str(rng.randint(2, 2000))
        apos = "\u2019" if typographic else "'"
        for i in rng.sample(range(n_words), k=n_words // 40):  # possessives, of content words only
            if words[i] not in FUNCTION_SET:
                words[i] += apos + "s"
        for i in rng.sample(range(n_words), k=n_words // 16):  # commas
            words[i] += ","
        dash = " \u2014" if typographic else " -"
        for i in rng.sample(range(n_words), k=n_words // 90):
            words[i] += dash
        out = []
        i = 0
        lq, rq = ("\u201c", "\u201d") if typographic else ('"', '"')
        while i < n_words:
            n = rng.randint(10, 30)
            chunk = words[i:i + n]
            i += n
            if not chunk:
                break
            chunk[0] = chunk[0].capitalize()
            last = chunk[-1].rstrip(",").removesuffix(dash)
            if rng.random() < 0.12:
                chunk[-1] = last
                out.append(f"{lq}{' '.join(chunk)},{rq} said {self.name(rng)}.")
            else:
                chunk[-1] = last + ("?" if rng.random() < 0.03 else ".")
                out.append(" ".join(chunk))
        return out

    def paragraphs(self, rng, n_words, typographic):
        sents = self.sentences(rng, n_words, typographic)
        paras, i = [], 0
        while i < len(sents):
            k = rng.randint(1, 4)
            paras.append(" ".join(sents[i:i + k]))
            i += k
        return paras

    def title(self, rng):
        n = rng.randint(4, 10)
        ws = [f if rng.random() < 0.35 else c for f, c in zip(self.function(rng, n), self.content(rng, n))]
        return " ".join(w.capitalize() if j == 0 or rng.random() < 0.5 else w for j, w in enumerate(ws))


def words_of(paras):
    return sum(p.count(" ") + 1 for p in paras)


def article_length(rng):
    return int(min(2500, max(150, rng.lognormvariate(math.log(600), 0.5))))


def make_outlets(lang, rng, n=150):
    outlets = []
    suffixes = ["Courier", "Herald", "Times", "Post", "Gazette", "Daily", "Chronicle", "Observer", "Tribune", "Wire",
                "Journal", "Ledger", "News", "Register", "Sentinel"]
    used = set()
    while len(outlets) < n:
        base = lang.content(rng, 1)[0]
        suffix = rng.choice(suffixes)
        name = f"The {base.capitalize()} {suffix}"
        if name in used:
            continue
        used.add(name)
        domain = f"{base}{suffix.lower()}.example"
        outlets.append({"name": name, "domain": domain, "typographic": rng.random() < 0.5})
    return outlets


def substitute(lang, rng, paras, share):
    """Rewrites: about `share` of the words replaced by other vocabulary words."""
    out = []
    for p in paras:
        ws = p.split(" ")
        repl = lang.content(rng, len(ws))
        for i in range(len(ws)):
            if rng.random() < share:
                w = ws[i]
                j = 0
                while j < len(w) and w[j].isalpha():
                    j += 1
                if j > 0:  # keep trailing punctuation
                    ws[i] = repl[i] + w[j:]
        out.append(" ".join(ws))
    return out


def excerpt(rng, paras, lo_share, hi_share):
    """A contiguous run of paragraphs covering lo..hi of the source."""
    if len(paras) <= 1:
        return list(paras)
    k = max(1, round(len(paras) * rng.uniform(lo_share, hi_share)))
    start = rng.randrange(0, len(paras) - k + 1)
    return paras[start:start + k]


def credit_line(rng, outlet):
    return rng.choice([
        f"The details were first reported by {outlet['name']}.",
        f"According to {outlet['name']}, the figures were confirmed on Monday.",
        f"{outlet['name']} reported the story earlier ({outlet['domain']}).",
    ])


def quote_block(paras, typographic):
    lq, rq = ("\u201c", "\u201d") if typographic else ('"', '"')
    return [f"{lq}{p}{rq}" for p in paras]


def derive(lang, rng, kind, src, src2, outlet, own_words):
    """Paragraphs of a derived article."""
    typo = outlet["typographic"]
    if kind == "syndicated":
        paras = list(src["paras"])
        if rng.random() < 0.5:
            paras.append(f"This story was first published by {src['outlet']['name']}.")
        return paras
    if kind == "spin":
        paras = substitute(lang, rng, src["paras"], rng.uniform(0.30, 0.45))
        if len(paras) > 2:
            moved = paras.pop(rng.randrange(len(paras)))
            if rng.random() < 0.5:
                paras.insert(rng.randrange(len(paras) + 1), moved)
        return paras
    if kind == "rewrite":
        paras = substitute(lang, rng, src["paras"], rng.uniform(0.10, 0.25))
        if len(paras) > 3 and rng.random() < 0.5:
            del paras[rng.randrange(len(paras))]
        return paras
    if kind == "quote":
        own = lang.paragraphs(rng, max(100, int(own_words * 0.7)), typo)
        borrowed = excerpt(rng, src["paras"], 0.15, 0.4)
        if rng.random() < 0.5:
            borrowed = quote_block(borrowed, typo)
        if rng.random() < 0.6:
            borrowed = [credit_line(rng, src["outlet"])] + borrowed
        at = rng.randrange(0, len(own) + 1)
        return own[:at] + borrowed + own[at:]
    # aggregation: pieces of two sources with some own text
    own = lang.paragraphs(rng, max(80, int(own_words * 0.4)), typo)
    a = excerpt(rng, src["paras"], 0.3, 0.6)
    b = excerpt(rng, src2["paras"], 0.3, 0.6)
    return own[:1] + a + own[1:2] + b + own[2:]


DERIVED_KINDS = ("syndicated", "quote", "rewrite", "aggregation")
DERIVED_WEIGHTS = (0.25, 0.35, 0.25, 0.15)


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int, help="number of corpus articles")
    ap.add_argument("--out", required=True, help="output folder (created)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--queries", type=int, default=50, help="query articles to write (half copy stored ones)")
    ap.add_argument("--query-words", type=int, default=1000)
    ap.add_argument("--reuse", type=float, default=0.25, help="share of articles derived from an earlier one")
    ap.add_argument("--spin", type=float, default=0.0, help="weight of heavy spins among derived kinds (others sum to 1)")
    args = ap.parse_args()
    if args.n < 1:
        sys.exit("gen_corpus.py: N must be at least 1")

    rng = random.Random(args.seed)
    lang = Language(1000 + args.seed)
    outlets = make_outlets(lang, rng)
    os.makedirs(os.path.join(args.out, "queries"), exist_ok=True)

    # Articles that query files will copy: chosen up front, kept when generated.
    n_copy_queries = args.queries // 2
    query_sources = set(rng.sample(range(args.n), k=min(args.n, n_copy_queries)))
    kept_for_queries = {}

    start = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
    gap = max(1, int(365 * 86400 / args.n))  # spread over a year
    t = start
    recent = []  # the last few thousand articles: possible sources
    window = 3000
    kinds, weights = DERIVED_KINDS, DERIVED_WEIGHTS
    if args.spin > 0:
        kinds, weights = kinds + ("spin",), weights + (args.spin,)
    counts = {"original": 0, **{k: 0 for k in kinds}}
    total_words = total_bytes = 0
    path = os.path.join(args.out, "corpus.jsonl")
    truth = open(os.path.join(args.out, "truth.tsv"), "w", encoding="utf-8")
    truth.write("id\tkind\tsources\n")
    with open(path, "w", encoding="utf-8") as f, truth:
        for i in range(args.n):
            t += dt.timedelta(seconds=rng.randint(gap // 2, gap + gap // 2))
            outlet = outlets[min(len(outlets) - 1, int(rng.paretovariate(1.2)) - 1)] if rng.random() < 0.5 else rng.choice(outlets)
            own_words = article_length(rng)
            if recent and rng.random() < args.reuse:
                kind = rng.choices(kinds, weights=weights)[0]
                def pick():  # recent articles are likelier sources (a story runs for a while)
                    back = int(rng.expovariate(1 / 300))
                    return recent[len(recent) - 1 - (back if back < len(recent) else rng.randrange(len(recent)))]

                src = pick()
                src2 = pick()
                if kind == "aggregation" and src2 is src:
                    kind = "quote"
                paras = derive(lang, rng, kind, src, src2, outlet, own_words)
                parents = [src["id"], src2["id"]] if kind == "aggregation" else [src["id"]]
                title = src["title"] if kind == "syndicated" and rng.random() < 0.5 else lang.title(rng)
            else:
                kind = "original"
                parents = []
                paras = lang.paragraphs(rng, own_words, outlet["typographic"])
                title = lang.title(rng)
            counts[kind] += 1
            aid = f"a{i + 1:07d}"
            url = f"https://{outlet['domain']}/{t.year}/{t.month:02d}/{aid}"
            text = "\n\n".join(paras)
            truth.write(f"{aid}\t{kind}\t{','.join(parents)}\n")
            total_words += words_of(paras)
            total_bytes += len(text.encode("utf-8"))
            f.write(json.dumps({"id": aid, "url": url, "title": title, "outlet": outlet["name"], "published": iso(t), "text": text},
                               ensure_ascii=False))
            f.write("\n")
            rec = {"id": aid, "paras": paras, "outlet": outlet, "title": title}
            recent.append(rec)
            if len(recent) > 2 * window:
                del recent[:window]
            if i in query_sources:
                kept_for_queries[i] = rec

    # Query articles: ~query_words words each; half reuse a stored article.
    qdir = os.path.join(args.out, "queries")
    manifest = ["file\tkind\tsources"]
    qrng = random.Random(args.seed * 7919 + 1)
    sources = [kept_for_queries[i] for i in sorted(kept_for_queries)]
    qrng.shuffle(sources)
    for q in range(args.queries):
        outlet = qrng.choice(outlets)
        typo = outlet["typographic"]
        target = int(qrng.uniform(0.85, 1.15) * args.query_words)
        if q < len(sources):
            src = sources[q]
            kind = ("syndicated", "quote", "rewrite")[q % 3]
            if kind == "syndicated":
                paras = list(src["paras"])
            elif kind == "rewrite":
                paras = substitute(lang, qrng, src["paras"], 0.15)
            else:
                paras = excerpt(qrng, src["paras"], 0.3, 0.5)
                if words_of(paras) < 80:  # short source: quote it whole, above the 28-word detection guarantee
                    paras = list(src["paras"])
                paras = [credit_line(qrng, src["outlet"])] + quote_block(paras, typo)
            missing = target - words_of(paras)
            if missing > 40:  # fill up with own reporting to about query_words
                own = lang.paragraphs(qrng, missing, typo)
                paras = own[:len(own) // 2] + paras + own[len(own) // 2:]
            src_ids = src["id"]
        else:
            kind = "novel"
            paras = lang.paragraphs(qrng, target, typo)
            src_ids = ""
        name = f"q{q + 1:03d}.txt"
        with open(os.path.join(qdir, name), "w", encoding="utf-8") as f:
            f.write("---\n")
            f.write(f"url: https://{outlet['domain']}/2026/01/query-{q + 1:03d}\n")
            f.write(f"outlet: {outlet['name']}\n")
            f.write("published: 2026-01-01T00:00:00Z\n")
            f.write("---\n")
            f.write(lang.title(qrng) + "\n\n")
            f.write("\n\n".join(paras) + "\n")
        manifest.append(f"{name}\t{kind}\t{src_ids}")
    with open(os.path.join(qdir, "manifest.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(manifest) + "\n")

    meta = {"articles": args.n, "seed": args.seed, "reuse": args.reuse, "kinds": counts, "words": total_words,
            "text_bytes": total_bytes, "mean_words": total_words / args.n, "queries": args.queries,
            "jsonl_bytes": os.path.getsize(path)}
    with open(os.path.join(args.out, "corpus.meta.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    print(json.dumps(meta))


if __name__ == "__main__":
    main()
