"""Checks of simulate.py traditions on the real METER texts (skipped when the data folder is absent):
same seed, same corpus; noise levels change dates only; every truth edge's child contains text of
its parent; copying errors reach the verbatim descendants; placeholders, independents, aggregations
and the JSONL records are as the truth says.

    /usr/bin/python3 -m unittest tools/simulate/test_traditions.py      # also ctest -R simulate_traditions
"""

import json
import re
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import texts  # noqa: E402
import traditions  # noqa: E402
from wordnet import WordNet  # noqa: E402

HAVE_METER = all(p.is_dir() for p in texts.default_sources() + texts.default_hosts())


def read(folder):
    records = [json.loads(l) for l in (folder / "traditions.jsonl").read_text(encoding="utf-8").splitlines()]
    withheld = [json.loads(l) for l in (folder / "withheld.jsonl").read_text(encoding="utf-8").splitlines()]
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    return records, withheld, truth


def shared_run(parent, child, n=6):
    """Longest run of words (case-folded) the child has from the parent, at least n long?"""
    return traditions.shares_text(parent, child, n)


@unittest.skipUnless(HAVE_METER, "METER data folder not found (set STEMMA_DATA_DIR)")
class Traditions(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.wordnet = WordNet()
        cls.tmp = tempfile.TemporaryDirectory(prefix="traditions-test-")
        cls.root = Path(cls.tmp.name)
        cls.corpora = {}

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def build(self, name, seed=11, noise="standard", stories=20):
        if name not in self.corpora:
            traditions.build(self.root / name, seed, stories, noise, wordnet=self.wordnet)
            self.corpora[name] = read(self.root / name)
        return self.corpora[name]

    def test_same_seed_same_corpus_and_noise_changes_dates_only(self):
        a, b = self.build("a"), self.build("b")
        self.assertEqual(a, b)
        self.assertEqual((self.root / "a" / "traditions.jsonl").read_bytes(),
                         (self.root / "b" / "traditions.jsonl").read_bytes())
        self.assertNotEqual(self.build("c", seed=12)[0], a[0])
        clean = self.build("clean", noise="clean")
        strip = lambda recs: sorted((r["id"], r["text"], r["title"], r["outlet"]) for r in recs)
        self.assertEqual(strip(clean[0]), strip(a[0]))
        self.assertEqual(clean[2]["edges"], a[2]["edges"])
        self.assertTrue(all("published" in r for r in clean[0]))
        self.assertLess(sum("published" in r for r in a[0]), len(a[0]))  # standard: some dates missing

    def test_truth_edges_are_real(self):
        records, withheld, truth = self.build("a")
        text = {r["id"]: r["text"] for r in records + withheld}
        ids = {r["id"] for r in records}
        self.assertEqual(len(ids), len(records))
        arts = truth["articles"]
        self.assertEqual({a for a, t in arts.items() if t["in_corpus"]}, ids)
        relations = set()
        for e in truth["edges"] + [dict(e, parent=p["withheld"]) for e in truth["placeholder_edges"]
                                   for p in truth["placeholders"] if p["key"] == e["placeholder"]]:
            relations.add(e["relation"])
            self.assertIn(e["relation"], traditions.RELATIONS)
            parent, child = text[e["parent"]], text[e["child"]]
            self.assertTrue(shared_run(parent, child), (e["parent"], e["child"]))
            if e["relation"] == "verbatim_copy":
                # verbatim: at least one whole paragraph of the parent
                self.assertTrue(any(p in child for p in parent.split("\n\n") if len(p) > 80), e)
            if e["relation"] == "quoted_with_credit":
                self.assertIn("\u201c", child)
            if e["credited"] and e["relation"] != "aggregation":
                name, domain = arts[e["parent"]]["outlet"], arts[e["parent"]]["domain"]
                self.assertTrue(name in child or domain in child, e)
            if e["relation"] == "spin_uncredited":
                self.assertFalse(e["credited"])
        self.assertEqual(relations, set(traditions.RELATIONS))
        # Aggregation children have exactly two parents; every other child one.
        parents = {}
        for e in truth["edges"] + truth["placeholder_edges"]:
            parents.setdefault(e["child"], []).append(e)
        for child, es in parents.items():
            self.assertEqual(len(es), 2 if arts[child]["role"] == "aggregation" else 1, child)
        # No text shared between stories, nor between independents and their story's root.
        for ev in truth["events"]:
            for ind in ev["independent"]:
                root = ev["root"] or next(p["withheld"] for p in truth["placeholders"] if p["key"] == ev["placeholder"])
                self.assertFalse(traditions.shares_text(text[ind], text[root]))
        for u in truth["unrelated"]:
            self.assertEqual(arts[u]["role"], "unrelated")

    def test_errors_propagate(self):
        records, withheld, truth = self.build("a")
        text = {r["id"]: r["text"] for r in records + withheld}
        arts = truth["articles"]
        self.assertGreater(len(truth["errors"]), 5)
        children = {}
        for e in truth["edges"] + [dict(e, parent=p["withheld"]) for e in truth["placeholder_edges"]
                                   for p in truth["placeholders"] if p["key"] == e["placeholder"]]:
            children.setdefault(e["parent"], []).append(e)
        carried = 0
        for err in truth["errors"]:
            node = err["node"]
            self.assertIn(err["after"], text[node])
            parent_texts = [text[p] for p in arts[node]["parents"] if p in text]
            if err["kind"] != "strip_name":
                self.assertTrue(all(err["after"] not in t for t in parent_texts), err)
            else:  # every occurrence of the name is gone
                self.assertIsNone(re.search(r"(?<![\w'\u2019])" + re.escape(err["before"]) + r"(?![\w])", text[node]), err)
            # Down a chain of verbatim copies that kept the paragraph, the error is always there.
            stack = [node]
            while stack:
                n = stack.pop()
                for e in children.get(n, []):
                    if e["relation"] == "verbatim_copy" and err["after"] in text[e["child"]]:
                        self.assertIn(e["child"], err["carried_by"])
                        stack.append(e["child"])
            carried += len(err["carried_by"])
            for c in err["carried_by"]:
                self.assertIn(err["after"], text[c])
        self.assertGreater(carried, 0)

    def test_placeholders_dates_and_records(self):
        records, withheld, truth = self.build("a")
        # Seed 11 with 20 stories has a withheld root: its children credit it by name.
        self.assertTrue(truth["placeholders"])
        self.assertEqual(len(withheld), len(truth["placeholders"]))
        text = {r["id"]: r["text"] for r in records}
        for pe in truth["placeholder_edges"]:
            ph = next(p for p in truth["placeholders"] if p["key"] == pe["placeholder"])
            self.assertIn(ph["name"], text[pe["child"]])
            self.assertTrue(pe["credited"])
        outlets = {r["outlet"] for r in records}
        self.assertFalse(outlets & {p["name"] for p in truth["placeholders"]})
        for r in records:
            self.assertTrue(r["url"].startswith("https://"))
            self.assertTrue(r["text"].strip() and r["title"].strip())
        # True times: every child after its parents.
        arts = truth["articles"]
        for e in truth["edges"]:
            self.assertLess(arts[e["parent"]]["published_true"], arts[e["child"]]["published_true"])
        self.assertTrue(any(e["independent"] for e in truth["events"]))
        self.assertTrue(any(a["role"] == "aggregation" for a in arts.values()))


if __name__ == "__main__":
    unittest.main()
