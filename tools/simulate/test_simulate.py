"""Checks of simulate.py reuse on the real METER texts (skipped when the data folder is absent):
same seed, same corpus; truth offsets point at the planted text; sources and hosts are of
different stories; the documented shares and sizes hold.

    /usr/bin/python3 -m unittest tools/simulate/test_simulate.py
"""

import json
import random
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import obfuscate  # noqa: E402
import reuse  # noqa: E402
import texts  # noqa: E402
from wordnet import WordNet  # noqa: E402

HAVE_METER = all(p.is_dir() for p in texts.default_sources() + texts.default_hosts())


def read_corpus(folder):
    truth = [json.loads(line) for line in (folder / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    files = {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
             for p in sorted(folder.rglob("*.txt"))}
    return truth, files


class WordNetSpinning(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.wordnet = WordNet()
        cls.spinner = obfuscate.Spinner(cls.wordnet)

    def test_lemmatise_with_exceptions_and_suffix_rules(self):
        self.assertIn(("find", "exc"), self.wordnet.lemmas("found", "v"))
        self.assertIn(("inspector", "s"), self.wordnet.lemmas("inspectors", "n"))
        self.assertIn(("child", "exc"), self.wordnet.lemmas("children", "n"))

    def test_synonyms_are_reinflected(self):
        self.assertIn("examiners", self.spinner.replacements("inspectors"))
        self.assertIn("pressing", self.spinner.replacements("urgent"))
        self.assertIn("detected", self.spinner.replacements("discovered"))  # -ed kept
        self.assertIn("kids", self.spinner.replacements("children"))  # irregular plural in, regular out

    def test_stopwords_names_and_punctuation_are_left_alone(self):
        text = "But Mr Muller said the defendant felt great remorse, and he told the court so."
        spun, facts = self.spinner.spin(text, 1.0, random.Random(1))
        for kept in ("But Mr Muller said the", ", and he", "the", "so."):
            self.assertIn(kept, spun)
        self.assertGreater(facts["spun_words"], 0)
        self.assertLessEqual(facts["spun_words"], facts["content_words"])


@unittest.skipUnless(HAVE_METER, "METER data folder not found (set STEMMA_DATA_DIR)")
class ReuseCorpus(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.wordnet = WordNet()
        cls.tmp = tempfile.TemporaryDirectory(prefix="simulate-test-")
        cls.root = Path(cls.tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def build(self, name, kind, seed=7, pairs=40):
        reuse.build(self.root / name, kind, seed, pairs, wordnet=self.wordnet)
        return read_corpus(self.root / name)

    def test_same_seed_same_corpus(self):
        self.assertEqual(self.build("a", "spin40"), self.build("b", "spin40"))
        self.assertNotEqual(self.build("c", "spin40", seed=8)[0], self.build("a", "spin40")[0])

    def test_every_kind_plants_what_the_truth_says(self):
        for kind in reuse.KINDS:
            with self.subTest(kind=kind):
                truth, files = self.build(kind, kind)
                self.assertEqual(len(truth), 40)
                self.assertEqual(sum(1 for t in truth if not t["cases"]), 10)  # 25% negatives
                pairs = (self.root / kind / "pairs.tsv").read_text(encoding="utf-8").splitlines()
                self.assertEqual(len(pairs), 40)
                for entry, line in zip(truth, pairs):
                    src_path, susp_path = line.split("\t")
                    self.assertTrue(src_path.endswith(entry["src"]) and susp_path.endswith(entry["susp"]))
                    # Hosts and sources come from different stories (METER catchline folders).
                    self.assertNotEqual(Path(entry["src_origin"]).parent.name, Path(entry["host_origin"]).parent.name)
                    src, susp = files[entry["src"]], files[entry["susp"]]
                    self.assertLessEqual(len(entry["cases"]), 3)
                    for c in entry["cases"]:
                        planted = susp[c["susp_offset"]:c["susp_offset"] + c["susp_length"]]
                        copied = src[c["src_offset"]:c["src_offset"] + c["src_length"]]
                        self.assertTrue(30 <= texts.word_count(copied) <= 400)
                        self.assertEqual(c["obfuscation"], kind)
                        if kind == "none":
                            self.assertEqual(planted, copied)
                        elif kind != "summary":
                            self.assertNotEqual(planted, copied)
                        else:  # a one-sentence passage may have nothing a summary would drop
                            self.assertLessEqual(len(planted), len(copied))
                        # Planted at sentence boundaries: nothing glued to either end.
                        before, after = susp[c["susp_offset"] - 1:c["susp_offset"]], susp[c["susp_offset"] + c["susp_length"]:][:1]
                        self.assertIn(before, ("", " ", "\n"))
                        self.assertIn(after, ("", " ", "\n"))

    def test_spin_share_is_the_share_of_content_words(self):
        truth, _ = self.build("spin20", "spin20")
        spun = sum(c["details"]["spun_words"] for t in truth for c in t["cases"])
        content = sum(c["details"]["content_words"] for t in truth for c in t["cases"])
        self.assertAlmostEqual(spun / content, 0.2, delta=0.02)


if __name__ == "__main__":
    unittest.main()
