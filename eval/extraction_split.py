#!/usr/bin/env python3
"""Deterministic dev / held-out split of the article-extraction benchmark.

A page belongs to the dev half when the first byte of sha1(id) is even, to the
held-out half otherwise. Tuning of the extractor looked only at dev pages.
Usage: extraction_split.py ground-truth.json {dev|heldout|all}  -> ids, one a line
"""
import hashlib
import json
import sys


def half(page_id: str) -> str:
    return "dev" if hashlib.sha1(page_id.encode()).digest()[0] % 2 == 0 else "heldout"


def main() -> None:
    gt = json.load(open(sys.argv[1], encoding="utf8"))
    which = sys.argv[2] if len(sys.argv) > 2 else "all"
    for page_id in sorted(gt):
        if which == "all" or half(page_id) == which:
            print(page_id)


if __name__ == "__main__":
    main()
