"""Shared plumbing for the text-reuse evaluations (eval/meter.py, eval/msrp.py, eval/clough.py).

The product is used only through its command line:
  stemma align --pairs PAIRS.tsv --raw        one JSON line per pair, in input order
  stemma similarity --tsv FILE                one JSON line per sentence pair
"""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Data lives beside the repository (../shared/data); never copied into it.
SHARED_DATA = Path(os.environ.get("STEMMA_DATA_DIR", ROOT.parent / "shared" / "data"))


# METER has no dev/test split of its own. This one is fixed (issue 5, 2026-12-02): an article's half is
# the parity of the first byte of the SHA-256 of its story folder, "domain/date/catchline" (e.g.
# "courts/01.03.00/diver"), so all articles about one story, which share their PA sources, fall in the
# same half and the test half shares no PA text with the dev half. Tuning looks only at "dev"
# (eval/meter.py --analysis prints the dev half only); "test" figures are the reported result.
METER_HALVES = ("dev", "test")


def meter_half(news_rel):
    """'dev' or 'test' for a METER newspaper file, given by its path relative to the corpus
    (newspapers/rawtexts/<domain>/<date>/<catchline>/<file>.txt) or its raw-text folder."""
    import hashlib
    parts = Path(news_rel).parts
    if "rawtexts" in parts:
        parts = parts[parts.index("rawtexts") + 1:]
    folder = "/".join(parts[:3])
    return METER_HALVES[hashlib.sha256(folder.encode("utf-8")).digest()[0] & 1]


def stemma_binary():
    path = Path(os.environ.get("STEMMA", ROOT / "build" / "src" / "stemma"))
    if not path.is_file():
        sys.exit(f"error: stemma binary not found at {path} (build it, or set STEMMA); the eval/*.sh scripts build it")
    return str(path)


def read_text(path):
    """The file's text exactly as `stemma align --raw` sees it.

    stemma replaces each invalid UTF-8 sequence by U+FFFD (maximal-subpart rule), which is what
    Python's decoder does with errors="replace": offsets from stemma index this string.
    """
    return Path(path).read_bytes().decode("utf-8", errors="replace")


def run_align(pairs, threads=0):
    """Aligns every (a_path, b_path) pair; returns the JSON objects in the same order."""
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", encoding="utf-8", delete=False) as tsv:
        for a, b in pairs:
            tsv.write(f"{a}\t{b}\n")
        name = tsv.name
    try:
        proc = subprocess.run([stemma_binary(), "align", "--pairs", name, "--raw", "--threads", str(threads)],
                              capture_output=True, text=True, encoding="utf-8", errors="replace")
    finally:
        os.unlink(name)
    if proc.returncode not in (0, 1):
        sys.exit(f"error: stemma align failed (exit {proc.returncode}): {proc.stderr.strip()}")
    results = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    if len(results) != len(pairs):
        sys.exit(f"error: stemma align printed {len(results)} results for {len(pairs)} pairs")
    for (a, b), r in zip(pairs, results):
        if r.get("a_path") != a or r.get("b_path") != b:
            sys.exit(f"error: stemma align output out of order at {a} / {b}")
    return results


def rewrite_score(obj):
    """How strongly a pair or passage was rewritten: 0 = verbatim, 1 = fully rewritten.

    The paraphrase-aware aligner reports it as "rewrite"; older builds only have "similarity".
    """
    if "rewrite" in obj:
        return float(obj["rewrite"])
    return 1.0 - float(obj.get("similarity", 0.0))


def has_command(name):
    """True if this build lists NAME among its subcommands in `stemma --help`.

    (`stemma NAME --help` is no test: for an unknown NAME it prints the main help and exits 0.)
    """
    proc = subprocess.run([stemma_binary(), "--help"], capture_output=True, text=True)
    listed = proc.stdout.split("Subcommands:", 1)[-1] if "Subcommands:" in proc.stdout else ""
    return any(line.split()[:1] == [name] for line in listed.splitlines())


def print_per_class(labels, y_true, y_pred):
    """Per-class precision / recall / F1, macro-F1 and the confusion matrix (rows = truth)."""
    from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support
    idx = list(range(len(labels)))
    p, r, f, n = precision_recall_fscore_support(y_true, y_pred, labels=idx, zero_division=0)
    print(f"  {'class':<12} {'precision':>9} {'recall':>7} {'F1':>6} {'n':>5}")
    for i, name in enumerate(labels):
        print(f"  {name:<12} {p[i]:9.3f} {r[i]:7.3f} {f[i]:6.3f} {n[i]:5d}")
    print(f"  macro-F1 {f1_score(y_true, y_pred, labels=idx, average='macro', zero_division=0):.3f}"
          f"   accuracy {sum(int(a == b) for a, b in zip(y_true, y_pred)) / len(y_true):.3f}")
    cm = confusion_matrix(y_true, y_pred, labels=idx)
    width = max(len(x) for x in labels) + 1
    print("  confusion (rows = truth, columns = predicted):")
    print("  " + " " * width + "".join(f"{x:>{width}}" for x in labels))
    for i, name in enumerate(labels):
        print("  " + f"{name:<{width}}" + "".join(f"{v:>{width}d}" for v in cm[i]))
