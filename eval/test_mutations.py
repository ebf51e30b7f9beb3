"""Unit checks of the mutation evaluation (ctest eval_mutations): the scorer on hand-computed
cases, the hand-labelled files well formed, and the simulator reproducible with truth spans
that point at what changed (skipped without METER)."""

import json
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import mutations_score as ms

HERE = Path(__file__).resolve().parent
SIMULATE = HERE.parent / "tools" / "simulate" / "simulate.py"
METER = Path(__import__("os").environ.get("STEMMA_DATA_DIR", HERE.parent.parent / "shared" / "data")) / "meter"


class Scorer(unittest.TestCase):
    def test_matching(self):
        t = {"type": "number_changed", "in": "body", "parent": [10, 12], "child": [10, 12]}
        self.assertTrue(ms.matches({"type": "number_changed", "in": "body", "parent": [11, 13], "child": [11, 13]}, t))
        self.assertFalse(ms.matches({"type": "date_changed", "in": "body", "parent": [10, 12], "child": [10, 12]}, t))
        self.assertFalse(ms.matches({"type": "number_changed", "in": "body", "parent": [20, 22], "child": [20, 22]}, t))
        omit = {"type": "sentence_omitted", "in": "body", "parent": [5, 40], "child": [5, 5]}
        self.assertTrue(ms.matches({"type": "sentence_omitted", "in": "body", "parent": [6, 39], "child": [4, 4]}, omit))

    def test_counts(self):
        truths = [[{"type": "hedge_added", "in": "body", "parent": [0, 0], "child": [0, 5]}], []]
        preds = [[{"type": "hedge_added", "in": "body", "parent": [0, 0], "child": [1, 4]},
                  {"type": "hedge_added", "in": "body", "parent": [0, 0], "child": [1, 4]}],
                 [{"type": "name_changed", "in": "body", "parent": [0, 3], "child": [0, 3]}]]
        c = ms.score_pairs(truths, preds)
        self.assertEqual(ms.prf(c["hedge_added"]), (1.0, 1.0))  # a duplicate still points at a true change
        self.assertEqual(c["name_changed"]["pred"], 1)
        self.assertEqual(ms.prf(c["name_changed"])[0], 0.0)

    def test_speakers(self):
        self.assertTrue(ms.same_speaker("Mr Justice Forbes", "Mr Justice Forbes"))
        self.assertTrue(ms.same_speaker("the family's lawyer", "the family's lawyer"))
        self.assertFalse(ms.same_speaker("He", "Mayor John Smith"))
        self.assertFalse(ms.same_speaker(None, "police"))


class HandData(unittest.TestCase):
    def test_files(self):
        pairs = ms.read_jsonl(HERE / "data" / "mutations_hand.jsonl")
        self.assertGreaterEqual(len(pairs), 40)
        types = set()
        for p in pairs:
            for m in ms.resolve_snippets(p):  # raises when a snippet is not in its text
                types.add(m["type"])
        self.assertEqual(types, set(ms.TYPES))
        quotes = ms.read_jsonl(HERE / "data" / "quotes_hand.jsonl")
        self.assertGreaterEqual(sum(len(q["quotes"]) for q in quotes), 50)
        for item in quotes:
            for q in item["quotes"]:
                self.assertIn(q["quote"], item["text"])


@unittest.skipUnless((METER / "PA").is_dir(), "METER not available")
class Simulator(unittest.TestCase):
    def test_reproducible_and_spans(self):
        with tempfile.TemporaryDirectory() as tmp:
            outs = []
            for name in ("a", "b"):
                out = Path(tmp) / f"{name}.jsonl"
                subprocess.run([sys.executable, str(SIMULATE), "mutations", "--out", str(out), "--seed", "7", "--pairs", "28"], check=True)
                outs.append(out.read_bytes())
            self.assertEqual(outs[0], outs[1])
            pairs = [json.loads(line) for line in outs[0].decode().splitlines()]
            self.assertEqual({p["type"] for p in pairs}, set(ms.TYPES) | {"none"})
            for p in pairs:
                for m in p["mutations"]:
                    if m["in"] != "body":
                        continue
                    if m["parent"] and m["child"] and m["type"] not in ("sentence_omitted", "sentence_inserted"):
                        self.assertNotEqual(p["parent"][m["parent"][0]:m["parent"][1]], p["child"][m["child"][0]:m["child"][1]], p["id"])
                    if m["type"] == "sentence_inserted":
                        self.assertNotIn(p["child"][m["child"][0]:m["child"][1]], p["parent"])
                    if m["type"] == "sentence_omitted":
                        self.assertNotIn(p["parent"][m["parent"][0]:m["parent"][1]], p["child"])


if __name__ == "__main__":
    unittest.main()
