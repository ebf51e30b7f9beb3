"""Ways of rewriting a copied passage: synonym spinning, PAN-style random edits, sentence
reordering and summary-like compression. Each takes the passage's sentences (strings, in source
order, with the separators that stood between them) and a random.Random, and returns the text
to plant plus a few facts about what was done (kept in the truth file)."""

import re

# Snowball's English stopword list plus the contracted forms: the words a spinner leaves alone.
STOPWORDS = frozenset("""
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
her hers herself it its itself they them their theirs themselves what which who whom this that
these those am is are was were be been being have has had having do does did doing would should
could ought i'm you're he's she's it's we're they're i've you've we've they've i'd you'd he'd
she'd we'd they'd i'll you'll he'll she'll we'll they'll isn't aren't wasn't weren't hasn't
haven't hadn't doesn't don't didn't won't wouldn't shan't shouldn't can't cannot couldn't mustn't
let's that's who's what's here's there's when's where's why's how's a an the and but if or
because as until while of at by for with about against between into through during before after
above below to from up down in out on off over under again further then once here there when
where why how all any both each few more most other some such no nor not only own same so than
too very can will just should now also said says say mr mrs ms
""".split())
# Number words are content words to a tagger but a spinner turning "two" into "deuce" is rare.
NOT_SPUN = frozenset("one two three four five six seven eight nine ten eleven twelve twenty hundred thousand million billion first second third".split())

TOKEN = re.compile(r"\w+(?:['\u2019]\w+)*|\s+|[^\w\s]")
_SENTENCE_END = re.compile(r"[.!?]")


def _is_word(token):
    return token[:1].isalnum() or token[:1] == "_"


def _match_case(original, replacement):
    if len(original) > 1 and original.isupper():
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


# --- crude re-inflection, as article spinners do it -----------------------------------------

def _add_s(word):
    if word.endswith("man") and not word.endswith("human"):
        return word[:-3] + "men"
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    return word + "s"


def _add_ed(word):
    if word.endswith("e"):
        return word + "d"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ied"
    return word + "ed"


def _add_ing(word):
    if word.endswith("ie"):
        return word[:-2] + "ying"
    if word.endswith("e") and not word.endswith("ee") and len(word) > 2:
        return word[:-1] + "ing"
    return word + "ing"


_INFLECT = {"": lambda w: w, "s": _add_s, "ed": _add_ed, "ing": _add_ing}


def inflect(lemma, pos, form, irregular=None):
    """Puts a (possibly multi-word) lemma in the form of the word it replaces: the head word is
    the last one of a noun ("police officer" -> "police officers"), the first of a verb ("carry
    out" -> "carried out")."""
    if not form:
        return lemma
    words = lemma.split(" ")
    head = len(words) - 1 if pos == "n" else 0
    # WordNet's exception lists give irregular plurals and past forms ("found", "children"); a
    # past tense is taken to be the form that does not end in -n when there are two (went/gone).
    forms = [f for f in (irregular or {}).get(words[head], []) if form in ("s", "ed") and not f.endswith("ing")]
    if forms and form == "ed":
        forms = sorted(forms, key=lambda f: (f.endswith("n"), f))
    words[head] = forms[0] if forms and (pos == "n" or form == "ed") else _INFLECT[form](words[head])
    return " ".join(words)


class Spinner:
    """Replaces content words by WordNet synonyms of their most frequent senses."""

    def __init__(self, wordnet, senses=2):
        self.wn = wordnet
        self.senses = senses
        self._cache = {}

    def reading(self, word):
        """(lemma, pos, form) for a word, or None: the part of speech is guessed without a tagger,
        from the suffix that lemmatising took off (-ing/-ed mean a verb) and otherwise from the
        reading with most tagged senses."""
        lower = word.lower()
        readings = []
        for pos in ("n", "v", "a", "r"):
            for lemma, how in self.wn.lemmas(lower, pos):
                readings.append((lemma, pos, how))
        if not readings:
            return None
        verbal = [r for r in readings if r[1] == "v" and r[2] in ("ing", "ed", "exc")]
        if (lower.endswith("ing") or lower.endswith("ed")) and verbal:
            lemma, pos, how = verbal[0]
        else:
            lemma, pos, how = max(readings, key=lambda r: (self.wn.tagged_count(r[0], r[1]), r[2] == ""))
        if pos == "a" and how:
            return None  # comparatives: no crude way back to "more X"/"X-er"
        if pos == "n":
            form = "s" if how else ""
        elif pos == "v":
            if how == "exc":
                form = "ing" if lower.endswith("ing") else ("s" if lower.endswith("s") and not lower.endswith("ss") else "ed")
            else:
                form = {"s": "s", "es": "s", "ies": "s", "ed": "ed", "ing": "ing"}.get(how, "")
        else:
            form = ""
        return lemma, pos, form

    def replacements(self, word):
        """Inflected synonyms a spinner could put in place of `word` (may be empty)."""
        lower = word.lower()
        if lower not in self._cache:
            out = []
            reading = self.reading(lower)
            if reading:
                lemma, pos, form = reading
                for synonym in self.wn.synonyms(lemma, pos, self.senses):
                    if any(ch.isdigit() for ch in synonym) or lemma in synonym.lower().split(" "):
                        continue
                    inflected = inflect(synonym, pos, form, self.wn.irregular[pos])
                    if inflected.lower() != lower:
                        out.append(inflected)
            self._cache[lower] = out
        return self._cache[lower]

    def content_positions(self, tokens):
        """Indexes of content words: not stopwords, not numbers, at least 3 letters, and not
        capitalised inside a sentence (names are not spun)."""
        positions = []
        sentence_start = True
        for i, tok in enumerate(tokens):
            if _is_word(tok):
                lower = tok.lower()
                if (lower not in STOPWORDS and lower not in NOT_SPUN and tok.isalpha() and len(tok) >= 3
                        and (sentence_start or not tok[:1].isupper() or tok.isupper())):
                    positions.append(i)
                sentence_start = False
            elif _SENTENCE_END.fullmatch(tok):
                sentence_start = True
        return positions

    def spin(self, text, share, rng):
        """Replaces round(share x content words) of them (those that have a synonym)."""
        tokens = TOKEN.findall(text)
        content = self.content_positions(tokens)
        spinnable = [i for i in content if self.replacements(tokens[i])]
        target = min(len(spinnable), round(share * len(content)))
        for i in sorted(rng.sample(spinnable, target)):
            tokens[i] = _match_case(tokens[i], rng.choice(self.replacements(tokens[i])))
        return "".join(tokens), {"content_words": len(content), "spun_words": target}


# --- obfuscations over a passage -------------------------------------------------------------

def _tidy(text):
    """The usual spacing around punctuation, after words were taken out or moved."""
    text = re.sub(r"\s{2,}", " ", text)
    text = re.sub(r" ([,.;:!?)\]\u201d\u2019%])", r"\1", text)
    text = re.sub(r"([(\[\u201c\u2018$\u00a3]) ", r"\1", text)
    return re.sub(r",(?=[,.;:!?])", "", text).strip()


def _join_words(tokens):
    return _tidy(" ".join(tokens))


def random_obfuscation(text, rng, rate, spinner, vocabulary):
    """PAN-style random obfuscation: at each word, with probability `rate`, one of: shuffle a
    window of 2-4 tokens, delete the word, insert a word drawn from `vocabulary` after it, or
    replace it (a WordNet synonym when there is one, else a vocabulary word)."""
    tokens = [t for t in TOKEN.findall(text) if not t.isspace()]
    out = []
    counts = {"shuffle": 0, "delete": 0, "insert": 0, "replace": 0}
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if not _is_word(tok) or rng.random() >= rate:
            out.append(tok)
            i += 1
            continue
        op = rng.choice(("shuffle", "delete", "insert", "replace"))
        counts[op] += 1
        if op == "shuffle":
            window = tokens[i:i + rng.randint(2, 4)]
            rng.shuffle(window)
            out.extend(window)
            i += len(window)
            continue
        if op == "insert":
            out.extend([tok, rng.choice(vocabulary)])
        elif op == "replace":
            synonyms = spinner.replacements(tok)
            out.append(_match_case(tok, rng.choice(synonyms) if synonyms else rng.choice(vocabulary)))
        i += 1
    return _join_words(out), {"rate": rate, "operations": counts}


def reorder(sentences, rng, spinner, spin_share=0.1):
    """The passage's sentences in another order, then a light spin."""
    order = list(range(len(sentences)))
    if len(order) > 1:
        while order == sorted(order):
            rng.shuffle(order)
    text = " ".join(sentences[i] for i in order)
    text, spun = spinner.spin(text, spin_share, rng)
    return text, {"order": order, **spun}


_CLAUSE_WORDS = r"(?:who|whom|whose|which|where|when|although|though|while|whilst)"
_MID_CLAUSE = re.compile(r", " + _CLAUSE_WORDS + r"\b[^,;.!?\u201c\u201d\"]*,\s*")
_END_CLAUSE = re.compile(r", " + _CLAUSE_WORDS + r"\b[^,;.!?\u201c\u201d\"]*(?=[.;!?]$)")
_AGE = re.compile(r", \d{1,3}, ")
_PARENTHESIS = re.compile(r"\s*\([^()]*\)")


def compress_sentence(sentence, rng, wordnet, adjective_drop=0.5):
    """Drops parentheses, relative and concessive clauses, ", 28," ages, and about half of the
    words that WordNet knows only as adjectives."""
    s = _PARENTHESIS.sub("", sentence)
    s = _MID_CLAUSE.sub(" ", s)
    s = _END_CLAUSE.sub("", s)
    s = _AGE.sub(" ", s)
    tokens = TOKEN.findall(s)
    kept = []
    for i, tok in enumerate(tokens):
        lower = tok.lower()
        adjective_only = (tok.isalpha() and tok.islower() and lower not in STOPWORDS and wordnet.has(lower, "a")
                          and not wordnet.lemmas(lower, "n") and not wordnet.lemmas(lower, "v"))
        if not (adjective_only and rng.random() < adjective_drop):
            kept.append(tok)
    s = _tidy("".join(kept))
    return s[:1].upper() + s[1:] if s else sentence


def summary(sentences, rng, wordnet):
    """Summary-like compression: keeps 40-60% of the sentences (always the lead one, in source
    order) and compresses each."""
    n = len(sentences)
    keep = max(1, round(n * rng.uniform(0.4, 0.6)))
    chosen = [0] + sorted(rng.sample(range(1, n), keep - 1)) if n > 1 else [0]
    compressed = [compress_sentence(sentences[i], rng, wordnet) for i in chosen]
    if len(chosen) == 1 and compressed[0] == sentences[0]:
        # A one-sentence passage with no clause to drop: drop all its adjective-only words.
        compressed = [compress_sentence(sentences[0], rng, wordnet, adjective_drop=1.0)]
    text = " ".join(compressed)
    return text, {"kept_sentences": chosen, "of": n}
