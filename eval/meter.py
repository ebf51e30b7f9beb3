#!/usr/bin/python3
"""METER corpus: stemma's reuse detection against journalists' reuse of Press Association copy.

Each of the 945 newspaper articles is aligned (as b) with every PA text (as a) of its
domain/date/catchline folder, the only provenance the corpus records.

Document level: features from those alignments, a classifier chosen a priori (below), 10-fold
stratified cross-validation with a fixed seed; macro-F1 and per class for wholly / partially /
non-derived. Published anchor: Clough et al. 2002, macro-F1 0.664.

Span level: the 445 newspaper SGMLs marked up with <Verbatim>, <Rewrite> and <New> are mapped onto
the raw text files; stemma's detected reuse (the union of b-side passages over the folder's PA
texts) is scored per character against Verbatim+Rewrite. Only non-whitespace characters count:
the SGML re-flows whitespace and the tags sit between words, so a space at a boundary has no
well-defined label.

Dev/test halves (reuse_common.meter_half: a hash of the story folder): every figure is printed for the
test half (the reported result), the dev half (the only one tuning may look at) and all articles (for
continuity with earlier figures). The document-level CV runs within each of them separately.

Usage: eval/meter.py [--analysis]      (METER_DIR overrides the corpus folder)
  --analysis prints the error analysis of the dev half only.
"""
import argparse
import difflib
import os
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reuse_common import SHARED_DATA, meter_half, print_per_class, read_text, rewrite_score, run_align  # noqa: E402

METER = Path(os.environ.get("METER_DIR", SHARED_DATA / "meter"))
MIN_MAPPED = 0.95  # an SGML whose characters match less of its raw file annotates another article
CLASSES = ["wholly", "partially", "non"]
SEED = 20020707  # fixed: folds and forest are the same on every run


# ---------------------------------------------------------------- corpus

def load_labels():
    """newspaper raw-text path (relative to METER) -> class index, from file_index/."""
    labels = {}
    for domain_dir in sorted((METER / "file_index").iterdir()):
        for c, name in enumerate(CLASSES):
            index = domain_dir / f"{name}_derived.txt"
            if not index.exists():
                continue
            for line in index.read_text(encoding="utf-8", errors="replace").split():
                labels[line.strip().removeprefix("meter_corpus/")] = c
    return labels


def pa_sources(news_rel):
    """The PA texts of the newspaper article's domain/date/catchline folder."""
    folder = Path(news_rel).parent.relative_to("newspapers/rawtexts")
    return sorted(str(p.relative_to(METER)) for p in (METER / "PA" / "rawtexts" / folder).glob("*.txt"))


# ---------------------------------------------------------------- alignment features

def union_length(spans):
    total, end = 0, -1
    for b, e in sorted(spans):
        if e <= end:
            continue
        total += e - max(b, end)
        end = e
    return total


def is_verbatim(passage):
    kind = passage.get("kind", "")
    return kind == "verbatim" or kind == "near_verbatim"


FEATURES = ["max_coverage_b", "union_coverage_b", "verbatim_union_b", "max_coverage_a", "best_similarity",
            "best_rewrite", "passages", "longest_passage_words", "mean_passage_words", "log_words_b",
            "pa_texts"]


def document_features(text_b, alignments):
    """Features of one newspaper article from its alignments with every PA text of its folder."""
    n = max(len(text_b), 1)
    spans = [(p["b"]["begin"], p["b"]["end"]) for al in alignments for p in al["passages"]]
    verbatim_spans = [(p["b"]["begin"], p["b"]["end"]) for al in alignments for p in al["passages"] if is_verbatim(p)]
    passage_words = [p["b_words"] for al in alignments for p in al["passages"]]
    best = max(alignments, key=lambda al: al["coverage_b"]) if alignments else None
    return [
        max((al["coverage_b"] for al in alignments), default=0.0),
        union_length(spans) / n,
        union_length(verbatim_spans) / n,
        max((al["coverage_a"] for al in alignments), default=0.0),
        max((al["similarity"] for al in alignments), default=0.0),
        rewrite_score(best) if best and best["passages"] else 1.0,
        len(passage_words),
        max(passage_words, default=0),
        float(np.mean(passage_words)) if passage_words else 0.0,
        float(np.log1p(alignments[0]["words_b"])) if alignments else 0.0,
        len(alignments),
    ]


def containment_features(text_b, texts_a, sizes=(1, 2, 3, 4, 5)):
    """Share of the article's word n-grams found in any of the PA texts, for each n."""
    words_a = [[w.lower() for w in WORD.findall(t)] for t in texts_a]
    words_b = [w.lower() for w in WORD.findall(text_b)]
    out = []
    for n in sizes:
        grams_a = {tuple(w[i:i + n]) for w in words_a for i in range(len(w) - n + 1)}
        grams_b = [tuple(words_b[i:i + n]) for i in range(len(words_b) - n + 1)]
        out.append(sum(g in grams_a for g in grams_b) / max(len(grams_b), 1))
    return out


def check_offsets(alignment, text_a, text_b):
    """True if the passage snippets are the slices of our decoded texts (offsets line up)."""
    for p in alignment["passages"]:
        for side, text in (("a", text_a), ("b", text_b)):
            snippet = p[side]["text"].removesuffix("…")
            if not text[p[side]["begin"]:p[side]["end"]].startswith(snippet):
                return False
    return True


# ---------------------------------------------------------------- document level

def classify(X, y):
    """10-fold stratified CV predictions of a classifier fixed a priori.

    A random forest: the features are few, on different scales and interact (a long verbatim
    passage matters more in a short article); class_weight balances the 301/438/206 classes.
    Hyper-parameters are common defaults, set before any result was seen, never tuned on folds.
    """
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.model_selection import StratifiedKFold
    folds = StratifiedKFold(n_splits=10, shuffle=True, random_state=SEED)
    pred = np.empty_like(y)
    for train, test in folds.split(X, y):
        model = RandomForestClassifier(n_estimators=300, min_samples_leaf=3, class_weight="balanced",
                                       random_state=SEED, n_jobs=2)
        model.fit(X[train], y[train])
        pred[test] = model.predict(X[test])
    return pred


def document_analysis(news, y, X, by_news):
    """Per class: how much text the aligner matches, how much of it is quoted, and its passage kinds."""
    print("\n  per class: union coverage of b (quartiles), matched words inside quotation marks, passage kinds by words")
    union = FEATURES.index("union_coverage_b")
    for c, name in enumerate(CLASSES):
        words, quoted, kinds = 0, 0.0, Counter()
        for n in (n for n, label in zip(news, y) if label == c):
            for al in by_news[str(METER / n)]:
                for p in al["passages"]:
                    words += p["b_words"]
                    quoted += p["b_quoted"] * p["b_words"]
                    kinds[p["kind"]] += p["b_words"]
        q = np.percentile(X[y == c, union], [25, 50, 75])
        mix = ", ".join(f"{k} {v / max(words, 1):.2f}" for k, v in kinds.most_common())
        print(f"  {name:<10} union coverage {q[0]:.2f}/{q[1]:.2f}/{q[2]:.2f}; {words} matched words, "
              f"quoted {quoted / max(words, 1):.3f}; {mix}")


# ---------------------------------------------------------------- span level

TAG = re.compile(r"<(/?)(Verbatim|Rewrite|New)\b[^>]*>")
LABEL_CODE = {"Verbatim": "V", "Rewrite": "R", "New": "N"}


def sgml_labels(sgml_text):
    """Non-whitespace characters of the marked-up body and the label of each (V, R or N)."""
    body = sgml_text[sgml_text.index("<body>") + len("<body>"):sgml_text.index("</body>")]
    chars, labels, stack, pos = [], [], [], 0

    def emit(text):
        for ch in text:
            if not ch.isspace():
                chars.append(ch)
                labels.append(stack[-1] if stack else "N")  # text outside any tag: not reused

    for m in TAG.finditer(body):
        emit(body[pos:m.start()])
        if m.group(1):
            stack.pop()
        else:
            stack.append(LABEL_CODE[m.group(2)])
        pos = m.end()
    emit(body[pos:])
    return "".join(chars), labels


def map_labels(sgml_text, raw_text):
    """Label per raw-text character offset (None where unmapped); and whether it mapped exactly.

    The SGML body and the raw file hold the same words with different line breaks, so the
    non-whitespace character sequences are compared; when they differ, difflib's matching blocks
    carry the labels over and the rest stays unlabelled.
    """
    s_chars, s_labels = sgml_labels(sgml_text)
    raw_pos = [i for i, ch in enumerate(raw_text) if not ch.isspace()]
    r_chars = "".join(raw_text[i] for i in raw_pos)
    out = [None] * len(raw_text)
    if s_chars == r_chars:
        for i, lab in zip(raw_pos, s_labels):
            out[i] = lab
        return out, True, 1.0
    matcher = difflib.SequenceMatcher(None, s_chars, r_chars, autojunk=False)
    matched = 0
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            out[raw_pos[b + k]] = s_labels[a + k]
        matched += size
    return out, False, matched / max(len(r_chars), 1)


def stretches(labels):
    """Maximal runs of one label over the labelled characters: (label, first, last offset)."""
    runs, start, prev = [], None, None
    for i, lab in enumerate(labels):
        if lab is None:
            continue
        if prev is None or lab != labels[prev]:
            if prev is not None:
                runs.append((labels[prev], start, prev))
            start = i
        prev = i
    if prev is not None:
        runs.append((labels[prev], start, prev))
    return runs


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--analysis", action="store_true", help="also print where the aligner misses and over-reaches")
    ap.add_argument("--span-only", action="store_true", help="skip the document level (faster)")
    ap.add_argument("--dev-only", action="store_true", help="print the dev half's figures only (for tuning)")
    args = ap.parse_args()

    labels = load_labels()
    news = sorted(labels)
    missing = [n for n in news if not (METER / n).is_file()]
    if missing:
        sys.exit(f"error: {len(missing)} labelled newspaper files missing under {METER}, e.g. {missing[0]}")
    sources = {n: pa_sources(n) for n in news}
    pairs = [(str(METER / a), str(METER / n)) for n in news for a in sources[n]]
    results = run_align(pairs)
    by_news = defaultdict(list)
    for (a, b), r in zip(pairs, results):
        by_news[b].append(r)

    texts = {n: read_text(METER / n) for n in news}
    # Offsets must index our decoded text: check every passage snippet against our slices.
    bad = sum(not check_offsets(r, read_text(a), texts[str(Path(b).relative_to(METER))])
              for (a, b), r in zip(pairs, results) if r["passages"])
    n_passages = sum(len(r["passages"]) for r in results)
    print(f"METER: {len(news)} newspaper articles, {len(pairs)} (PA, newspaper) pairs, {n_passages} passages; "
          f"pairs whose passage offsets do not match the decoded text: {bad}")
    if not any(sources.values()):
        sys.exit("error: no PA texts found")
    no_pa = sum(1 for n in news if not sources[n])
    if no_pa:
        print(f"  {no_pa} articles have no PA text in their folder (features all zero)")

    # -- document level
    if not args.span_only:
        X = np.array([document_features(texts[n], by_news[str(METER / n)]) for n in news], dtype=float)
        y = np.array([labels[n] for n in news])
        halves = np.array([meter_half(n) for n in news])
        from sklearn.metrics import f1_score
        X_ngram = np.array([containment_features(texts[n], [read_text(METER / a) for a in sources[n]]) for n in news])
        print("\nMETER document level: wholly / partially / non-derived, 10-fold stratified CV within each half "
              f"(random forest fixed a priori, seed {SEED}); anchor Clough et al. 2002 macro-F1 0.664, target >= 0.75")
        for half in ("dev",) if args.dev_only else ("test", "dev", "all"):
            sel = np.ones(len(news), dtype=bool) if half == "all" else halves == half
            pred = classify(X[sel], y[sel])
            print(f"\n  [{half}] {int(sel.sum())} articles")
            print_per_class(CLASSES, y[sel], pred)
            # An in-house anchor without stemma, in the spirit of Clough et al.: word n-gram containment of
            # the article in its folder's PA texts, same classifier and folds.
            print(f"  reference without stemma: word 1..5-gram containment, same classifier and folds: macro-F1 "
                  f"{f1_score(y[sel], classify(X_ngram[sel], y[sel]), average='macro'):.3f}")
        if args.analysis:
            dev = halves == "dev"
            document_analysis([n for n, d in zip(news, dev) if d], y[dev], X[dev], by_news)

    # -- span level
    totals = {half: Counter() for half in ("dev", "test", "all")}
    files = clean = 0
    unmapped = []  # SGMLs that do not describe their raw file (e.g. body311_sun.sgml holds body312_sun)
    worst_kept = 1.0
    analysis = SpanAnalysis() if args.analysis else None
    for n in news:
        sgml_path = METER / n.replace("/rawtexts/", "/annotated/").removesuffix(".txt")
        sgml_path = sgml_path.with_suffix(".sgml")
        if not sgml_path.is_file():
            continue
        sgml = read_text(sgml_path)
        if not TAG.search(sgml):
            continue  # a single <unclassified> block: no span labels
        raw = texts[n]
        char_labels, exact, matched = map_labels(sgml, raw)
        if matched < MIN_MAPPED:
            unmapped.append(f"{sgml_path.name} ({matched:.2f} of characters matched)")
            continue
        files += 1
        clean += exact
        worst_kept = min(worst_kept, matched)
        half = meter_half(n)
        totals[half]["files"] += 1
        totals["all"]["files"] += 1
        detected = np.zeros(len(raw), dtype=bool)
        for r in by_news[str(METER / n)]:
            for p in r["passages"]:
                detected[p["b"]["begin"]:p["b"]["end"]] = True
        for i, lab in enumerate(char_labels):
            if lab is None:
                continue
            totals[half][lab, bool(detected[i])] += 1
            totals["all"][lab, bool(detected[i])] += 1
        if analysis and half == "dev":
            passages = [p for r in by_news[str(METER / n)] for p in r["passages"]]
            analysis.add(n, raw, char_labels, detected, [read_text(METER / a) for a in sources[n]], passages)

    print(f"\nMETER span level: {files + len(unmapped)} annotated articles; {clean} map exactly onto their raw text "
          f"(non-whitespace characters identical), {files - clean} through difflib (>= {worst_kept:.3f} of characters "
          f"matched), {len(unmapped)} left out: {', '.join(unmapped) or 'none'}")
    for half in ("dev",) if args.dev_only else ("test", "dev", "all"):
        t = totals[half]
        reused_detected = t["V", True] + t["R", True]
        all_detected = reused_detected + t["N", True]
        precision = reused_detected / max(all_detected, 1)
        recall = reused_detected / max(reused_detected + t["V", False] + t["R", False], 1)
        v_recall = t["V", True] / max(t["V", True] + t["V", False], 1)
        r_recall = t["R", True] / max(t["R", True] + t["R", False], 1)
        n_rate = t["N", True] / max(t["N", True] + t["N", False], 1)
        chars = {lab: t[lab, True] + t[lab, False] for lab in "VRN"}
        print(f"\n  [{half}] {t['files']} articles; non-whitespace characters: Verbatim {chars['V']}, "
              f"Rewrite {chars['R']}, New {chars['N']}")
        print(f"  precision {precision:.3f} (target >= 0.85)   recall Verbatim+Rewrite {recall:.3f}   "
              f"F1 {2 * precision * recall / max(precision + recall, 1e-9):.3f}")
        print(f"  recall Verbatim {v_recall:.3f} (target >= 0.95)   recall Rewrite {r_recall:.3f} (target >= 0.70)   "
              f"New marked as reused {n_rate:.3f}")

    if analysis:
        analysis.report()


WORD = re.compile(r"\w+(?:'\w+)?")
SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"']?|\n|$)")
STOPWORDS = set("the a an of to in and or for on at by with from that this is was were be been has have had "
                "he she it they his her their its as but not said".split())


def shared_ngram_mask(text_b, texts_a, n=5):
    """Characters of b inside a word n-gram (lower-cased) that also occurs in one of texts_a."""
    grams = set()
    for t in texts_a:
        words = [m.group().lower() for m in WORD.finditer(t)]
        grams.update(tuple(words[i:i + n]) for i in range(len(words) - n + 1))
    matches = list(WORD.finditer(text_b))
    words = [m.group().lower() for m in matches]
    mask = np.zeros(len(text_b), dtype=bool)
    for i in range(len(words) - n + 1):
        if tuple(words[i:i + n]) in grams:
            mask[matches[i].start():matches[i + n - 1].end()] = True
    return mask


def content_words(text):
    return {w.lower() for w in WORD.findall(text)} - STOPWORDS


class SpanAnalysis:
    """Where the aligner misses annotated reuse and where it over-reaches (eval/meter.py --analysis)."""

    DICE_BINS = [0.0, 0.2, 0.4, 0.6, 0.8, 1.01]
    VERBATIM_SHARES = (0.1, 0.3, 0.5)

    def __init__(self):
        self.reachable = Counter()  # (label, inside a shared 5-gram, detected) -> characters
        self.stretches = []         # (label, words, detected share, text, article)
        self.false_pos = []         # (characters, text, article): detected stretches annotated New
        self.sentences = []         # (majority label, detected share, best content-word Dice with a PA sentence)
        self.by_verbatim_share = Counter()  # (label, Verbatim share of its sentence >= t) -> characters
        self.kind_labels = Counter()  # (passage kind, annotated label) -> characters of b inside such passages

    def add(self, name, raw, char_labels, detected, pa_texts, passages):
        for p in passages:
            for i in range(p["b"]["begin"], p["b"]["end"]):
                if char_labels[i] is not None:
                    self.kind_labels[p["kind"], char_labels[i]] += 1
        shared = shared_ngram_mask(raw, pa_texts)
        for i, lab in enumerate(char_labels):
            if lab is not None:
                self.reachable[lab, bool(shared[i]), bool(detected[i])] += 1
        for lab, first, last in stretches(char_labels):
            chars = [i for i in range(first, last + 1) if char_labels[i] is not None]
            self.stretches.append((lab, len(raw[first:last + 1].split()), float(np.mean(detected[chars])),
                                   raw[first:last + 1], name))
        i = 0
        while i < len(raw):
            if detected[i] and char_labels[i] == "N":
                j = i
                while j < len(raw) and detected[j] and char_labels[j] in ("N", None):
                    j += 1
                self.false_pos.append((j - i, raw[i:j], name))
                i = j
            else:
                i += 1
        # PA texts are hard-wrapped at 80 columns: join lines before splitting sentences.
        pa_sentences = [w for t in pa_texts for m in SENTENCE.finditer(t.replace("\n", " "))
                        if len(w := content_words(m.group())) >= 3]
        for m in SENTENCE.finditer(raw):
            chars = [i for i in range(m.start(), m.end()) if char_labels[i] is not None]
            counts = Counter(char_labels[i] for i in chars)
            for lab in "VRN":
                self.by_verbatim_share[lab, "all"] += counts[lab]
                for t in self.VERBATIM_SHARES:
                    if chars and counts["V"] >= t * len(chars):
                        self.by_verbatim_share[lab, t] += counts[lab]
            words = content_words(m.group())
            if len(chars) < 20 or len(words) < 3:
                continue
            majority = Counter(char_labels[i] for i in chars).most_common(1)[0][0]
            dice = max((2 * len(words & q) / (len(words) + len(q)) for q in pa_sentences), default=0.0)
            self.sentences.append((majority, float(np.mean(detected[chars])), dice))

    def report(self):
        names = (("V", "Verbatim"), ("R", "Rewrite"), ("N", "New"))
        print("\nMETER analysis (dev half only): share of annotated characters inside a word 5-gram shared with a PA text of the "
              "folder (what exact shingles can reach), and stemma's recall inside / outside it")
        r = self.reachable
        for lab, name in names:
            inside = r[lab, True, True] + r[lab, True, False]
            outside = r[lab, False, True] + r[lab, False, False]
            print(f"  {name:<9} in shared 5-gram {inside / max(inside + outside, 1):.3f}   "
                  f"detected: inside {r[lab, True, True] / max(inside, 1):.3f}, "
                  f"outside {r[lab, False, True] / max(outside, 1):.3f}")

        print("\n  annotation of the characters inside each passage kind:")
        for kind in sorted({k for k, _ in self.kind_labels}):
            total = sum(self.kind_labels[kind, lab] for lab, _ in names)
            print(f"    {kind:<14} {total:7d} characters: " + ", ".join(
                f"{name} {self.kind_labels[kind, lab] / max(total, 1):.3f}" for lab, name in names))

        print("\n  sentences of the newspaper article by majority label and by the best content-word Dice with "
              "any PA sentence of the folder (lexical closeness): count, mean detected share")
        bins = self.DICE_BINS
        print("  " + " " * 10 + "".join(f"{f'{lo:.1f}-{min(hi, 1):.1f}':>17}" for lo, hi in zip(bins, bins[1:])))
        for lab, name in names:
            cells = []
            for lo, hi in zip(bins, bins[1:]):
                sel = [d for l, d, dice in self.sentences if l == lab and lo <= dice < hi]
                cells.append(f"{len(sel):5d} {np.mean(sel) if sel else 0:.3f}".rjust(17))
            print(f"  {name:<10}" + "".join(cells))

        print("\n  an aligner that marked whole sentences holding >= t Verbatim (by the annotation) would reach:")
        c = self.by_verbatim_share
        for t in self.VERBATIM_SHARES:
            v, r_, n = (c[lab, t] / max(c[lab, "all"], 1) for lab in "VRN")
            precision = (c["V", t] + c["R", t]) / max(c["V", t] + c["R", t] + c["N", t], 1)
            print(f"    t = {t:.1f}: recall Verbatim {v:.3f}, Rewrite {r_:.3f}; New marked {n:.3f}; precision {precision:.3f}")

        print("\n  character recall of annotated stretches by length (words)")
        buckets = [(1, 2), (3, 5), (6, 10), (11, 20), (21, 40), (41, 10**6)]
        for lab, name in names[:2]:
            for lo, hi in buckets:
                sel = [(w, h) for l, w, h, _, _ in self.stretches if l == lab and lo <= w <= hi]
                if sel:
                    words = sum(w for w, _ in sel)
                    print(f"  {name:<9} {lo:>3}-{hi if hi < 10**6 else 'inf':<4} words: {len(sel):5d} stretches, "
                          f"{words:6d} words, word-weighted recall {sum(w * h for w, h in sel) / max(words, 1):.3f}")
        for lab, name, shown in (("R", "Rewrite", 12), ("V", "Verbatim", 10)):
            missed = sorted((s for s in self.stretches if s[0] == lab and s[2] < 0.2), key=lambda s: -s[1])
            print(f"\n  longest {name} stretches with < 20% detected ({len(missed)} such stretches, "
                  f"{sum(s[1] for s in missed)} words):")
            for _, w, _, text, name_ in missed[:shown]:
                print(f"    {w:3d} words  {name_}: {' '.join(text.split())[:150]}")
        self.false_pos.sort(key=lambda f: -f[0])
        print(f"\n  longest detected stretches annotated New ({len(self.false_pos)} stretches, "
              f"{sum(f[0] for f in self.false_pos)} characters):")
        for size, text, name_ in self.false_pos[:12]:
            print(f"    {size:4d} chars  {name_}: {' '.join(text.split())[:150]}")


if __name__ == "__main__":
    main()
