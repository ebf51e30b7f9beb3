#!/usr/bin/python3
"""Scoring of mutation detection (issue 7) and of quote-speaker attribution.

A predicted mutation matches a true one when the type and the text (body or title) agree and
their spans overlap on a side where both are non-empty (the parent's or the child's); when no
side has two non-empty spans (an insertion point against an insertion point), the positions
must be within 5 characters. Each true mutation is matched at most once (predictions in order).
Precision per type = matched predictions / predictions; recall = matched truths / truths.

A quote's speaker is right when the speaker the tool gives the claim whose quotation holds
the quote agrees with the true one: the content words (case, determiners and titles ignored)
of one are all among the other's, and they share at least one.
"""

import json
import re
from collections import defaultdict

TYPES = [
    "hedge_added", "hedge_removed", "attribution_dropped", "attribution_weakened", "attribution_changed",
    "quote_altered", "number_changed", "date_changed", "name_changed", "place_changed",
    "sentence_omitted", "sentence_inserted", "headline_escalation",
]


def _span(s):
    return None if s is None else (int(s[0]), int(s[1]))


def _overlap(a, b):
    return a is not None and b is not None and a[0] < a[1] and b[0] < b[1] and a[0] < b[1] and b[0] < a[1]


def _near(a, b, slack=5):
    return a is not None and b is not None and abs(a[0] - b[0]) <= slack


def matches(pred, true):
    if pred["type"] != true["type"] or pred.get("in", "body") != true.get("in", "body"):
        return False
    if pred.get("in") == "title":
        return True
    pp, pc, tp, tc = _span(pred.get("parent")), _span(pred.get("child")), _span(true.get("parent")), _span(true.get("child"))
    if _overlap(pp, tp) or _overlap(pc, tc):
        return True
    both_nonempty = any(x and y and x[0] < x[1] and y[0] < y[1] for x, y in ((pp, tp), (pc, tc)))
    return not both_nonempty and (_near(pc, tc) or _near(pp, tp))


def score_pairs(truths, predictions):
    """truths, predictions: lists (one per pair) of mutation lists. Returns {type: counts}."""
    counts = defaultdict(lambda: {"tp_pred": 0, "pred": 0, "tp_true": 0, "true": 0})
    for true, pred in zip(truths, predictions):
        used = [False] * len(true)
        for t in true:
            counts[t["type"]]["true"] += 1
        for p in pred:
            c = counts[p["type"]]
            c["pred"] += 1
            hit = [i for i, t in enumerate(true) if matches(p, t)]
            if hit:
                c["tp_pred"] += 1
                free = [i for i in hit if not used[i]]
                if free:
                    used[free[0]] = True
                    c["tp_true"] += 1
    return counts


def prf(c):
    p = c["tp_pred"] / c["pred"] if c["pred"] else float("nan")
    r = c["tp_true"] / c["true"] if c["true"] else float("nan")
    return p, r


def table(counts, title):
    lines = [title, f"  {'type':<22} {'precision':>9} {'recall':>7} {'pred':>5} {'true':>5}"]
    for t in TYPES:
        c = counts.get(t, {"tp_pred": 0, "pred": 0, "tp_true": 0, "true": 0})
        p, r = prf(c)
        fmt = lambda v: "   -" if v != v else f"{v:.2f}"  # noqa: E731
        lines.append(f"  {t:<22} {fmt(p):>9} {fmt(r):>7} {c['pred']:>5} {c['true']:>5}")
    tot = {k: sum(c[k] for c in counts.values()) for k in ("tp_pred", "pred", "tp_true", "true")}
    p, r = prf(tot)
    lines.append(f"  {'all (micro)':<22} {p:>9.2f} {r:>7.2f} {tot['pred']:>5} {tot['true']:>5}")
    return "\n".join(lines)


def tool_mutations(record):
    """The tool's mutations as [{"type", "in", "parent": [b, e], "child": [b, e]}] (code points)."""
    return [{"type": m["type"], "in": m["in"], "parent": [m["parent"]["begin"], m["parent"]["end"]],
             "child": [m["child"]["begin"], m["child"]["end"]], "detail": m.get("detail", "")} for m in record["mutations"]]


def resolve_snippets(pair):
    """Hand-labelled mutations name their spans by text (parent_text/child_text, the first
    occurrence, or the one after `*_after`); returns them with code-point spans."""
    out = []
    for m in pair["mutations"]:
        r = {"type": m["type"], "in": m.get("in", "title" if m["type"] == "headline_escalation" else "body")}
        for side in ("parent", "child"):
            text = pair[side + "_title"] if r["in"] == "title" else pair[side]
            snippet = m.get(side + "_text")
            if r["in"] == "title":
                r[side] = [0, len(text)]
            elif snippet:
                start = text.find(m[side + "_after"]) if m.get(side + "_after") else 0
                i = text.find(snippet, max(start, 0))
                if i < 0:
                    raise ValueError(f"{pair['id']}: {side} snippet not found: {snippet!r}")
                r[side] = [i, i + len(snippet)]
            elif m.get(side + "_at") is not None:
                i = text.find(m[side + "_at"])
                if i < 0:
                    raise ValueError(f"{pair['id']}: {side} anchor not found: {m[side + '_at']!r}")
                i += len(m[side + "_at"])
                r[side] = [i, i]
            else:
                r[side] = None
        out.append(r)
    return out


_DROP = set("a an the mr mrs ms dr prof sir of".split())


def speaker_words(s):
    return {w for w in re.findall(r"[\w']+", s.lower()) if w not in _DROP}


def same_speaker(pred, true):
    p, t = speaker_words(pred or ""), speaker_words(true)
    return bool(p & t) and (p <= t or t <= p)


def attribution(quote_items, claim_records):
    """quote_items: [{"id", "text", "quotes": [{"quote", "speaker"}]}]; claim_records: tool output
    in the same order. Returns (right, total, misses)."""
    right = total = 0
    misses = []
    for item, rec in zip(quote_items, claim_records):
        for q in item["quotes"]:
            total += 1
            at = item["text"].find(q["quote"])
            if at < 0:
                raise ValueError(f"{item['id']}: quote not found: {q['quote']!r}")
            span = (at, at + len(q["quote"]))
            found = [c for c in rec["claims"] if c["direct"] and c["claim"]["begin"] <= span[0] and span[1] <= c["claim"]["end"] + 1]
            speaker = found[0]["speaker"] if found else None
            if speaker is not None and same_speaker(speaker, q["speaker"]):
                right += 1
            else:
                misses.append((item["id"], q["quote"][:40], q["speaker"], speaker))
    return right, total, misses


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
