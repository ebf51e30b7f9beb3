"""Real source texts for the simulators: finding, cleaning and sentence-splitting them.

Every offset produced here is a Python string index (a Unicode code point) into the
cleaned text, which is exactly what the simulators write to disk as UTF-8.
"""

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def data_dir():
    """The shared data folder: $STEMMA_DATA_DIR, else ../shared/data beside the repository."""
    return Path(os.environ.get("STEMMA_DATA_DIR", REPO_ROOT.parent / "shared" / "data"))


def default_sources():
    return [data_dir() / "meter" / "PA" / "rawtexts"]


def default_hosts():
    return [data_dir() / "meter" / "newspapers" / "rawtexts"]


# --- cleaning ---------------------------------------------------------------------------------

# Press Association wire copy in METER: a banner of dashed rules and a "17:50 10/08/99: Page 1
# (HHH) SHOWBIZ ..." line, paragraphs opened by a ^Y (0x19) byte and closed by '<', lines wrapped
# at 80 columns, `` and '' for quotes, and a trailing sign-off ("end", "mfl").
_PA_RULE = re.compile(r"^\s*-{20,}\s*$")
_PA_SLUG = re.compile(r"^\s*\d\d:\d\d \d\d/\d\d/\d\d: Page \d+")
_PA_NOTE = re.compile(r"^\((?:with pic|memo|picture|embargo|corrected|adds|updates|repeating)[^)]*\)$", re.I)
_SIGN_OFF = re.compile(r"^[a-z]{1,6}$")  # "end", "mfl", "ends"


def decode(raw: bytes) -> str:
    """UTF-8 if it is, else Windows-1252 (METER's 0x93/0x94 quotes and 0xA3 pound signs)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def clean(text: str) -> str:
    """Plain paragraphs separated by blank lines, one line each; PA wire markup removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    wire = "\x19" in text or any(_PA_SLUG.match(line) for line in text.split("\n")[:12])
    if wire:
        lines = [l for l in text.split("\n") if not _PA_RULE.match(l) and not _PA_SLUG.match(l)]
        text = re.sub(r"<[ \t]*$", "", "\n".join(lines), flags=re.M).replace("\x19", "\n\n")
        text = text.replace("``", "\u201c").replace("''", "\u201d")
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text)
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        para = " ".join(block.split())
        if not para or _PA_NOTE.match(para) or (wire and _SIGN_OFF.match(para)):
            continue
        paragraphs.append(para)
    return "\n\n".join(paragraphs) + "\n"


# --- sentences --------------------------------------------------------------------------------

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "prof", "sgt", "insp", "det", "supt", "con", "pc", "gen", "col",
    "capt", "lt", "rev", "jr", "sr", "no", "co", "ltd", "inc", "vs", "v", "mt", "ft", "gov", "sen",
    "rep", "cllr", "hon", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec",
    "etc", "approx", "dept", "univ", "corp", "bros", "plc", "qc", "mp", "e.g", "i.e",
}
# A candidate end: terminal punctuation, closing quotes/brackets, then white space.
_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s)")
_STARTS_SENTENCE = re.compile(r"[\"'\u201c\u2018(\[]*[A-Z0-9]")


@dataclass
class Sentence:
    begin: int
    end: int  # exclusive; no trailing white space
    paragraph: int


def sentences(text: str):
    """Sentence spans: paragraph breaks always end one; inside a paragraph a '.', '!' or '?'
    followed by a capital (not after an abbreviation or an initial) does."""
    spans = []
    for p, m in enumerate(re.finditer(r"[^\n]+", text)):
        para, base = m.group(), m.start()
        start = 0
        for end in _END.finditer(para):
            word = re.search(r"(\S+?)[.!?]*[\"'\u201d\u2019)\]]*$", para[start:end.end()])
            token = word.group(1).lower().lstrip("\"'\u201c\u2018([") if word else ""
            if end.group().startswith(".") and (token in _ABBREVIATIONS or re.fullmatch(r"[a-z]", token)):
                continue
            rest = para[end.end():].lstrip()
            if not _STARTS_SENTENCE.match(rest):
                continue
            spans.append(Sentence(base + start, base + end.end(), p))
            start = end.end() + (len(para[end.end():]) - len(rest))
        if para[start:].strip():
            spans.append(Sentence(base + start, base + len(para.rstrip()), p))
    return spans


_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")


def words(text: str):
    return _WORD.findall(text)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


# --- documents --------------------------------------------------------------------------------

@dataclass
class Document:
    origin: str  # path relative to the data folder when inside it, else absolute
    story: str  # documents with the same story key may share real reuse
    text: str
    sentences: list = field(default_factory=list)


def _origin(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(data_dir().resolve()))
    except ValueError:
        return str(path.resolve())


def story_key(path: Path, root: Path) -> str:
    """The catchline folder for METER (`.../<date>/<catchline>/<file>`): the same story may run
    under one catchline on several days, so the date is left out. A file directly under the
    root is its own story."""
    rel = path.relative_to(root)
    return rel.parts[-2] if len(rel.parts) >= 2 else rel.stem


_loaded = {}


def load(roots, min_words=0):
    """All *.txt documents under the roots (readme files skipped), sorted by path, cleaned.
    Cached per process: the evaluations build many corpora from the same texts."""
    key = (tuple(str(Path(r).resolve()) for r in roots), min_words)
    if key not in _loaded:
        _loaded[key] = _load(roots, min_words)
    return _loaded[key]


def _load(roots, min_words):
    docs = []
    for root in roots:
        root = Path(root)
        files = [root] if root.is_file() else sorted(root.rglob("*.txt"))
        for path in files:
            if path.name.lower().startswith("readme"):
                continue
            text = clean(decode(path.read_bytes()))
            if word_count(text) < min_words:
                continue
            key = story_key(path, root.parent if root.is_file() else root)
            docs.append(Document(_origin(path), key, text, sentences(text)))
    return docs
