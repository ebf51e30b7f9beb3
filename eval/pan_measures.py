#!/usr/bin/python3
"""The PAN text-alignment measures, as defined for PAN 2013.

Potthast, Stein, Barrón-Cedeño, Rosso: "An Evaluation Framework for Plagiarism Detection",
COLING 2010; Potthast et al.: "Overview of the 5th International Competition on Plagiarism
Detection", PAN at CLEF 2013.

A case s (the truth) and a detection r are each a pair of spans: one in the suspicious
document, one in the source document, of a given document pair. Seen as sets of characters
in both documents:

    r detects s   iff  same document pair, and r overlaps s in the suspicious document AND in
                       the source document;
    s ⊓ r         =    s ∩ r if r detects s, else ∅;
    |x|           =    characters of x in the suspicious document + in the source document.

    rec(S, R)  = 1/|S| Σ_{s∈S} |∪_{r∈R} (s ⊓ r)| / |s|
    prec(S, R) = 1/|R| Σ_{r∈R} |∪_{s∈S} (s ⊓ r)| / |r|
    gran(S, R) = 1/|S_R| Σ_{s∈S_R} |R_s|,  S_R = cases detected by some r, R_s = the r detecting s
    plagdet    = F1 / log2(1 + gran),  F1 = 2·prec·rec / (prec + rec)

Conventions of the PAN evaluation script (pan09/pan13 perfmeasures): with no cases and no
detections, precision = recall = 1; with only one of the two empty, both are 0; granularity is 1
when nothing is detected; plagdet is 0 when precision and recall are both 0. The averages run over
all cases and detections of the corpus (macro over cases, not over documents): a detection in a
pair with no case counts fully against precision.

    eval/pan_measures.py TRUTH.jsonl STEMMA_ALIGN.jsonl   # a tools/simulate corpus and `stemma align` output
"""

import json
import math
import sys
from collections import defaultdict
from dataclasses import dataclass


@dataclass(frozen=True)
class Annotation:
    pair: object  # identifies the (suspicious, source) document pair
    susp_offset: int
    susp_length: int
    src_offset: int
    src_length: int

    @property
    def size(self):
        return self.susp_length + self.src_length


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    granularity: float
    plagdet: float
    cases: int
    detections: int


def _overlap(a_off, a_len, b_off, b_len):
    return max(0, min(a_off + a_len, b_off + b_len) - max(a_off, b_off))


def detects(r, s):
    """True when r and s (either way round) share characters in both documents of one pair."""
    return (r.pair == s.pair and _overlap(r.susp_offset, r.susp_length, s.susp_offset, s.susp_length) > 0
            and _overlap(r.src_offset, r.src_length, s.src_offset, s.src_length) > 0)


def _covered(offset, length, spans):
    """Characters of [offset, offset+length) inside the union of the spans."""
    clipped = sorted((max(offset, o), min(offset + length, o + n)) for o, n in spans)
    total, reach = 0, offset
    for begin, end in clipped:
        begin = max(begin, reach)
        if end > begin:
            total += end - begin
            reach = end
    return total


def _by_pair(annotations):
    index = defaultdict(list)
    for a in annotations:
        if a.size <= 0:
            raise ValueError(f"empty annotation: {a}")
        index[a.pair].append(a)
    return index


def coverage(x, ys):
    """|∪_{y detecting x} (x ∩ y)| / |x|: the share of x's characters (both documents) that the
    ys detecting it cover."""
    hits = [y for y in ys if detects(y, x)]
    if not hits:
        return 0.0
    covered = (_covered(x.susp_offset, x.susp_length, [(y.susp_offset, y.susp_length) for y in hits])
               + _covered(x.src_offset, x.src_length, [(y.src_offset, y.src_length) for y in hits]))
    return covered / x.size


def _mean_coverage(xs, ys):
    """1/|X| Σ_x coverage(x, ys): recall for (cases, detections), precision for (detections, cases)."""
    ys_by_pair = _by_pair(ys)
    return sum(coverage(x, ys_by_pair.get(x.pair, [])) for x in xs) / len(xs)


def recall(cases, detections):
    cases, detections = list(cases), list(detections)
    if not cases and not detections:
        return 1.0
    if not cases or not detections:
        return 0.0
    return _mean_coverage(cases, detections)


def precision(cases, detections):
    """PAN's precision is recall with cases and detections swapped (the empty-input rules are symmetric)."""
    return recall(detections, cases)


def granularity(cases, detections):
    by_pair = _by_pair(detections)
    counts = [sum(detects(r, s) for r in by_pair.get(s.pair, [])) for s in cases]
    detected = [n for n in counts if n > 0]
    return sum(detected) / len(detected) if detected else 1.0


def plagdet(prec, rec, gran):
    if prec + rec == 0:
        return 0.0
    return (2 * prec * rec / (prec + rec)) / math.log2(1 + gran)


def evaluate(cases, detections):
    cases, detections = list(cases), list(detections)
    p, r, g = precision(cases, detections), recall(cases, detections), granularity(cases, detections)
    return Scores(p, r, g, plagdet(p, r, g), len(cases), len(detections))


# --- readers ---------------------------------------------------------------------------------

def cases_from_truth(lines):
    """Cases from a tools/simulate truth.jsonl; a pair is identified by its line number."""
    cases, pairs = [], 0
    for number, line in enumerate(lines):
        entry = json.loads(line)
        pairs += 1
        for c in entry["cases"]:
            cases.append(Annotation(number, c["susp_offset"], c["susp_length"], c["src_offset"], c["src_length"]))
    return cases, pairs


def detections_from_stemma(lines, source_is_a=True):
    """Detections from `stemma align --pairs` JSON lines (one per pair, in order). Passage
    side "a" is the first column of the pair list: the source when source_is_a."""
    detections = []
    for number, line in enumerate(lines):
        result = json.loads(line)
        for p in result.get("passages", []):
            src, susp = (p["a"], p["b"]) if source_is_a else (p["b"], p["a"])
            d = Annotation(number, susp["begin"], susp["end"] - susp["begin"], src["begin"], src["end"] - src["begin"])
            if d.susp_length > 0 and d.src_length > 0:
                detections.append(d)
    return detections


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().split("\n\n")[-1], file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        cases, pairs = cases_from_truth(f)
    with open(argv[2], encoding="utf-8") as f:
        lines = f.readlines()
    if len(lines) != pairs:
        print(f"pan_measures: {pairs} pairs in the truth but {len(lines)} result lines", file=sys.stderr)
        return 1
    s = evaluate(cases, detections_from_stemma(lines))
    print(f"pairs {pairs}  cases {s.cases}  detections {s.detections}  precision {s.precision:.3f}  "
          f"recall {s.recall:.3f}  granularity {s.granularity:.3f}  plagdet {s.plagdet:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
