"""`simulate.py traditions`: labelled copy trees ("traditions") of news stories, with known truth.

Each story is a real Press Association text (METER) as the root article and a copy tree of depth
1-5 below it; every child derives from its parent by one operation (verbatim republication,
credited quoting, credited paraphrase, uncredited synonym spin), copying errors introduced at some
nodes travel down to their descendants, some children aggregate two parents, some stories have
independent reports of the same event (METER newspaper articles labelled non-derived) or a root
withheld from the corpus (a placeholder parent). Unrelated articles are mixed in. Output: one JSONL
file for `stemma ingest` and truth.json. See README.md for every rule.
"""

import json
import random
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import obfuscate
import texts
from wordnet import WordNet

RELATIONS = ("verbatim_copy", "quoted_with_credit", "paraphrase_with_credit", "spin_uncredited", "aggregation")
OPERATIONS = ("verbatim", "quote", "paraphrase", "spin")
OPERATION_WEIGHTS = (0.35, 0.2, 0.2, 0.25)
RELATION_OF = {"verbatim": "verbatim_copy", "quote": "quoted_with_credit", "paraphrase": "paraphrase_with_credit",
               "spin": "spin_uncredited"}

# Date noise. jitter_hours: standard deviation of a normal shift of every given date; missing: share
# of articles with no date; crawl: share dated by the crawl (12-72 h after the story's last true
# publication); date_only: share of the remaining given as a bare day; offset: share written with a
# non-UTC offset (same instant).
NOISE_LEVELS = {
    "clean": {"jitter_hours": 0.0, "missing": 0.0, "crawl": 0.0, "date_only": 0.0, "offset": 0.0},
    "standard": {"jitter_hours": 1.5, "missing": 0.15, "crawl": 0.05, "date_only": 0.0, "offset": 0.2},
    "noisy": {"jitter_hours": 6.0, "missing": 0.25, "crawl": 0.15, "date_only": 0.15, "offset": 0.3},
}

P_ERROR = 0.3             # a non-root, non-quoting node introduces a copying error
P_INDEPENDENT = 0.6       # a story gets an independent report, when METER has one for it (about 1 story in 3 has)
P_WITHHELD = 0.15         # the root is left out of the corpus; its children credit it by name
P_AGGREGATION = 0.3       # a story gets an aggregation child with two parents
P_VERBATIM_CREDIT = 0.5   # a verbatim republication carries a credit
P_AGGREGATION_CREDIT = 0.7
MIN_ROOT_WORDS, MIN_ROOT_SENTENCES = 150, 6

_PLACES = ("Harbor", "Lakeshore", "Ashford", "Bramley", "Cedar Valley", "Northfield", "Riverside", "Kingsbridge",
           "Westmoor", "Eastgate", "Millbrook", "Stonebridge", "Fairhaven", "Oakridge", "Pine Hill", "Redcliffe",
           "Silverton", "Thornbury", "Elmstead", "Granite City", "Marston", "Hollow Creek", "Brightwater",
           "Southport", "Ravenscar")
_KINDS = ("Gazette", "Herald", "Courier", "Chronicle", "Post", "Daily Record", "Observer", "Sentinel",
          "Tribune", "Echo", "Telegraph", "Examiner", "Times", "Star", "Journal", "Advertiser")
_DIGITAL = ("NewsNow Digest", "DailyFeedHub", "FreedomPulse News", "TrendWire", "The Civic Ledger",
            "The Waterline Review", "Metro Briefing", "HeadlineHub", "PressRoom Today", "The Daily Scroll",
            "NewsCrate", "The Morning Bulletin", "Signal Report", "Open Wire News", "Viral Desk")
# Outlets of withheld roots: never the outlet of an article in the corpus.
_PLACEHOLDER_OUTLETS = ("Capital Newswire", "The National Dispatch", "Metro Press Agency", "Kingdom Wire Service",
                        "The Evening Standard-Bearer", "Central News Agency", "The Continental Post",
                        "Union Press Service", "The Meridian Times", "Atlas News Wire", "Crown Court Reporter",
                        "The Broadside")

_BOILERPLATE = ("Sign up for our free daily newsletter to get the latest news delivered to your inbox.",
                "Follow us on social media for breaking news and updates.",
                "Have a story tip? Contact our newsroom.",
                "Support independent journalism: subscribe today.")


def _domain(name):
    words = re.sub(r"[^a-z0-9 ]", "", name.lower().removeprefix("the ")).split()
    return "".join(words) + (".co.uk" if len(words) % 2 else ".com")


def outlet_pool():
    """(name, domain) for every outlet articles may have, in a fixed order."""
    names = [f"The {p} {k}" for p, k in zip(_PLACES, _KINDS * 2)]
    names += [f"{p} {k}" for p, k in zip(_PLACES[::-1], _KINDS[5:] + _KINDS[:5])]
    names += list(_DIGITAL)
    seen, out = set(), []
    for n in names:
        if n not in seen:
            seen.add(n)
            out.append((n, _domain(n)))
    return out


# --- text helpers -----------------------------------------------------------------------------

_LINK = re.compile(r"://|\b[\w-]+\.(?:com|co\.uk)\b")


def _has_link(paragraph):
    """Credit lines with a URL or domain are copied as they are, never spun."""
    return bool(_LINK.search(paragraph))


def _sentence_texts(paragraph):
    return [paragraph[s.begin:s.end] for s in texts.sentences(paragraph + "\n")]


def _is_body(paragraph):
    letters = [c for c in paragraph if c.isalpha()]
    return (texts.word_count(paragraph) >= 4 and not paragraph.startswith("By ")
            and not (letters and sum(c.isupper() for c in letters) > 0.7 * len(letters)))


def body_paragraphs(text):
    """The paragraphs of a cleaned METER text without headline lines, bylines and scraps."""
    return [p for p in text.split("\n\n") if p.strip() and _is_body(p.strip())]


def _join(paragraphs):
    return "\n\n".join(p for p in paragraphs if p.strip())


def _shingles(text, n=8):
    w = [x.lower() for x in texts.words(text)]
    return {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}


def shares_text(a, b, n=8):
    """True if the two texts share a run of n words (case-insensitive)."""
    return bool(_shingles(a, n) & _shingles(b, n))


def _title_from(text, words=12):
    first = _sentence_texts(text.split("\n\n")[0])[0] if text.strip() else ""
    w = first.rstrip(".").split()
    return " ".join(w[:words])


def _lower_first(sentence):
    first = sentence.split(" ", 1)[0]
    if first.lower() in obfuscate.STOPWORDS and not first.isupper():
        return sentence[:1].lower() + sentence[1:]
    return sentence


# --- credits ----------------------------------------------------------------------------------

CREDIT_FORMS = ("first_appeared", "according_to", "as_reported", "via", "reported", "link")


def add_credit(paragraphs, name, domain, url, rng, form=None, by_name=False):
    """Adds a credit to the parent (by name, or a link to its URL/domain); returns (paragraphs, form)."""
    forms = [f for f in CREDIT_FORMS if not (by_name and f == "link")]
    form = form or rng.choice(forms)
    paras = list(paragraphs)
    if form == "first_appeared":
        paras.append(rng.choice((f"This article first appeared on {name}.",
                                 f"This story was first published by {name} and is republished with permission.")))
    elif form == "via":
        paras.append(f"(via {name})")
    elif form == "link":
        paras.append(rng.choice((f"Read the original report at {url}", f"Source: {domain}")))
    else:
        sentences = _sentence_texts(paras[0])
        s = sentences[0]
        if form == "according_to" and s.endswith("."):
            s = f"{s[:-1]}, according to {name}."
        elif form == "reported" and s.endswith("."):
            s = f"{s[:-1]}, {name} reported."
        else:
            form = "as_reported"
            s = f"As {name} reported, {_lower_first(s)}"
        paras[0] = " ".join([s] + sentences[1:])
    return paras, form


# --- copying errors ---------------------------------------------------------------------------

_CAP_RUN = re.compile(r"(?<![\w'\u2019])([A-Z][a-z]+(?: [A-Z][a-z]+){0,2})(?![\w])")
_NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _context(text, begin, end, width=25):
    """A snippet around text[begin:end], cut at word boundaries."""
    a = max(0, begin - width)
    b = min(len(text), end + width)
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    while b < len(text) and not text[b].isspace():
        b += 1
    return text[a:b].strip()


def introduce_error(text, rng, pool_sentences, spinner):
    """One copying error in text: (new text, record) or (text, None) when none could be made.
    The record's `after` is a snippet of the new text that only the erroneous reading contains."""
    kinds = ["strip_name", "typo", "changed_word", "added_sentence"]
    rng.shuffle(kinds)
    for kind in kinds:
        if kind == "strip_name":
            # A name inside a sentence (not the first word), all of its occurrences lost, as when
            # link texts are stripped: "the optics of 's invasion of ,".
            names = []
            for m in _CAP_RUN.finditer(text):
                before = text[:m.start()].rstrip()
                if not before or before[-1] in ".!?\u201c\"(:" or m.group(1).split()[0].lower() in obfuscate.STOPWORDS:
                    continue
                if m.group(1) in ("Mr", "Mrs", "Ms", "Dr", "Justice", "Judge"):
                    continue
                names.append(m)
            if not names:
                continue
            m = rng.choice(names)
            name = m.group(1)
            marked = text[:m.start()] + "\x00" + text[m.end():]
            new = re.sub(r"(?<![\w'\u2019])" + re.escape(name) + r"(?![\w])", "", marked)
            new = re.sub(r"[ \t]{2,}", " ", re.sub(r" \x00 ", " \x00", new))
            at = new.index("\x00")
            new = new.replace("\x00", "")
            return new, {"kind": "strip_name", "before": name, "after": _context(new, at, at, 20)}
        if kind == "typo":
            spots = [m for m in re.finditer(r"\b[a-z]{6,}\b", text)]
            if not spots:
                continue
            m = rng.choice(spots)
            w = m.group()
            i = rng.randrange(1, len(w) - 2)
            typo = w[:i] + w[i + 1] + w[i] + w[i + 2:]
            if typo == w:
                continue
            new = text[:m.start()] + typo + text[m.end():]
            return new, {"kind": "typo", "before": w, "after": _context(new, m.start(), m.start() + len(typo))}
        if kind == "changed_word":
            spots = [m for m in re.finditer(r"\b(\d+|" + "|".join(_NUMBER_WORDS) + r")\b", text)]
            if spots:
                m = rng.choice(spots)
                w = m.group()
                if w.isdigit():
                    repl = str(int(w) + rng.choice((1, 2, 10))) if len(w) < 4 else w[:-1] + str((int(w[-1]) + 3) % 10)
                else:
                    repl = rng.choice([x for x in _NUMBER_WORDS if x != w])
            else:
                spots = [m for m in re.finditer(r"\b[a-z]{5,}\b", text) if spinner.replacements(m.group())]
                if not spots:
                    continue
                m = rng.choice(spots)
                repl = rng.choice(spinner.replacements(m.group()))
            new = text[:m.start()] + repl + text[m.end():]
            return new, {"kind": "changed_word", "before": m.group(), "after": _context(new, m.start(), m.start() + len(repl))}
        if kind == "added_sentence":
            if not pool_sentences:
                continue
            sentence = pool_sentences.pop()
            paras = text.split("\n\n")
            i = rng.randrange(len(paras))
            paras[i] = paras[i] + " " + sentence
            return "\n\n".join(paras), {"kind": "added_sentence", "before": "", "after": sentence}
    return text, None


# --- operations ---------------------------------------------------------------------------------

def _drop_and_reorder(paragraphs, rng, p_drop, p_reorder, details):
    paras = list(paragraphs)
    if len(paras) > 4 and rng.random() < p_drop:
        k = rng.randint(1, min(2, len(paras) - 4))
        dropped = sorted(rng.sample(range(1, len(paras)), k))
        details["dropped_paragraphs"] = dropped
        paras = [p for i, p in enumerate(paras) if i not in dropped]
    if len(paras) > 3 and rng.random() < p_reorder:
        i = rng.randrange(1, len(paras) - 1)
        paras[i], paras[i + 1] = paras[i + 1], paras[i]
        details["swapped_paragraphs"] = [i, i + 1]
    return paras


class Operations:
    def __init__(self, wordnet):
        self.wordnet = wordnet
        self.spinner = obfuscate.Spinner(wordnet)

    def verbatim(self, paragraphs, rng, details, preface=None):
        paras = list(paragraphs)
        if len(paras) > 4 and rng.random() < 0.3:
            k = rng.randint(1, 2)
            details["dropped_last_paragraphs"] = k
            paras = paras[:-k]
        if preface:
            details["preface"] = True
            paras = [preface] + paras
        return paras

    def spin(self, paragraphs, rng, details):
        paras = _drop_and_reorder(paragraphs, rng, 0.4, 0.3, details)
        share = rng.uniform(0.3, 0.6)
        details["spin_share"] = round(share, 2)
        out = [p if _has_link(p) else self.spinner.spin(p, share, rng)[0] for p in paras]
        if rng.random() < 0.3:
            out.append(rng.choice(_BOILERPLATE))
            details["boilerplate"] = True
        return out

    def paraphrase(self, paragraphs, rng, details):
        """Shorter, reworded: quotes kept verbatim, other sentences compressed and lightly spun,
        about a quarter of them dropped, paragraphs sometimes swapped."""
        paras = _drop_and_reorder(paragraphs, rng, 0.3, 0.5, details)
        out = []
        for pi, p in enumerate(paras):
            if _has_link(p):
                out.append(p)
                continue
            kept = []
            for si, s in enumerate(_sentence_texts(p)):
                if (pi or si) and rng.random() < 0.25:
                    continue
                if "\u201c" in s or '"' in s:
                    kept.append(s)
                else:
                    s = obfuscate.compress_sentence(s, rng, self.wordnet)
                    kept.append(self.spinner.spin(s, 0.3, rng)[0])
            if kept:
                out.append(" ".join(kept))
        return out

    def quote(self, paragraphs, commentary, name, rng, details):
        """Own commentary (real sentences of an unrelated article) with 2-4 passages of the parent
        in quotation marks, the first introduced by a credit."""
        candidates = [s for p in paragraphs for s in _sentence_texts(p) if texts.word_count(s) >= 10]
        k = min(len(candidates), rng.randint(2, 4))
        chosen = sorted(rng.sample(range(len(candidates)), k))
        leads = [rng.choice((f"As {name} reported,", f"{name} reported:", f"According to {name},")),
                 "The report went on:", "It added:", "The report also said:", "And further:"]
        quotes = []
        for j, i in enumerate(chosen):
            q = candidates[i].replace("\u201c", "\u2018").replace("\u201d", "\u2019").replace('"', "\u2019")
            quotes.append(f"{leads[j]} \u201c{q}\u201d")
        details["quoted_sentences"] = k
        out = []
        c = list(commentary)
        # commentary paragraph, quote, commentary, quote, ... then the rest of the commentary
        out.append(c.pop(0) if c else "")
        for q in quotes:
            out.append(q)
            if c:
                out.append(c.pop(0))
        out.extend(c)
        return [p for p in out if p]


# --- dates --------------------------------------------------------------------------------------

def _iso(dt):
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def noisy_dates(true_times, crawl_time, noise, rng):
    """{id: (given string or None, how)} for one story's articles."""
    params = NOISE_LEVELS[noise]
    out = {}
    for aid, t in true_times.items():
        r = rng.random()
        if r < params["missing"]:
            out[aid] = (None, "missing")
            continue
        if r < params["missing"] + params["crawl"]:
            out[aid] = (_iso(crawl_time), "crawl")
            continue
        given = t + timedelta(hours=rng.gauss(0, params["jitter_hours"])) if params["jitter_hours"] else t
        how = "jitter" if params["jitter_hours"] else "exact"
        if rng.random() < params["date_only"]:
            out[aid] = (given.strftime("%Y-%m-%d"), "date_only")
        elif rng.random() < params["offset"]:
            hours = rng.choice((-5, -4, 1, 2, 10))
            local = given.astimezone(timezone(timedelta(hours=hours)))
            out[aid] = (local.isoformat(timespec="seconds"), how)
        else:
            out[aid] = (_iso(given), how)
    return out


def folder_date(origin):
    """The DD.MM.YY folder of a METER path as a UTC midnight, or None."""
    for part in Path(origin).parts:
        m = re.fullmatch(r"(\d\d)\.(\d\d)\.(\d\d)", part)
        if m:
            d, mo, y = (int(x) for x in m.groups())
            return datetime(2000 + y if y < 50 else 1900 + y, mo, d, tzinfo=timezone.utc)
    return None


# --- METER selection ----------------------------------------------------------------------------

def _meter_labels():
    """newspaper origin (relative to the data folder, meter/...) -> wholly/partially/non."""
    index = texts.data_dir() / "meter" / "file_index"
    labels = {}
    if not index.is_dir():
        return labels
    for domain in sorted(index.iterdir()):
        for name in ("wholly", "partially", "non"):
            f = domain / f"{name}_derived.txt"
            if f.exists():
                for line in f.read_text(encoding="utf-8", errors="replace").split():
                    labels["meter/" + line.strip().removeprefix("meter_corpus/")] = name
    return labels


def _folder(origin):
    """domain/date/catchline of a METER file."""
    return "/".join(Path(origin).parts[-4:-1])


# --- the generator ------------------------------------------------------------------------------

class _Node:
    def __init__(self, nid, parent, depth):
        self.id = nid
        self.parents = [parent.id] if parent is not None else []
        if parent is not None:
            parent.children.append(nid)
        self.depth = depth
        self.children = []
        self.op = None
        self.paragraphs = []
        self.outlet = None
        self.title = ""
        self.time = None


def build(out, seed=1, stories=40, noise="standard", unrelated=None, sources=None, hosts=None, wordnet=None,
          name="traditions"):
    """Writes out/NAME.jsonl, out/truth.json and out/withheld.jsonl; returns the truth.

    The texts and trees depend on the seed only; the dates on the seed and the noise level, so
    the corpora of one seed at different noise levels differ only in their dates."""
    if noise not in NOISE_LEVELS:
        raise ValueError(f"unknown noise level {noise!r}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"traditions:{seed}")
    date_rng = random.Random(f"traditions-dates:{seed}:{noise}")
    wordnet = wordnet or WordNet()
    ops = Operations(wordnet)
    spinner = ops.spinner

    pa = [d for d in texts.load(sources or texts.default_sources(), 60)]
    news = texts.load(hosts or texts.default_hosts(), 60)
    if not pa or not news:
        raise SystemExit("simulate: no METER texts found (set STEMMA_DATA_DIR)")
    labels = _meter_labels()
    roots_by_story = {}
    for d in pa:
        paras = body_paragraphs(d.text)
        body = _join(paras)
        if texts.word_count(body) >= MIN_ROOT_WORDS and len(texts.sentences(body + "\n")) >= MIN_ROOT_SENTENCES \
                and len(paras) >= 3:
            roots_by_story.setdefault(d.story, []).append(d)
    independents_by_folder = {}
    for d in news:
        if labels.get(d.origin) == "non":
            independents_by_folder.setdefault(_folder(d.origin), []).append(d)

    independent_cache = {}

    def _independents(root_doc):
        if root_doc.origin not in independent_cache:
            independent_cache[root_doc.origin] = [
                d for d in independents_by_folder.get(_folder(root_doc.origin), [])
                if not shares_text(d.text, root_doc.text)]
        return independent_cache[root_doc.origin]

    story_keys = sorted(roots_by_story)
    rng.shuffle(story_keys)
    n_unrelated = max(1, stories // 4) if unrelated is None else unrelated
    if len(story_keys) < stories + n_unrelated:
        raise SystemExit(f"simulate: only {len(story_keys)} METER stories for {stories} + {n_unrelated}")
    chosen, unrelated_keys = story_keys[:stories], story_keys[stories:stories + n_unrelated]
    used = set(chosen) | set(unrelated_keys)
    # Commentary for quoting children, aggregations, prefaces and added sentences: newspaper
    # articles of other stories, each used once.
    commentary_docs = [d for d in news if d.story not in used]
    rng.shuffle(commentary_docs)

    def commentary(k_min=2, k_max=4):
        doc = commentary_docs.pop()
        paras = [p for p in body_paragraphs(doc.text) if texts.word_count(p) >= 8]
        return paras[:rng.randint(k_min, k_max)] or [_join(body_paragraphs(doc.text))]

    pool_sentences = []

    def pool_sentence():
        while not pool_sentences:
            doc = commentary_docs.pop()
            pool_sentences.extend(s for p in body_paragraphs(doc.text) for s in _sentence_texts(p)
                                  if 8 <= texts.word_count(s) <= 30 and "\u201c" not in s)
        return pool_sentences

    outlets = outlet_pool()
    placeholder_outlets = list(_PLACEHOLDER_OUTLETS)
    rng.shuffle(placeholder_outlets)

    records, truth_articles, edges, ph_list, ph_edges, events, errors, withheld = [], {}, [], [], [], [], [], []

    for si, key in enumerate(chosen):
        sid = f"s{si + 1:03d}"
        candidates_roots = roots_by_story[key]
        # A root whose folder has a non-derived article sharing no text with it, when there is one.
        with_independent = [d for d in candidates_roots if _independents(d)]
        want_independent = bool(with_independent) and rng.random() < P_INDEPENDENT
        if want_independent:
            candidates_roots = with_independent
        root_doc = rng.choice(candidates_roots)
        base = (folder_date(root_doc.origin) or datetime(1999, 7, 1, tzinfo=timezone.utc)) + \
            timedelta(hours=rng.uniform(6, 18))
        depth = rng.randint(1, 5)
        nodes = [_Node(f"{sid}-n00", None, 0)]
        for d in range(1, depth + 1):  # a chain down to the depth, then branches
            nodes.append(_Node(f"{sid}-n{len(nodes):02d}", nodes[-1], d))
        for _ in range(rng.randint(1, 6)):
            candidates = [n for n in nodes if n.depth < depth]
            p = rng.choice(candidates)
            nodes.append(_Node(f"{sid}-n{len(nodes):02d}", p, p.depth + 1))
        by_id = {n.id: n for n in nodes}
        withhold = rng.random() < P_WITHHELD and placeholder_outlets
        story_outlets = rng.sample(outlets, len(nodes) + 2)
        root = nodes[0]
        root.op = "root"
        root.paragraphs = body_paragraphs(root_doc.text)
        root.outlet = placeholder_outlets.pop() if withhold else story_outlets[0]
        root.outlet = (root.outlet, _domain(root.outlet)) if isinstance(root.outlet, str) else root.outlet
        root.title = _title_from(_join(root.paragraphs))
        root.time = base
        story_edges = []
        # Operations, top-down (nodes are in creation order, parents first).
        for ni, n in enumerate(nodes[1:], start=1):
            parent = by_id[n.parents[0]]
            n.outlet = story_outlets[ni]
            weights = list(OPERATION_WEIGHTS)
            if n.children:
                weights[1] = 0  # a quoting commentary has no copies of its own here
            if withhold and parent is root:
                weights[3] = 0  # children of a withheld root credit it
            op = rng.choices(OPERATIONS, weights)[0]
            n.op = op
            details = {}
            pname, pdomain = parent.outlet
            parent_url = _url(parent, sid)
            if op == "verbatim":
                preface = commentary(1, 1)[0] if rng.random() < 0.15 else None
                paras = ops.verbatim(parent.paragraphs, rng, details, preface)
                credited = rng.random() < P_VERBATIM_CREDIT or (withhold and parent is root)
                n.title = parent.title if rng.random() < 0.7 else rng.choice(("UPDATE: ", "Report: ", "")) + parent.title
            elif op == "spin":
                paras = ops.spin(parent.paragraphs, rng, details)
                credited = False
                n.title = spinner.spin(parent.title, 0.5, rng)[0]
            elif op == "paraphrase":
                paras = ops.paraphrase(parent.paragraphs, rng, details)
                credited = True
                n.title = spinner.spin(parent.title, 0.4, rng)[0]
            else:
                paras = ops.quote(parent.paragraphs, commentary(2, 4), pname, rng, details)
                credited = True
                n.title = "Comment: " + _title_from(_join(paras), 9)
            if op != "quote" and rng.random() < P_ERROR:
                text, err = introduce_error(_join(paras), rng, pool_sentence(), spinner)
                if err:
                    paras = text.split("\n\n")
                    err["node"] = n.id
                    errors.append(err)
            form = None
            if credited and op != "quote":
                paras, form = add_credit(paras, pname, pdomain, parent_url, rng, by_name=bool(withhold and parent is root))
            elif op == "quote":
                form = "as_reported"
            n.paragraphs = paras
            n.time = parent.time + timedelta(hours=_delay(rng))
            story_edges.append({"parent": parent.id, "child": n.id, "relation": RELATION_OF[op], "credited": credited,
                                "operation": op, "credit_form": form, "details": details})
        # Independent report of the same event.
        independent = None
        if want_independent:
            cands = _independents(root_doc)
            if cands:
                doc = rng.choice(cands)
                independent = _Node(f"{sid}-ind", None, 0)
                independent.op = "independent"
                independent.paragraphs = body_paragraphs(doc.text)
                independent.outlet = story_outlets[len(nodes)]
                independent.title = _title_from(_join(independent.paragraphs))
                independent.time = base + timedelta(hours=rng.uniform(-3, 12))
                independent.origin = doc.origin
        # Aggregation: a leaf with two parents from two branches (or a branch and the independent report).
        aggregation = None
        if rng.random() < P_AGGREGATION and len(nodes) > 2:
            aggregation = _aggregate(sid, nodes, by_id, root, withhold, independent, rng, commentary, story_outlets)
            if aggregation:
                agg, agg_edges = aggregation
                story_edges.extend(agg_edges)
        # Articles, dates, records.
        members = ([] if withhold else [root]) + nodes[1:] + ([independent] if independent else []) + \
            ([aggregation[0]] if aggregation else [])
        everything = nodes + ([independent] if independent else []) + ([aggregation[0]] if aggregation else [])
        crawl = max(m.time for m in everything) + timedelta(hours=rng.uniform(12, 72))
        given = noisy_dates({m.id: m.time for m in members}, crawl, noise, date_rng)
        for m in everything:
            rec = {"id": m.id, "url": _url(m, sid), "outlet": m.outlet[0], "title": m.title, "text": _join(m.paragraphs)}
            if m in members and given[m.id][0]:
                rec["published"] = given[m.id][0]
            (withheld if m is root and withhold else records).append(rec)
            parents = [e["parent"] for e in story_edges if e["child"] == m.id]
            truth_articles[m.id] = {
                "story": sid, "role": m.op, "depth": m.depth, "outlet": m.outlet[0], "domain": m.outlet[1],
                "url": rec["url"], "published_true": _iso(m.time),
                "published_given": given[m.id][0] if m in members else None,
                "date_noise": given[m.id][1] if m in members else "withheld",
                "origin": getattr(m, "origin", root_doc.origin if m.op != "aggregation" else None),
                "parents": parents, "in_corpus": m in members}
        if withhold:
            pkey = root.outlet[0].lower()
            ph_list.append({"key": pkey, "name": root.outlet[0], "domain": root.outlet[1], "story": sid,
                            "withheld": root.id})
            for e in story_edges:
                if e["parent"] == root.id:
                    ph_edges.append({"placeholder": pkey, "child": e["child"], "relation": e["relation"],
                                     "credited": e["credited"], "credit_form": e["credit_form"]})
            story_edges = [e for e in story_edges if e["parent"] != root.id]
        edges.extend(story_edges)
        present = [m.id for m in members]
        events.append({"event": sid, "origin": root_doc.origin, "root": None if withhold else root.id,
                       "placeholder": root.outlet[0].lower() if withhold else None,
                       "articles": present, "independent": [independent.id] if independent else []})

    for ui, key in enumerate(unrelated_keys):
        doc = rng.choice(roots_by_story[key])
        uid = f"u{ui + 1:03d}"
        name_, domain = rng.choice(outlets)
        t = (folder_date(doc.origin) or datetime(1999, 7, 1, tzinfo=timezone.utc)) + timedelta(hours=rng.uniform(6, 18))
        body = _join(body_paragraphs(doc.text))
        given = noisy_dates({uid: t}, t + timedelta(hours=24), noise, date_rng)[uid]
        rec = {"id": uid, "url": f"https://{domain}/{t:%Y/%m/%d}/{_slug(_title_from(body))}-{uid}", "outlet": name_,
               "title": _title_from(body), "text": body}
        if given[0]:
            rec["published"] = given[0]
        records.append(rec)
        truth_articles[uid] = {"story": None, "role": "unrelated", "depth": 0, "outlet": name_, "domain": domain,
                               "url": rec["url"], "published_true": _iso(t), "published_given": given[0],
                               "date_noise": given[1], "origin": doc.origin, "parents": [], "in_corpus": True}

    # Which articles carry each copying error (by its snippet: verbatim copies always do).
    text_of = {r["id"]: r["text"] for r in records + withheld}
    for err in errors:
        err["carried_by"] = sorted(a for a, t in text_of.items() if a != err["node"] and err["after"] in t
                                   and _descends(a, err["node"], truth_articles))
    order = rng.sample(range(len(records)), len(records))  # stories interleaved, as a crawl would be
    records = [records[i] for i in order]
    roots = sorted(a for a, t in truth_articles.items() if t["in_corpus"] and not
                   [p for p in t["parents"] if truth_articles[p]["in_corpus"]])
    truth = {"generator": "tools/simulate/simulate.py traditions", "seed": seed, "noise": noise,
             "noise_params": NOISE_LEVELS[noise], "stories": stories, "unrelated": [f"u{i + 1:03d}" for i in range(n_unrelated)],
             "corpus": f"{name}.jsonl", "articles": truth_articles, "edges": edges, "roots": roots,
             "placeholders": ph_list, "placeholder_edges": ph_edges, "events": events, "errors": errors}
    with open(out / f"{name}.jsonl", "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(out / "withheld.jsonl", "w", encoding="utf-8") as f:
        for r in withheld:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    (out / "truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return truth


def _descends(a, ancestor, articles, seen=None):
    seen = seen or set()
    for p in articles[a]["parents"]:
        if p == ancestor or (p not in seen and (seen.add(p) or _descends(p, ancestor, articles, seen))):
            return True
    return False


def _delay(rng):
    """Hours between a parent and its copy: log-uniform, 30 minutes to two days."""
    return 2 ** rng.uniform(-1, 5.6)


def _slug(title):
    return "-".join(re.findall(r"[a-z0-9]+", title.lower())[:8]) or "story"


def _url(node, sid):
    name, domain = node.outlet
    t = node.time or datetime(1999, 7, 1, tzinfo=timezone.utc)
    return f"https://www.{domain}/news/{t:%Y/%m/%d}/{_slug(node.title)}-{node.id.replace('-', '')}"


def _aggregate(sid, nodes, by_id, root, withhold, independent, rng, commentary, story_outlets):
    """A leaf drawing 2-3 paragraphs from each of two parents that share none of those paragraphs."""
    def ancestors(n):
        out = set()
        while n.parents:
            n = by_id[n.parents[0]]
            out.add(n.id)
        return out

    usable = [n for n in nodes if n.op != "quote" and not (withhold and n is root) and len(n.paragraphs) >= 3]
    pairs = []
    for a in usable:
        for b in usable + ([independent] if independent else []):
            if a is b or b.id in ancestors(a) or a.id in ancestors(b):
                continue
            pairs.append((a, b))
    rng.shuffle(pairs)
    for a, b in pairs[:20]:
        ia = rng.randrange(0, len(a.paragraphs) - 1)
        ib = rng.randrange(0, len(b.paragraphs) - 1)
        from_a = a.paragraphs[ia:ia + rng.randint(2, 3)]
        from_b = b.paragraphs[ib:ib + rng.randint(2, 3)]
        # Each parent's paragraphs must be its own: not in the other parent, nor shared with it.
        if shares_text(_join(from_a), _join(b.paragraphs)) or shares_text(_join(from_b), _join(a.paragraphs)):
            continue
        links = commentary(2, 3)
        paras = [links[0]] + from_a + links[1:2] + from_b + links[2:]
        credited = rng.random() < P_AGGREGATION_CREDIT
        if credited:
            paras.append(f"This report draws on reporting by {a.outlet[0]} and {b.outlet[0]}.")
        agg = _Node(f"{sid}-agg", None, max(a.depth, b.depth) + 1)
        agg.parents = [a.id, b.id]
        agg.op = "aggregation"
        agg.paragraphs = paras
        agg.outlet = story_outlets[len(nodes) + 1]
        agg.title = "What we know: " + a.title
        agg.time = max(a.time, b.time) + timedelta(hours=_delay(rng))
        edges = [{"parent": p.id, "child": agg.id, "relation": "aggregation", "credited": credited,
                  "operation": "aggregation", "credit_form": "first_appeared" if credited else None,
                  "details": {"paragraphs": len(fa)}} for p, fa in ((a, from_a), (b, from_b))]
        return agg, edges
    return None


def add_arguments(parser):
    parser.add_argument("--out", required=True, type=Path, help="output folder (created; files in it are replaced)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--stories", type=int, default=40, help="number of copy trees (default 40)")
    parser.add_argument("--unrelated", type=int, help="unrelated articles (default stories/4)")
    parser.add_argument("--noise", choices=sorted(NOISE_LEVELS), default="standard", help="date noise (default standard)")
    parser.add_argument("--sources", nargs="+", type=Path, help="root texts (default: METER PA raw texts)")
    parser.add_argument("--hosts", nargs="+", type=Path,
                        help="independent reports and commentary (default: METER newspaper raw texts)")


def main(args):
    truth = build(args.out, args.seed, args.stories, args.noise, args.unrelated, args.sources, args.hosts)
    n = sum(1 for a in truth["articles"].values() if a["in_corpus"])
    print(f"{args.out}: {n} articles in {args.out / truth['corpus']}, {len(truth['edges'])} edges, "
          f"{len(truth['placeholder_edges'])} placeholder edges, {len(truth['errors'])} copying errors, "
          f"noise {args.noise}, seed {args.seed}")
