"""A small reader of the WordNet 3.0 database files (Debian wordnet-base), enough for spinning.

- lemmatise with WordNet's own "morphy": the exception lists (*.exc), then its suffix rules;
- synonyms: the other lemmas of a lemma's most frequent senses (index.* lists synsets by
  frequency of the sense in the tagged concordance), read from data.* by byte offset.
"""

import os
from pathlib import Path

POS = ("n", "v", "a", "r")
_FILE = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}

# morphy's detachment rules: (suffix, replacement) per part of speech.
SUFFIX_RULES = {
    "n": [("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
          ("men", "man"), ("ies", "y")],
    "v": [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"),
          ("ing", "")],
    "a": [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
    "r": [],
}


def wordnet_dir():
    return Path(os.environ.get("WORDNET_DIR", "/usr/share/wordnet"))


class WordNet:
    def __init__(self, directory=None):
        self.dir = Path(directory or wordnet_dir())
        # lemma -> (tagged sense count, [synset offsets, most frequent first]) per POS
        self.index = {p: {} for p in POS}
        self.exceptions = {p: {} for p in POS}  # inflected form -> [lemmas]
        for p in POS:
            with open(self.dir / f"index.{_FILE[p]}", encoding="latin-1") as f:
                for line in f:
                    if line.startswith(" "):
                        continue  # licence header
                    fields = line.split()
                    n_synsets, n_pointers = int(fields[2]), int(fields[3])
                    tagged = int(fields[5 + n_pointers])
                    offsets = [int(o) for o in fields[6 + n_pointers:6 + n_pointers + n_synsets]]
                    self.index[p][fields[0]] = (tagged, offsets)
            with open(self.dir / f"{_FILE[p]}.exc", encoding="latin-1") as f:
                for line in f:
                    form, *lemmas = line.split()
                    self.exceptions[p].setdefault(form, []).extend(lemmas)
        # lemma -> its irregular forms, for putting a synonym back in the form it replaces
        self.irregular = {p: {} for p in POS}
        for p in POS:
            for form, lemmas in self.exceptions[p].items():
                for lemma in lemmas:
                    self.irregular[p].setdefault(lemma, []).append(form)
        self._data = {p: open(self.dir / f"data.{_FILE[p]}", "rb") for p in POS}
        self._synsets = {}

    def lemmas(self, word, pos):
        """morphy: the base forms of `word` as `pos` that WordNet knows, with how each was made
        ('' unchanged, else the suffix that was taken off, or 'exc' for an exception list entry)."""
        word = word.lower()
        found = []
        for lemma in self.exceptions[pos].get(word, []):
            if lemma in self.index[pos]:
                found.append((lemma, "exc"))
        if word in self.index[pos]:
            found.append((word, ""))
        for suffix, replacement in SUFFIX_RULES[pos]:
            if word.endswith(suffix) and len(word) > len(suffix) + 1:
                lemma = word[: len(word) - len(suffix)] + replacement
                if lemma in self.index[pos] and lemma not in (l for l, _ in found):
                    found.append((lemma, suffix))
        return found

    def tagged_count(self, lemma, pos):
        return self.index[pos].get(lemma, (0, []))[0]

    def synset_lemmas(self, pos, offset):
        """The lemmas of one synset, in WordNet's order (multi-word lemmas with spaces)."""
        key = (pos, offset)
        if key not in self._synsets:
            data = self._data[pos]
            data.seek(offset)
            fields = data.readline().decode("latin-1").split()
            count = int(fields[3], 16)
            words = []
            for i in range(count):
                lemma = fields[4 + 2 * i]
                if lemma.endswith(")") and "(" in lemma:  # adjective markers: "beautiful(a)"
                    lemma = lemma[: lemma.index("(")]
                words.append(lemma.replace("_", " "))
            self._synsets[key] = words
        return self._synsets[key]

    def synonyms(self, lemma, pos, senses=2):
        """Other lemmas of the `senses` most frequent senses of `lemma`, without repeats."""
        offsets = self.index[pos].get(lemma, (0, []))[1][:senses]
        out = []
        for offset in offsets:
            for other in self.synset_lemmas(pos, offset):
                if other.lower() != lemma and other not in out:
                    out.append(other)
        return out

    def has(self, lemma, pos):
        return lemma in self.index[pos]
