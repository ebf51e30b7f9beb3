#!/usr/bin/env python3
"""Publication-date accuracy of `stemma extract` on the article-extraction benchmark.

The benchmark has no date ground truth, so a reference is built independently
of the extractor (different code, different sources of evidence):

  * URL date: /2019/11/19/, /2019-11-19 or _2019-11-19 in the page's URL path;
  * visible date: the first date written in the page's visible text (lxml text,
    scripts/styles/<head> excluded) within 600 characters after the end of the
    headline (the <h1>; or 300 characters before it), in one of the forms
    "November 19, 2019", "Nov. 19, 2019", "19 November 2019", "2019-11-19",
    "19.11.2019", or d/m/y with a day > 12 (unambiguous). English month names only.

A page gets a reference when it has a visible date (preferred: it is what the
reader sees) or else a URL date. The extracted `published` date (UTC) counts
as correct when its calendar day equals the reference day, and as "correct
within a day" when it is off by one day (a local date near midnight becomes
the neighbouring day in UTC). Meta tags, JSON-LD and <time> elements, which
the extractor reads, are deliberately not used to build the reference.

Usage: extraction_dates.py BENCH_DIR OUT.jsonl HTML_DIR [--show N]
"""
import argparse
import datetime as dt
import json
import os
import re
from pathlib import Path

from lxml import html as lxml_html

MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"])}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
MON = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
PATTERNS = [
    (re.compile(MON + r"\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b", re.I), ("m", "d", "y")),
    (re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + MON + r"\.?,?\s+((?:19|20)\d\d)\b", re.I), ("d", "m", "y")),
    (re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b"), ("y", "m", "d")),
    (re.compile(r"\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\b"), ("d", "m", "y")),
    (re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b"), ("a", "b", "y")),
]
URL_DATE = re.compile(r"[/_-]((?:19|20)\d\d)[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:[/_.-]|$)")


def make_date(y, m, d):
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def find_date(text):
    """Earliest date in text: (position, date, matched string)."""
    best = None
    for rx, order in PATTERNS:
        for m in rx.finditer(text):
            parts = dict(zip(order, m.groups()))
            if "a" in parts:  # d/m/y or m/d/y: only when unambiguous
                a, b = int(parts["a"]), int(parts["b"])
                if a > 12 >= b:
                    parts["d"], parts["m"] = a, b
                elif b > 12 >= a:
                    parts["m"], parts["d"] = a, b
                else:
                    continue
            month = parts["m"]
            if isinstance(month, str) and not month.isdigit():
                month = MONTHS.get(month.lower().rstrip("."))
            d = make_date(parts["y"], month, parts["d"]) if month else None
            if d is None:
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), d, m.group(0))
            break  # later matches of this pattern are further away
    return best


def visible_text_and_headline(raw: bytes):
    doc = lxml_html.fromstring(raw)
    for bad in doc.xpath("//script|//style|//noscript|//template|//head|//svg"):
        parent = bad.getparent()
        if parent is not None:
            tail = bad.tail
            parent.remove(bad)
            if tail and tail.strip():  # keep the text that followed the removed element
                prev = parent.text or ""
                parent.text = prev + " " + tail
    h1s = doc.xpath("//body//h1")
    chunks, pos, h1_span = [], 0, None
    target = h1s[0] if h1s else None
    for el in doc.iter():
        if el is target:
            start = pos
            t = " ".join(" ".join(el.itertext()).split())
            chunks.append(t + " ")
            pos += len(t) + 1
            h1_span = (start, pos)
            # skip the h1's descendants' text: handled by itertext above
            continue
        if target is not None and any(a is target for a in el.iterancestors()):
            continue
        for piece in (el.text, el.tail if el is not doc else None):
            if piece and piece.strip():
                t = " ".join(piece.split()) + " "
                chunks.append(t)
                pos += len(t)
    return "".join(chunks), h1_span


def visible_date(raw: bytes):
    try:
        text, span = visible_text_and_headline(raw)
    except Exception:
        return None
    if span is None:
        return None
    after = text[span[1]: span[1] + 600]
    found = find_date(after)
    if found:
        return found[1], after[max(0, found[0] - 60): found[0] + 60]
    before = text[max(0, span[0] - 300): span[0]]
    found = find_date(before)
    if found:
        return found[1], before[max(0, found[0] - 60): found[0] + 60]
    return None


def url_date(url: str):
    path = re.sub(r"^[a-z]+://[^/]+", "", url)
    m = URL_DATE.search(path)
    return make_date(*m.groups()) if m else None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("bench", type=Path)
    ap.add_argument("jsonl", type=Path)
    ap.add_argument("html_dir", type=Path)
    ap.add_argument("--show", type=int, default=0, help="print the context of N visible references (for hand checking)")
    args = ap.parse_args()
    gt = json.load((args.bench / "ground-truth.json").open(encoding="utf8"))
    preds = {}
    for line in args.jsonl.open(encoding="utf8"):
        if line.strip():
            o = json.loads(line)
            preds[os.path.basename(o["source"]).split(".")[0]] = o

    rows = []
    for page_id in sorted(gt):
        raw = (args.html_dir / f"{page_id}.html").read_bytes()
        vis = visible_date(raw)
        ud = url_date(gt[page_id]["url"])
        ref, source, context = None, None, ""
        if vis:
            ref, source, context = vis[0], "visible", vis[1]
            if ud:
                source = "visible+url" if abs((ud - ref).days) <= 1 else "visible (url disagrees)"
        elif ud:
            ref, source = ud, "url"
        pub = preds.get(page_id, {}).get("published") or ""
        got = make_date(*pub[:10].split("-")) if re.match(r"\d{4}-\d\d-\d\d", pub) else None
        rows.append((page_id, gt[page_id]["url"], ref, source, got, context))

    with_ref = [r for r in rows if r[2]]
    exact = [r for r in with_ref if r[4] == r[2]]
    near = [r for r in with_ref if r[4] and abs((r[4] - r[2]).days) == 1]
    missing = [r for r in with_ref if r[4] is None]
    wrong = [r for r in with_ref if r[4] and abs((r[4] - r[2]).days) > 1]
    any_date = [r for r in rows if r[4]]
    print("== Published-date accuracy (reference: visible date near the headline, else URL date) ==")
    print(f"pages: {len(rows)}; with an extracted published date: {len(any_date)}; with a reference date: {len(with_ref)}")
    by_source = {}
    for r in with_ref:
        by_source.setdefault(r[3], []).append(r)
    for source, rs in sorted(by_source.items()):
        ok = sum(1 for r in rs if r[4] == r[2])
        print(f"  reference from {source:<26} {len(rs):>3} pages, exact day {ok}/{len(rs)}")
    n = max(1, len(with_ref))
    print(f"exact day: {len(exact)}/{len(with_ref)} = {len(exact) / n:.3f}; "
          f"within one day: {len(exact) + len(near)}/{len(with_ref)} = {(len(exact) + len(near)) / n:.3f}; "
          f"no date extracted: {len(missing)}; wrong by more than a day: {len(wrong)}")
    for r in wrong + missing:
        print(f"  {'MISSING' if r[4] is None else 'WRONG  '} {r[0][:12]} ref={r[2]} ({r[3]}) got={r[4]}  {r[1][:80]}")
    if args.show:
        print("\n== visible references, for hand checking ==")
        for r in [r for r in with_ref if r[3].startswith("visible")][: args.show]:
            print(f"{r[0][:12]} ref={r[2]} got={r[4]}  ...{r[5]}...  {r[1][:70]}")


if __name__ == "__main__":
    main()
