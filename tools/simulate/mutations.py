"""mutations: parent/child pairs made of real PA sentences, each child with one injected mutation.

    simulate.py mutations --out FILE.jsonl --seed N [--pairs N] [--spin SHARE] [--sources PATH...] [--hosts PATH...]

A parent is 4-7 consecutive body sentences of a METER Press Association text, with a headline
made of its first words. The child is the parent with its other sentences synonym-spun (share
--spin of their content words, as article spinners do) and one mutation injected into one
sentence (or the headline): hedge added/removed, attribution dropped/weakened/changed, quote
altered, number/date/name/place changed, sentence omitted/inserted, headline escalation. Pairs of
type "none" are pure spins: negatives, where nothing should be reported. Types are dealt in a
seeded round-robin, so every type gets about pairs/14 pairs. Offsets in the truth are Unicode
code points of the texts as written. Same arguments, same bytes.
"""

import json
import random
import re
from pathlib import Path

import obfuscate
import texts
from wordnet import WordNet

TYPES = [
    "hedge_added", "hedge_removed", "attribution_dropped", "attribution_weakened", "attribution_changed",
    "quote_altered", "number_changed", "date_changed", "name_changed", "place_changed",
    "sentence_omitted", "sentence_inserted", "headline_escalation",
]

HEDGES_AFTER_AUX = ["reportedly", "allegedly", "apparently", "probably", "possibly"]
MODAL_HEDGES = ["may", "could", "might"]
ANONYMOUS = ["a source", "an official", "a spokesman", "one insider", "a senior source", "sources", "officials",
             "a person familiar with the matter"]
SPEAKERS = ["police", "a spokesman", "Mr Walker", "officials", "the Home Office"]
PLACES = [
    "London", "Manchester", "Birmingham", "Leeds", "Liverpool", "Glasgow", "Edinburgh", "Cardiff", "Belfast", "Bristol",
    "Sheffield", "Newcastle", "Nottingham", "Leicester", "Coventry", "Bradford", "Southampton", "Portsmouth", "Oxford",
    "Cambridge", "Brighton", "Plymouth", "York", "Norwich", "Exeter", "Derby", "Swansea", "Aberdeen", "Dundee", "Kent",
    "Essex", "Surrey", "Devon", "Cornwall", "Yorkshire", "Lancashire", "Scotland", "Wales", "England", "Ireland",
    "France", "Germany", "Spain", "Italy", "America", "Australia", "Canada", "India", "China", "Russia", "Japan",
    "Paris", "Dublin", "Brussels", "Madrid", "Rome", "Berlin", "Washington", "New York", "Sydney",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "June", "July", "August", "September", "October", "November", "December"]
NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "twenty"]
BREAKING = ["BREAKING: ", "EXCLUSIVE: ", "URGENT: "]
SUPERLATIVES = ["biggest", "worst", "most shocking", "unprecedented", "historic"]
CERTAINTY = ["Confirmed: ", "Revealed: ", "PROOF: "]
# Reporting verbs: a name before one is the speaker of a claim, so changing it is an attribution
# change, not a name change ("Mr Nicholls argued that ..." credits the argument to him).
CUE = (r"(?:said|says|told|added|claimed|warned|explained|insisted|argued|stated|suggested|recalled"
       r"|confirmed|revealed|announced|noted|replied|maintained|declared)")
NAME = r"(?:(?:Mr|Mrs|Ms|Dr|Det|Insp|Supt|Sgt|PC|Judge|Sir|Lord|Professor)\.? [A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z][a-z]+ [A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
SURNAMES = ["Thompson", "Patel", "Murray", "Hughes", "Bennett", "Fletcher", "Gallagher", "Harrison", "Kowalski", "Okafor",
            "Reynolds", "Sinclair", "Whitaker", "Doyle", "Ashworth", "Pearce"]


def add_arguments(parser):
    parser.add_argument("--out", required=True, help="the JSON lines file to write")
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--pairs", type=int, default=280)
    parser.add_argument("--spin", type=float, default=0.2, help="share of content words spun in the unchanged sentences")
    parser.add_argument("--sources", nargs="+", default=None)
    parser.add_argument("--hosts", nargs="+", default=None, help="texts of inserted sentences (METER newspapers)")


def _body(text):
    letters = [c for c in text if c.isalpha()]
    return (texts.word_count(text) >= 6 and not text.startswith("By ")
            and not (letters and sum(c.isupper() for c in letters) > 0.7 * len(letters)))


def _quotes(s):
    return [(m.start(1), m.end(1)) for m in re.finditer(r"\u201c([^\u201d]*)(?:\u201d|$)", s)] + \
        [(m.start(1), m.end(1)) for m in re.finditer(r"\"([^\"]*)(?:\"|$)", s)]


def _in_quote(s, i):
    return any(a <= i < b for a, b in _quotes(s))


class Change:
    """A sentence rewritten: the parent's and the child's version, with the changed spans in each."""

    def __init__(self, parent, child, pspan, cspan, detail=""):
        self.parent, self.child, self.pspan, self.cspan, self.detail = parent, child, pspan, cspan, detail


def _sub(s, a, b, new, detail=""):
    """Replace s[a:b] with new: parent s, child with new."""
    return Change(s, s[:a] + new + s[b:], (a, b), (a, a + len(new)), detail)


def _reverse(ch):
    return Change(ch.child, ch.parent, ch.cspan, ch.pspan, ch.detail)


def hedge_added(s, rng):
    m = [m for m in re.finditer(r"\b(will|would)\b", s) if not _in_quote(s, m.start())]
    if m and rng.random() < 0.4:
        x = rng.choice(m)
        return _sub(s, x.start(), x.end(), rng.choice(MODAL_HEDGES))
    m = [m for m in re.finditer(r"\b(is|was|were|are|has|had|have) (?!not\b)", s) if not _in_quote(s, m.start())]
    if not m:
        return None
    x = rng.choice(m)
    word = rng.choice(HEDGES_AFTER_AUX) + " "
    at = x.end()
    return Change(s, s[:at] + word + s[at:], (at, at), (at, at + len(word) - 1))


def hedge_removed(s, rng):
    ch = hedge_added(s, rng)
    return _reverse(ch) if ch else None


def _named_speakers(s):
    out = []
    for m in re.finditer(r"(?<![\w\u201c])(" + NAME + r")(?:,[^,]{1,40},)? " + CUE + r"\b", s):
        if not _in_quote(s, m.start()):
            out.append((m.start(1), m.end(1)))
    # "..., said Mr Smith." names the speaker; in "Police said Mr Smith was arrested" he is the subject of the claim.
    for m in re.finditer(r"\b(?:said|added|claimed|warned|explained|insisted) (" + NAME + r")(?=[.,;:]|$)", s):
        if not _in_quote(s, m.start()):
            out.append((m.start(1), m.end(1)))
    return out


def attribution_dropped(s, rng):
    m = re.search(r", (?:" + NAME + r"|he|she|they|police|officers|a spokesman|a spokeswoman) (?:said|added)\.$", s)
    if m and not _in_quote(s, m.start()):
        return Change(s, s[:m.start()] + ".", (m.start() + 2, len(s) - 1), (m.start(), m.start()))
    m = re.match(r"(According to [^,]{3,60}, )(\w)", s)
    if m:
        return Change(s, m.group(2).upper() + s[m.end(2):], (0, m.end(1) - 2), (0, 0))
    if s.endswith(".") and "\u201d" not in s[-3:]:
        speaker = rng.choice(SPEAKERS)
        parent = s[:-1] + ", " + speaker + " said."
        return Change(parent, s, (len(s) + 1, len(parent) - 1), (len(s) - 1, len(s) - 1))
    return None


def attribution_weakened(s, rng):
    spans = _named_speakers(s)
    if not spans:
        return None
    a, b = rng.choice(spans)
    new = rng.choice(ANONYMOUS)
    if a == 0 or s[a - 2:a] == ". ":
        new = new[0].upper() + new[1:]
    return _sub(s, a, b, new)


def attribution_changed(s, rng):
    spans = _named_speakers(s)
    if not spans:
        return None
    a, b = rng.choice(spans)
    old = s[a:b]
    parts = old.split(" ")
    new = " ".join(parts[:-1] + [rng.choice([n for n in SURNAMES if n != parts[-1]])])
    return _sub(s, a, b, new)


def quote_altered(s, rng, vocabulary):
    spans = [(a, b) for a, b in _quotes(s) if texts.word_count(s[a:b]) >= 4]
    if not spans:
        return None
    a, b = rng.choice(spans)
    words = [m for m in re.finditer(r"\b[a-z]{4,}\b", s[a:b]) if m.group() not in obfuscate.STOPWORDS]
    if not words:
        return None
    w = rng.choice(words)
    wa, wb = a + w.start(), a + w.end()
    if rng.random() < 0.3:  # words dropped from the quote
        end = min(b, wb + rng.randint(0, 12))
        end = s.rfind(" ", wb, end) if s.rfind(" ", wb, end) > wb else wb
        start = wa - 1 if s[wa - 1] == " " else wa
        return Change(s, s[:start] + s[end:], (wa, end), (start, start))
    new = rng.choice([v for v in vocabulary if v.lower() != w.group() and len(v) >= 4 and v.islower()] or ["really"])
    return _sub(s, wa, wb, new)


def number_changed(s, rng):
    m = [m for m in re.finditer(r"(?<![\w.,£$])(\d{1,3}(?:,\d{3})*|\d+(?:\.\d+)?)(?![\w:]|\.\d)", s)
         if not (len(m.group()) == 4 and m.group()[:2] in ("19", "20"))
         and not re.search(r"(?:" + "|".join(MONTHS) + r"|May)\b[^.]{0,12}$", s[:m.start()])
         and not re.match(r"\s*(?:am|pm|" + "|".join(MONTHS) + r")", s[m.end():])]
    words = [m for m in re.finditer(r"\b(" + "|".join(NUMBER_WORDS) + r")\b", s)]
    if m:
        x = rng.choice(m)
        digits = x.group().replace(",", "")
        value = float(digits) if "." in digits else int(digits)
        new = value + rng.choice([1, 2, 3, 5, 10]) if isinstance(value, int) else round(value * 1.5 + 0.1, len(digits.split(".")[1]))
        new = f"{new:,}" if "," in x.group() else str(new)
        return _sub(s, x.start(), x.end(), new)
    if words:
        x = rng.choice(words)
        return _sub(s, x.start(), x.end(), rng.choice([w for w in NUMBER_WORDS if w != x.group()]))
    return None


def date_changed(s, rng):
    cands = []
    for m in re.finditer(r"\b(" + "|".join(WEEKDAYS) + r")\b", s):
        cands.append((m, [w for w in WEEKDAYS if w != m.group()]))
    for m in re.finditer(r"\b(" + "|".join(MONTHS) + r")\b", s):
        cands.append((m, [w for w in MONTHS if w != m.group()]))
    for m in re.finditer(r"\b(19[5-9]\d|20[0-2]\d)\b", s):
        y = int(m.group())
        cands.append((m, [str(y - 1), str(y + 1), str(y - 2)]))
    for m in re.finditer(r"\b(yesterday|today|tomorrow)\b", s):
        cands.append((m, [w for w in ("yesterday", "today", "last week", "on Monday") if w != m.group()]))
    if not cands:
        return None
    m, options = rng.choice(cands)
    return _sub(s, m.start(), m.end(), rng.choice(options))


def name_changed(s, rng):
    speakers = _named_speakers(s)
    m = [m for m in re.finditer(r"\b(?:Mr|Mrs|Ms|Dr|Miss|Judge|Sir|Lord|Professor) ([A-Z][a-z]{2,})\b", s)
         if not any(a <= m.start() < b for a, b in speakers)
         and not re.match(r"(?:,? [A-Z]?[\w-]+){0,4},? (?:" + CUE + r"|say|says|rang|stated)\b", s[m.end():])
         and not s[:m.start()].endswith(("said ", "told ", "according to "))]
    if not m:
        return None
    x = rng.choice(m)
    return _sub(s, x.start(1), x.end(1), rng.choice([n for n in SURNAMES if n != x.group(1)]))


def place_changed(s, rng):
    m = [m for m in re.finditer(r"\b(" + "|".join(PLACES) + r")\b", s) if m.start() > 0]
    if not m:
        return None
    x = rng.choice(m)
    return _sub(s, x.start(), x.end(), rng.choice([p for p in PLACES if p != x.group()]))


SENTENCE_TYPES = {
    "hedge_added": hedge_added, "hedge_removed": hedge_removed, "attribution_dropped": attribution_dropped,
    "attribution_weakened": attribution_weakened, "attribution_changed": attribution_changed,
    "number_changed": number_changed, "date_changed": date_changed, "name_changed": name_changed,
    "place_changed": place_changed,
}


def _title(first_sentence):
    words = first_sentence.rstrip(".").split(" ")
    return " ".join(words[:min(len(words), 10)]).rstrip(",;:")


def headline(title, rng):
    """(parent title, child title, detail): the child's headline stronger than the parent's."""
    how = rng.choice(["breaking", "superlative", "certainty", "question", "hedge"])
    if how == "breaking":
        return title, rng.choice(BREAKING) + title, how
    if how == "certainty":
        return title, rng.choice(CERTAINTY) + title, how
    if how == "superlative":
        words = title.split(" ")
        i = rng.randrange(1, len(words)) if len(words) > 1 else 0
        return title, " ".join(words[:i] + [rng.choice(SUPERLATIVES)] + words[i:]), how
    if how == "question":
        return title + "?", title, how
    words = title.split(" ")
    i = 1 if len(words) > 1 else 0
    return " ".join(words[:i] + [rng.choice(["may", "reportedly", "allegedly"])] + words[i:]), title, how


class Generator:
    def __init__(self, args):
        sources = args.sources or texts.default_sources()
        hosts = args.hosts or texts.default_hosts()
        self.docs = [d for d in texts.load(sources, 60)]
        self.hosts = texts.load(hosts, 60)
        self.spinner = obfuscate.Spinner(WordNet())
        self.spin = args.spin

    def window(self, rng):
        doc = rng.choice(self.docs)
        body = [s for s in doc.sentences if _body(doc.text[s.begin:s.end])]
        if len(body) < 4:
            return None, None
        n = rng.randint(4, min(7, len(body)))
        first = rng.randrange(len(body) - n + 1)
        return doc, body[first:first + n]

    def pair(self, kind, rng):
        for _ in range(200):
            doc, sents = self.window(rng)
            if not doc:
                continue
            strings = [doc.text[s.begin:s.end] for s in sents]
            # Sentences with quotation marks, or inside a quotation opened earlier in the paragraph.
            self.quoted = []
            for s in sents:
                para_start = doc.text.rfind("\n", 0, s.begin) + 1
                before = doc.text[para_start:s.begin]
                text = doc.text[s.begin:s.end]
                open_quote = before.count("\u201c") > before.count("\u201d") or before.count('"') % 2 == 1
                self.quoted.append(open_quote or any(q in text for q in '"\u201c\u201d'))
            paragraphs = [s.paragraph for s in sents]
            result = self.inject(kind, doc, strings, rng)
            if result:
                return self.assemble(kind, strings, paragraphs, result, rng)
        raise RuntimeError(f"no window found for {kind}")

    def inject(self, kind, doc, strings, rng):
        """(target index, Change or special) for the kind, or None if this window has no place for it."""
        order = list(range(len(strings)))
        rng.shuffle(order)
        if kind in SENTENCE_TYPES:
            for i in order:
                if self.quoted[i]:
                    continue  # a change inside a quotation is a quote alteration: kept out of the other types
                ch = SENTENCE_TYPES[kind](strings[i], rng)
                if ch:
                    return i, ch
            return None
        if kind == "quote_altered":
            vocabulary = sorted(set(texts.words(doc.text)))
            for i in order:
                ch = quote_altered(strings[i], rng, vocabulary)
                if ch:
                    return i, ch
            return None
        if kind == "sentence_omitted":
            inner = [i for i in range(1, len(strings) - 1)]
            return (rng.choice(inner), "omit") if inner else None
        if kind == "sentence_inserted":
            host = rng.choice(self.hosts)
            cands = [host.text[s.begin:s.end] for s in host.sentences
                     if _body(host.text[s.begin:s.end]) and 8 <= texts.word_count(host.text[s.begin:s.end]) <= 40
                     and "\u201c" not in host.text[s.begin:s.end]]
            if not cands or host.story == doc.story:
                return None
            return rng.randrange(1, len(strings)), ("insert", rng.choice(cands))
        return -1, None  # headline_escalation and none: no sentence changed

    def assemble(self, kind, strings, paragraphs, result, rng):
        target, change = result
        parent_parts, child_parts = [], []  # (text, paragraph)
        pspan = cspan = None
        for i, s in enumerate(strings):
            if i == target and isinstance(change, Change):
                parent_parts.append((change.parent, paragraphs[i], change.pspan))
                child_parts.append((change.child, paragraphs[i], change.cspan))
                continue
            spun = self.spinner.spin(s, self.spin, rng)[0] if self.spin > 0 else s
            if i == target and change == "omit":
                parent_parts.append((s, paragraphs[i], (0, len(s))))
                child_parts.append(("", paragraphs[i], None))
                continue
            if i == target and isinstance(change, tuple):
                child_parts.append((change[1], paragraphs[i] - 0.5, (0, len(change[1]))))
            parent_parts.append((s, paragraphs[i], None))
            child_parts.append((spun, paragraphs[i], None))

        def join(parts):
            out, spans, prev, marker = "", [], None, None
            for text, para, span in parts:
                if not text:
                    marker = len(out)
                    continue
                if out:
                    out += " " if para == prev else "\n\n"
                if span:
                    spans.append((len(out) + span[0], len(out) + span[1]))
                out += text
                prev = para
            return out + "\n", spans, marker

        parent, ps, _ = join(parent_parts)
        child, cs, cmark = join(child_parts)
        title = _title(strings[0])
        parent_title, child_title = title, self.spinner.spin(title, self.spin, rng)[0] if self.spin > 0 else title
        truth = []
        if kind == "headline_escalation":
            parent_title, child_title, how = headline(title, rng)
            truth.append({"type": kind, "in": "title", "parent": [0, len(parent_title)], "child": [0, len(child_title)], "how": how})
        elif kind == "sentence_omitted":
            truth.append({"type": kind, "in": "body", "parent": list(ps[0]), "child": [cmark, cmark]})
        elif kind == "sentence_inserted":
            truth.append({"type": kind, "in": "body", "parent": None, "child": list(cs[0])})
        elif kind != "none":
            truth.append({"type": kind, "in": "body", "parent": list(ps[0]), "child": list(cs[0])})
        return {"parent": parent, "child": child, "parent_title": parent_title, "child_title": child_title,
                "type": kind, "mutations": truth}


def main(args):
    rng = random.Random(f"mutations:{args.seed}")
    gen = Generator(args)
    kinds = []
    while len(kinds) < args.pairs:
        cycle = TYPES + ["none"]
        rng.shuffle(cycle)
        kinds.extend(cycle)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for i, kind in enumerate(kinds[:args.pairs]):
            pair = gen.pair(kind, random.Random(f"mutations:{args.seed}:{i}"))
            pair = {"id": f"s{args.seed}-{i}", "seed": args.seed, **pair}
            f.write(json.dumps(pair, ensure_ascii=False) + "\n")
