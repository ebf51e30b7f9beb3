"""`simulate.py reuse`: a labelled text-alignment corpus in the PAN 2013 layout.

Passages of 1-8 sentences (30-400 words) are cut from real source documents at sentence
boundaries, rewritten by one obfuscation, and planted at sentence boundaries of real host
documents about other stories; some pairs are negatives (a host with nothing planted).
"""

import json
import random
from pathlib import Path

import obfuscate
import texts
from wordnet import WordNet

KINDS = ("none", "random", "spin10", "spin20", "spin40", "spin60", "reorder", "summary")

MIN_PASSAGE_WORDS, MAX_PASSAGE_WORDS = 30, 400
MAX_PASSAGE_SENTENCES = 8
MIN_SOURCE_WORDS, MIN_HOST_WORDS = 60, 60


def add_arguments(parser):
    parser.add_argument("--out", required=True, type=Path, help="output folder (created; files in it are replaced)")
    parser.add_argument("--obfuscation", required=True, choices=KINDS)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pairs", type=int, default=200, help="number of document pairs (default 200)")
    parser.add_argument("--sources", nargs="+", type=Path,
                        help="folders (or files) of source texts, *.txt (default: METER PA raw texts)")
    parser.add_argument("--hosts", nargs="+", type=Path,
                        help="folders (or files) of host texts, *.txt (default: METER newspaper raw texts)")
    parser.add_argument("--negatives", type=float, default=0.25,
                        help="share of pairs with nothing planted (default 0.25)")
    parser.add_argument("--random-rate", type=float, default=0.3,
                        help="random obfuscation: chance that a word starts an edit (default 0.3)")


def main(args):
    summary = build(args.out, args.obfuscation, args.seed, args.pairs, args.sources, args.hosts,
                    negatives=args.negatives, random_rate=args.random_rate)
    print(f"{args.out}: {summary['pairs']} pairs ({summary['negatives']} negative), "
          f"{summary['cases']} planted passages, obfuscation {args.obfuscation}, seed {args.seed}")


def _eligible(doc, sentence):
    """Body sentences only: no all-capitals headline, no "By Jo Butler, PA News" byline."""
    text = doc.text[sentence.begin:sentence.end]
    letters = [c for c in text if c.isalpha()]
    return (texts.word_count(text) >= 4 and not text.startswith("By ")
            and not (letters and sum(c.isupper() for c in letters) > 0.7 * len(letters)))


def _pick_passages(doc, count, rng):
    """Up to `count` non-overlapping runs of eligible sentences, as (first, last+1) indexes."""
    ok = [_eligible(doc, s) for s in doc.sentences]
    chosen = []
    for _ in range(100 * count):
        if len(chosen) == count:
            break
        length = rng.randint(1, MAX_PASSAGE_SENTENCES)
        if length > len(doc.sentences):
            continue
        first = rng.randrange(len(doc.sentences) - length + 1)
        last = first + length
        if not all(ok[first:last]) or any(first < b and a < last for a, b in chosen):
            continue
        words = texts.word_count(doc.text[doc.sentences[first].begin:doc.sentences[last - 1].end])
        if MIN_PASSAGE_WORDS <= words <= MAX_PASSAGE_WORDS:
            chosen.append((first, last))
    return sorted(chosen)


class Obfuscator:
    def __init__(self, kind, wordnet, random_rate):
        self.kind = kind
        self.wordnet = wordnet
        self.spinner = obfuscate.Spinner(wordnet)
        self.random_rate = random_rate

    def __call__(self, doc, first, last, rng):
        """The planted text for sentences [first, last) of doc, and what was done to it."""
        spans = doc.sentences[first:last]
        passage = doc.text[spans[0].begin:spans[-1].end]
        sentences = [doc.text[s.begin:s.end] for s in spans]
        kind = self.kind
        if kind == "none":
            return passage, {}
        if kind.startswith("spin"):
            return self.spinner.spin(passage, int(kind[4:]) / 100, rng)
        if kind == "random":
            vocabulary = texts.words(doc.text)
            return obfuscate.random_obfuscation(passage, rng, self.random_rate, self.spinner, vocabulary)
        if kind == "reorder":
            return obfuscate.reorder(sentences, rng, self.spinner)
        if kind == "summary":
            return obfuscate.summary(sentences, rng, self.wordnet)
        raise ValueError(kind)


def _plant(host, plants, rng):
    """Inserts the texts at distinct sentence boundaries of the host; returns the new text and,
    per plant in input order, its (offset, length) in it."""
    ends = len(host.text.rstrip())
    boundaries = sorted({s.begin for s in host.sentences} | {ends})
    points = sorted(rng.sample(boundaries, min(len(plants), len(boundaries))))
    order = list(range(len(plants)))
    rng.shuffle(order)  # passages do not keep their source order in the host
    out, spans, cursor = [], [None] * len(plants), 0
    for point, which in zip(points, order):
        out.append(host.text[cursor:point])
        cursor = point
        at = sum(len(x) for x in out)
        text = plants[which]
        if point == ends:
            out.append("\n\n")
            at += 2
            out.append(text)
        elif point == 0 or host.text[point - 2:point] == "\n\n":
            out.append(text + "\n\n")
        else:
            out.append(text + " ")
        spans[which] = (at, len(text))
    out.append(host.text[cursor:])
    return "".join(out), spans


def build(out, kind, seed, pairs, sources=None, hosts=None, negatives=0.25, random_rate=0.3, wordnet=None):
    """Writes the corpus to `out`; returns a summary (also written to out/meta.json).

    The choice of documents, passages and planting points depends on the seed only, not on the
    obfuscation, so corpora of different kinds with one seed differ only in how passages were
    rewritten (apart from where the rewritten, shorter or longer, text lands)."""
    out = Path(out)
    source_docs = [d for d in texts.load(sources or texts.default_sources(), MIN_SOURCE_WORDS)
                   if any(_eligible(d, s) for s in d.sentences)]
    host_docs = texts.load(hosts or texts.default_hosts(), MIN_HOST_WORDS)
    if not source_docs or not host_docs:
        raise SystemExit("simulate: no usable source or host documents")
    wordnet = wordnet or WordNet()
    obfuscator = Obfuscator(kind, wordnet, random_rate)
    select = random.Random(f"reuse-select:{seed}")

    for sub in ("src", "susp"):
        (out / sub).mkdir(parents=True, exist_ok=True)
        for old in (out / sub).glob("*.txt"):
            old.unlink()
    negative_pairs = set(select.sample(range(pairs), round(negatives * pairs)))
    host_queue = []
    source_names = {}
    lines, truth = [], []
    for i in range(pairs):
        plants = []
        while True:
            source = select.choice(source_docs)
            if i in negative_pairs:
                break
            plants = _pick_passages(source, select.randint(1, 3), select)
            if plants:
                break
        # Hosts are used round-robin in a shuffled order, skipping any of the source's story.
        for _ in range(2 * len(host_docs) + 1):
            if not host_queue:
                host_queue = select.sample(host_docs, len(host_docs))
            host = host_queue.pop()
            if host.story != source.story:
                break
        else:
            raise SystemExit("simulate: every host shares the source's story")
        obfuscate_rng = random.Random(f"reuse-obfuscate:{seed}:{kind}:{i}")
        rewritten = [obfuscator(source, a, b, obfuscate_rng) for a, b in plants]
        susp_text, spans = _plant(host, [t for t, _ in rewritten], select)

        if source.origin not in source_names:
            source_names[source.origin] = f"source-document{len(source_names) + 1:05d}.txt"
            (out / "src" / source_names[source.origin]).write_text(source.text, encoding="utf-8")
        src_rel = f"src/{source_names[source.origin]}"
        susp_rel = f"susp/suspicious-document{i + 1:05d}.txt"
        (out / susp_rel).write_text(susp_text, encoding="utf-8")
        cases = []
        for (a, b), (text, details), (offset, length) in zip(plants, rewritten, spans):
            assert susp_text[offset:offset + length] == text
            src_begin, src_end = source.sentences[a].begin, source.sentences[b - 1].end
            cases.append({"susp_offset": offset, "susp_length": length,
                          "src_offset": src_begin, "src_length": src_end - src_begin,
                          "obfuscation": kind, "details": details})
        cases.sort(key=lambda c: c["susp_offset"])
        lines.append(f"{(out / src_rel).resolve()}\t{(out / susp_rel).resolve()}\n")
        truth.append({"pair": i + 1, "src": src_rel, "susp": susp_rel, "src_origin": source.origin,
                      "host_origin": host.origin, "cases": cases})

    (out / "pairs.tsv").write_text("".join(lines), encoding="utf-8")
    with open(out / "truth.jsonl", "w", encoding="utf-8") as f:
        for entry in truth:
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")
    summary = {"generator": "tools/simulate/simulate.py reuse", "obfuscation": kind, "seed": seed,
               "pairs": pairs, "negatives": len(negative_pairs), "cases": sum(len(t["cases"]) for t in truth),
               "sources": len(source_names), "random_rate": random_rate,
               "source_roots": [str(p) for p in (sources or texts.default_sources())],
               "host_roots": [str(p) for p in (hosts or texts.default_hosts())]}
    (out / "meta.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summary
