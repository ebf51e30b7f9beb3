"""Hand-computed cases for eval/pan_measures.py (run: /usr/bin/python3 -m unittest eval/test_pan_measures.py).

Notation: A(pair, susp_offset, susp_length, src_offset, src_length). |x| counts characters in
both documents, so a case of 100 suspicious + 100 source characters has |s| = 200.
"""

import math
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pan_measures import Annotation as A  # noqa: E402
from pan_measures import (cases_from_truth, detections_from_stemma, detects, evaluate, granularity,  # noqa: E402
                          plagdet, precision, recall)


class Measures(unittest.TestCase):
    case = A(1, 0, 100, 0, 100)  # |s| = 200

    def check(self, cases, detections, p, r, g, pd):
        s = evaluate(cases, detections)
        self.assertAlmostEqual(s.precision, p)
        self.assertAlmostEqual(s.recall, r)
        self.assertAlmostEqual(s.granularity, g)
        self.assertAlmostEqual(s.plagdet, pd)

    def test_perfect_detection(self):
        # r = s: |s ⊓ r| = 200 of 200 both ways; P = R = 1, gran = 1, plagdet = 1 / log2(2) = 1.
        self.check([self.case], [self.case], 1, 1, 1, 1)

    def test_half_overlap(self):
        # r = susp 50-150, src 50-150. Overlap: 50 susp + 50 src = 100 characters.
        # R = 100/200 = 0.5, P = 100/200 = 0.5, gran = 1, F1 = 0.5, plagdet = 0.5.
        self.check([self.case], [A(1, 50, 100, 50, 100)], 0.5, 0.5, 1, 0.5)

    def test_detection_inside_case(self):
        # r = susp 25-100, src 25-100 (75 + 75 = 150, all inside s).
        # R = 150/200 = 0.75, P = 150/150 = 1, F1 = 2·0.75/1.75 = 6/7.
        self.check([self.case], [A(1, 25, 75, 25, 75)], 1, 0.75, 1, 6 / 7)

    def test_case_detected_as_two_pieces(self):
        # r1 = susp 0-50 / src 0-50, r2 = susp 50-100 / src 50-100: together they cover all 200.
        # R = 200/200 = 1; P = (100/100 + 100/100) / 2 = 1; gran = 2 detections / 1 case = 2.
        # plagdet = 1 / log2(3) = 0.6309...
        pieces = [A(1, 0, 50, 0, 50), A(1, 50, 50, 50, 50)]
        self.check([self.case], pieces, 1, 1, 2, 1 / math.log2(3))

    def test_overlapping_pieces_counted_once(self):
        # r1 = susp 0-60 / src 0-60, r2 = susp 40-100 / src 40-100: the union is 100 + 100 = 200.
        # R = 1; each r lies inside s: P = 1; gran = 2.
        pieces = [A(1, 0, 60, 0, 60), A(1, 40, 60, 40, 60)]
        self.check([self.case], pieces, 1, 1, 2, 1 / math.log2(3))

    def test_false_detection_in_a_negative_pair(self):
        # s detected perfectly in pair 1; r2 in pair 2, where there is no case.
        # R = 1; P = (1 + 0) / 2 = 0.5; gran = 1 (only s, detected once); F1 = 2/3.
        self.check([self.case], [self.case, A(2, 0, 100, 0, 100)], 0.5, 1, 1, 2 / 3)

    def test_false_detection_elsewhere_in_the_same_pair(self):
        # r2 = susp 500-600 / src 500-600 overlaps nothing. P = (1 + 0) / 2, R = 1, F1 = 2/3.
        self.check([self.case], [self.case, A(1, 500, 100, 500, 100)], 0.5, 1, 1, 2 / 3)

    def test_no_detections(self):
        # PAN convention: cases but no detections -> P = R = 0, gran = 1, plagdet 0.
        self.check([self.case], [], 0, 0, 1, 0)

    def test_nothing_to_find_and_nothing_found(self):
        # PAN convention: no cases and no detections -> P = R = 1.
        self.check([], [], 1, 1, 1, 1)

    def test_detections_but_no_cases(self):
        self.check([], [self.case], 0, 0, 1, 0)

    def test_detection_touching_only_the_source_side(self):
        # r = susp 200-300 (no overlap with susp 0-100), src 0-100 (identical to the case's).
        # r does not detect s: it must overlap in BOTH documents. P = R = 0, gran = 1.
        r = A(1, 200, 100, 0, 100)
        self.assertFalse(detects(r, self.case))
        self.check([self.case], [r], 0, 0, 1, 0)

    def test_detection_touching_only_the_suspicious_side(self):
        r = A(1, 0, 100, 300, 100)
        self.assertFalse(detects(r, self.case))
        self.check([self.case], [r], 0, 0, 1, 0)

    def test_adjacent_spans_do_not_overlap(self):
        # Half-open spans: susp 100-200 touches 0-100 at the boundary but shares no character.
        self.assertFalse(detects(A(1, 100, 100, 0, 100), self.case))

    def test_overlap_is_counted_in_both_documents_separately(self):
        # r = susp 0-100 (all of the case) but src 90-190: 100 susp + 10 src = 110 of |s| = 200.
        # R = 110/200 = 0.55; P = 110/200 = 0.55 (|r| = 200); F1 = 0.55.
        self.check([self.case], [A(1, 0, 100, 90, 100)], 0.55, 0.55, 1, 0.55)

    def test_one_detection_spanning_two_cases(self):
        # s1 = susp 0-100 / src 0-100, s2 = susp 200-300 / src 200-300 (|s| = 200 each).
        # r = susp 0-300 / src 0-300 (|r| = 600) detects both: R = (200/200 + 200/200)/2 = 1.
        # P = (200 + 200) / 600 = 2/3. gran = (1 + 1) / 2 = 1. F1 = 2·(2/3)/(5/3) = 0.8.
        cases = [self.case, A(1, 200, 100, 200, 100)]
        self.check(cases, [A(1, 0, 300, 0, 300)], 2 / 3, 1, 1, 0.8)

    def test_macro_average_over_cases(self):
        # s1 (|s| = 200) fully detected; s2 = A(2, 0, 300, 0, 100) (|s| = 400) found as
        # r2 = susp 0-100 / src 0-100: 100 + 100 = 200 of 400 -> 0.5.
        # R = (1 + 0.5) / 2 = 0.75 (macro: not (200+200)/600 = 2/3). P = (1 + 1) / 2 = 1.
        # gran = 1; F1 = 2·0.75/1.75 = 6/7.
        cases = [self.case, A(2, 0, 300, 0, 100)]
        self.check(cases, [self.case, A(2, 0, 100, 0, 100)], 1, 0.75, 1, 6 / 7)

    def test_granularity_averages_over_detected_cases_only(self):
        # s1 found in 3 pieces, s2 once, s3 not at all: gran = (3 + 1) / 2 = 2.
        cases = [self.case, A(2, 0, 100, 0, 100), A(3, 0, 100, 0, 100)]
        detections = [A(1, 0, 30, 0, 30), A(1, 30, 30, 30, 30), A(1, 60, 40, 60, 40), A(2, 0, 100, 0, 100)]
        self.assertAlmostEqual(granularity(cases, detections), 2)
        # R = (1 + 1 + 0) / 3; P = 1 (every detection lies inside its case).
        self.assertAlmostEqual(recall(cases, detections), 2 / 3)
        self.assertAlmostEqual(precision(cases, detections), 1)

    def test_two_partial_detections_of_one_case(self):
        # s = A(2, 0, 100, 0, 100); r1 = susp 50-150 / src 50-150, r2 = susp 25-100 / src 25-100.
        # Precision: r1 has 50 + 50 = 100 of its 200 inside s -> 0.5; r2 has 150 of 150 -> 1;
        # P = (0.5 + 1) / 2 = 0.75. Recall: the union covers susp 25-100 and src 25-100 = 150 of
        # 200 -> 0.75. gran = 2. plagdet = 0.75 / log2(3).
        s = A(2, 0, 100, 0, 100)
        self.check([s], [A(2, 50, 100, 50, 100), A(2, 25, 75, 25, 75)], 0.75, 0.75, 2, 0.75 / math.log2(3))

    def test_plagdet_formula(self):
        self.assertEqual(plagdet(0, 0, 1), 0)
        self.assertAlmostEqual(plagdet(1, 1, 1), 1)
        # F1(0.25, 0.75) = 2·0.1875/1 = 0.375; / log2(3) = 0.375 / 1.58496 = 0.23659...
        self.assertAlmostEqual(plagdet(0.25, 0.75, 2), 0.375 / math.log2(3))

    def test_readers(self):
        truth = ['{"cases": [{"susp_offset": 5, "susp_length": 10, "src_offset": 0, "src_length": 8}]}',
                 '{"cases": []}']
        cases, pairs = cases_from_truth(truth)
        self.assertEqual(pairs, 2)
        self.assertEqual(cases, [A(0, 5, 10, 0, 8)])
        # stemma: a = source, b = suspicious; [begin, end) -> offset, length. An empty passage is dropped.
        out = ['{"passages": [{"a": {"begin": 0, "end": 8}, "b": {"begin": 5, "end": 15}}]}',
               '{"passages": [{"a": {"begin": 3, "end": 3}, "b": {"begin": 1, "end": 9}}]}']
        self.assertEqual(detections_from_stemma(out), [A(0, 5, 10, 0, 8)])


if __name__ == "__main__":
    unittest.main()
