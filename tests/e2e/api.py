#!/usr/bin/python3
"""Tests of `stemma serve` (the HTTP API, docs/api.md) against the real binary: each case
builds the demo store in a fresh temporary folder, starts the server on a free loopback port
(read from the URL it prints), talks to it with http.client and raw sockets, and stops it with
SIGTERM, expecting a clean exit (under ASan that includes the leak check).
Usage: api.py CASE --stemma PATH --demo DIR"""
import argparse
import concurrent.futures
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

ARGS = None
TMP = None
CSP_PARTS = ("default-src 'self'", "object-src 'none'", "frame-ancestors 'none'")


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def cli(*args, db):
    p = subprocess.run([ARGS.stemma, *args, "--db", db], capture_output=True, timeout=300)
    check(p.returncode == 0, f"stemma {' '.join(args)}: exit {p.returncode}\n{p.stderr.decode('utf-8', 'replace')}")
    return p.stdout


def demo_db():
    db = os.path.join(TMP, "demo.db")
    subprocess.run([ARGS.stemma, "demo", "--db", db, "--corpus", ARGS.demo], capture_output=True, check=True, timeout=300)
    return db


class Server:
    def __init__(self, db, *extra, env=None):
        self.proc = subprocess.Popen([ARGS.stemma, "serve", "--db", db, "--port", "0", *extra], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env=env)
        line = self.proc.stdout.readline()
        m = re.search(r"serving http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            self.proc.kill()
            raise AssertionError(f"server did not start: {line!r}\n{self.proc.stderr.read()}")
        self.port = int(m.group(1))

    def request(self, method, path, body=None, headers=None):
        """(status, headers with lower-case names, body bytes)"""
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        if isinstance(body, str):
            body = body.encode("utf-8")
        c.putrequest(method, path, skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            c.putheader(k, v)
        if body is not None:
            c.putheader("Content-Length", str(len(body)))
        c.endheaders(body)
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data

    def json(self, method, path, status=200, **kw):
        got, h, data = self.request(method, path, **kw)
        check(got == status, f"{method} {path}: status {got}, expected {status}: {data[:500]!r}")
        check(h.get("content-type", "").startswith("application/json"), f"{method} {path}: content type {h.get('content-type')}")
        check_security_headers(h, f"{method} {path}")
        doc = json.loads(data)
        if status >= 400:
            check_error(doc, status, f"{method} {path}")
        return doc

    def get(self, path, status=200):
        return self.json("GET", path, status)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise AssertionError("server did not stop on SIGTERM")
        err = self.proc.stderr.read()
        check(rc == 0, f"server exit {rc}\n{err}")

    def __enter__(self):
        return self

    def __exit__(self, kind, *_):
        if kind is None:
            self.stop()
        elif self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def check_security_headers(h, what):
    csp = h.get("content-security-policy", "")
    for part in CSP_PARTS:
        check(part in csp, f"{what}: CSP {csp!r} lacks {part!r}")
    check("unsafe-inline" not in csp, f"{what}: CSP allows inline script")
    check(h.get("x-content-type-options") == "nosniff", f"{what}: no nosniff")
    check(h.get("referrer-policy") == "no-referrer", f"{what}: referrer policy {h.get('referrer-policy')}")


def check_error(doc, status, what):
    check(set(doc) == {"error"}, f"{what}: error body {doc}")
    check(doc["error"].get("status") == status, f"{what}: error status {doc['error'].get('status')}, expected {status}")
    check(isinstance(doc["error"].get("message"), str) and doc["error"]["message"], f"{what}: no message in {doc}")


def q(s):
    return urllib.parse.quote(s, safe="")


# ---------------------------------------------------------------------------

def case_endpoints():
    """Every read endpoint answers what the CLI prints for the same question."""
    db = demo_db()
    with Server(db) as s:
        health = s.get("/api/v1/health")
        check(health["status"] == "ok" and health["articles"] == 13 and health["version"], f"health {health}")
        check(s.get("/api/v1/stats") == json.loads(cli("stats", "--json", db=db)), "stats differ from the CLI")

        cli_stories = json.loads(cli("stories", "--json", db=db))
        got = s.get("/api/v1/stories")
        check(got == {"total": len(cli_stories), "stories": cli_stories}, f"stories {got} vs CLI {cli_stories}")
        sid = cli_stories[0]["id"]
        status, h, body = s.request("GET", f"/api/v1/stories/{sid}")
        check(status == 200 and body == cli("story", str(sid), "--json", db=db), "story JSON differs from `stemma story --json`")
        story = json.loads(body)
        for key in ("articles", "edges", "placeholders", "placeholder_edges"):
            check(key in story, f"story lacks {key}")
        edge = story["edges"][0]
        for key in ("relation", "credited", "coverage", "confidence", "passages", "mutations"):
            check(key in edge, f"edge lacks {key}: {sorted(edge)}")
        # A story named by one of its articles, as the CLI allows.
        check(s.get(f"/api/v1/stories/{q(story['articles'][1]['url'] or '#' + str(story['articles'][1]['id']))}") == story,
              "story by article reference differs")

        mimes = {"json": "application/json", "csv": "text/csv", "csv-nodes": "text/csv", "graphml": "application/graphml+xml",
                 "dot": "text/vnd.graphviz", "text": "text/plain"}
        for fmt, mime in mimes.items():
            status, h, body = s.request("GET", f"/api/v1/stories/{sid}/export?format={fmt}")
            check(status == 200, f"export {fmt}: {status}")
            check(body == cli("story", str(sid), "--format", fmt, db=db), f"export {fmt} differs from the CLI")
            check(h["content-type"].startswith(mime), f"export {fmt}: content type {h['content-type']}")
            check(h.get("content-disposition", "").startswith("attachment; filename=\"story-"), f"export {fmt}: {h.get('content-disposition')}")

        arts = s.get("/api/v1/articles?limit=1000")
        check(arts["total"] == 13 and [a["id"] for a in arts["articles"]] == list(range(1, 14)), f"articles {arts['total']}")
        check(all("body" not in a for a in arts["articles"]), "article list carries bodies")
        page = s.get("/api/v1/articles?limit=5&offset=10")
        check(page["total"] == 13 and [a["id"] for a in page["articles"]] == [11, 12, 13], f"page {page}")
        by_id = {a["id"]: a for a in arts["articles"]}
        # Filters, checked against the full list.
        outlet = by_id[2]["outlet"]
        got = s.get(f"/api/v1/articles?outlet={q(outlet.upper())}")
        check({a["id"] for a in got["articles"]} == {i for i, a in by_id.items() if a["outlet"].lower() == outlet.lower()},
              f"outlet filter {got}")
        day = by_id[1]["published"][:10]
        got = s.get(f"/api/v1/articles?from={day}&to={day}")
        check(got["total"] > 0 and all(a["published"].startswith(day) for a in got["articles"]), f"date filter {got}")
        check(got["total"] == sum(1 for a in by_id.values() if (a["published"] or "").startswith(day)), "date filter count")
        full = s.get("/api/v1/articles/1?body=1")
        word = "spillway"
        check(word in full["body"], "article 1 body")
        got = s.get(f"/api/v1/articles?q={word.upper()}")
        want = {i for i in by_id if word in s.get(f"/api/v1/articles/{i}?body=1")["body"].lower() or word in by_id[i]["title"].lower()}
        check({a["id"] for a in got["articles"]} == want and got["total"] == len(want), f"text search {got['total']} vs {len(want)}")
        check(s.get("/api/v1/articles?q=%25")["total"] == sum(1 for i in by_id if "%" in s.get(f"/api/v1/articles/{i}?body=1")["body"]
                                                                      or "%" in by_id[i]["title"]), "'%' is a wildcard")
        with_url = next(a for a in arts["articles"] if a["url"])
        got = s.get(f"/api/v1/articles?url={q(with_url['url'])}")
        check(with_url["id"] in {a["id"] for a in got["articles"]}, f"url filter {got}")
        got = s.get(f"/api/v1/stories?q={word}")
        check(got["total"] == 1 and got["stories"][0]["id"] == sid, f"story search {got}")
        check(s.get("/api/v1/stories?q=zzzznotaword")["total"] == 0, "story search matched nonsense")
        check(s.get("/api/v1/stories?all=1")["total"] == len(json.loads(cli("stories", "--all", "--json", db=db))), "all=1")

        # Articles by id, '#id', URL (slashes encoded) and external id.
        a1 = s.get("/api/v1/articles/1")
        check("body" not in a1 and a1 == by_id[1], "article 1")
        check(s.get("/api/v1/articles/%231") == a1, "'#1'")
        check(s.get(f"/api/v1/articles/{q(with_url['url'])}")["id"] == with_url["id"], "article by URL")
        for ref in ("1", "3", str(sid)):
            status, _, body = s.request("GET", f"/api/v1/articles/{ref}/trace")
            check(status == 200 and body == cli("trace", ref, "--json", db=db), f"trace {ref} differs from the CLI")
        # 'Also shares' entries carry mutations only when asked (?also_mutations=1, --also-mutations).
        lean = s.get("/api/v1/articles/8/trace")
        full = s.get("/api/v1/articles/8/trace?also_mutations=1")
        check(lean["also_shares"] and all("mutations" not in e for e in lean["also_shares"]), "also_shares with mutations by default")
        check(all("mutations" in e for e in full["also_shares"]) and any(e["mutations"] for e in full["also_shares"]),
              "?also_mutations=1 gave no mutations")
        check(full == json.loads(cli("trace", "8", "--json", "--also-mutations", db=db)), "?also_mutations=1 differs from --also-mutations")
        check(lean["sources"] == full["sources"] and all(e["mutations"] is not None for e in lean["sources"]), "sources changed by also_mutations")
        status, _, body = s.request("GET", "/api/v1/compare?a=1&b=2")
        check(status == 200 and body == cli("compare", "1", "2", "--json", db=db), "compare differs from the CLI")
        cmp = json.loads(body)
        check(cmp["passages"] and "edits" in cmp["passages"][0], "compare passages without edits")

        # A posted trace: a stored article's exact text and metadata is that article; new text is traced unstored.
        row = s.get("/api/v1/articles/2?body=1")
        posted = {"text": row["body"], "title": row["title"], "url": row["url"], "outlet": row["outlet"],
                  "published": row["published_raw"]}
        if row["external_id"]:
            posted["id"] = row["external_id"]
        got = s.json("POST", "/api/v1/trace", body=json.dumps(posted), headers={"Content-Type": "application/json"})
        check(got == s.get("/api/v1/articles/2/trace"), "posted copy of article 2 traced differently")
        src = s.get("/api/v1/articles/1?body=1")["body"]
        new = {"text": "An unrelated opening sentence about the weather in a faraway town.\n\n" + src[: len(src) // 2],
               "title": "Copy", "outlet": "Test Wire", "published": "2030-01-01T00:00:00Z"}
        got = s.json("POST", "/api/v1/trace", body=json.dumps(new), headers={"Content-Type": "application/json"})
        check(got["article"]["id"] == 0, "posted article stored")
        check(got["sources"] and {e["article"]["story"] for e in got["sources"]} == {sid}, f"sources {got['sources']}")
        html = {"html": "<html><head><title>Page</title></head><body><article><p>" + src[:2000] + "</p></article></body></html>"}
        got = s.json("POST", "/api/v1/trace", body=json.dumps(html), headers={"Content-Type": "application/json"})
        check(got["sources"], "posted HTML found no source")
        check(s.get("/api/v1/health")["articles"] == 13, "trace stored something")


def case_errors():
    """JSON error bodies with the right status: 400, 404, 405, 413, 415."""
    db = demo_db()
    with Server(db, "--max-body", "4096") as s:
        for path in ("/api/v1/articles?limit=x", "/api/v1/articles?limit=100000", "/api/v1/articles?offset=-1",
                     "/api/v1/articles?from=yesterday", "/api/v1/stories?to=2026-13-45", "/api/v1/articles?from=2027-01-01&to=2026-01-01",
                     "/api/v1/compare?a=1", "/api/v1/stories/1/export?format=pdf",
                     "/api/v1/articles/%zz", "/api/v1/articles/a%00b"):
            s.get(path, 400)
        for body in ("{not json", "[1,2]", '{"title": "no text"}', '{"text": "a", "html": "<p>b</p>"}', '{"text": 5}',
                     '{"text": "x", "published": "not a date"}', '{"text": "   "}'):
            s.json("POST", "/api/v1/trace", 400, body=body, headers={"Content-Type": "application/json"})
        for path in ("/api/v1/articles/999", "/api/v1/articles/999/trace", "/api/v1/stories/999", "/api/v1/stories/999/export",
                     "/api/v1/compare?a=1&b=999", "/api/v1/nope", "/api/v2/health", "/api", "/api/v1/articles/1/nope"):
            doc = s.get(path, 404)
        check("no article 999" in s.get("/api/v1/articles/999", 404)["error"]["message"], "404 message names the article")
        for method, path, allowed in (("DELETE", "/api/v1/articles/1", "GET"), ("POST", "/api/v1/health", "GET"),
                                      ("GET", "/api/v1/trace", "POST"), ("PUT", "/api/v1/articles", "GET, POST"),
                                      ("POST", "/index.html", "GET, HEAD")):
            status, h, body = s.request(method, path, body=b"" if method in ("POST", "PUT") else None)
            check(status == 405 and h.get("allow") == allowed, f"{method} {path}: {status} allow {h.get('allow')}")
            check_error(json.loads(body), 405, f"{method} {path}")
        big = json.dumps({"text": "word " * 2000})
        doc = s.json("POST", "/api/v1/trace", 413, body=big, headers={"Content-Type": "application/json"})
        check("4096" in doc["error"]["message"], f"413 message: {doc}")
        s.json("POST", "/api/v1/articles", 413, body=big, headers={"Content-Type": "application/json"})
        # The server still answers after refusing.
        check(s.get("/api/v1/health")["status"] == "ok", "health after 413")
    # No database: a clear error, not a crash.
    p = subprocess.run([ARGS.stemma, "serve", "--db", os.path.join(TMP, "missing.db"), "--port", "0"], capture_output=True,
                       text=True, timeout=60)
    check(p.returncode != 0 and "no such database" in p.stderr, f"missing db: {p.returncode} {p.stderr}")


def case_ingest_token():
    """Writes need the token: 403 without one configured, 401 without or with a wrong one; then every body type ingests."""
    db = demo_db()
    article = json.dumps({"text": "The harbour ferry resumed service on Tuesday after a week of repairs to its engines.",
                          "title": "Ferry back", "outlet": "Bay Post", "published": "2026-04-02", "id": "bay-1"})
    with Server(db) as s:
        doc = s.json("POST", "/api/v1/articles", 403, body=article, headers={"Content-Type": "application/json"})
        check("--token" in doc["error"]["message"] and "STEMMA_TOKEN" in doc["error"]["message"], f"403 message: {doc}")
        s.json("POST", "/api/v1/trace", 200, body=article, headers={"Content-Type": "application/json"})  # reads need no token
    env = dict(os.environ, STEMMA_TOKEN="t0ken-from-env")
    with Server(db, env=env) as s:
        json_type = {"Content-Type": "application/json"}
        s.json("POST", "/api/v1/articles", 401, body=article, headers=json_type)
        s.json("POST", "/api/v1/articles", 401, body=article, headers={**json_type, "Authorization": "Bearer wrong"})
        s.json("POST", "/api/v1/articles", 401, body=article, headers={**json_type, "Authorization": "Basic t0ken-from-env"})
        s.json("POST", "/api/v1/articles", 401, body=article, headers={**json_type, "Authorization": "Bearer t0ken-from-en"})
        auth = {"Authorization": "Bearer t0ken-from-env"}
        got = s.json("POST", "/api/v1/articles", 201, body=article, headers={**json_type, **auth})
        check(got["added"] == 1 and got["duplicates"] == 0 and len(got["ids"]) == 1 and got["problems"] == [], f"ingest {got}")
        new_id = got["ids"][0]
        check(got["stories"] == [s.get(f"/api/v1/articles/{new_id}")["story"]], f"stories touched {got['stories']}")
        check(s.get("/api/v1/articles/bay-1")["id"] == new_id, "external id lookup of the ingested article")
        check(s.get("/api/v1/health")["articles"] == 14, "article count after ingest")
        again = s.json("POST", "/api/v1/articles", 200, body=article, headers={**json_type, **auth})
        check(again["added"] == 0 and again["duplicates"] == 1 and again["ids"] == [new_id], f"re-ingest {again}")
        # A copy of a stored demo article joins its story.
        src = s.get("/api/v1/articles/1?body=1")
        copy = json.dumps({"text": src["body"], "title": "Wire copy", "outlet": "Copy Wire", "published": "2026-03-20T10:00:00Z"})
        got = s.json("POST", "/api/v1/articles", 201, body=copy, headers={**json_type, **auth})
        check(got["stories"] == [src["story"]], f"copy joined stories {got['stories']}")
        sources = s.get(f"/api/v1/articles/{got['ids'][0]}/trace")["sources"]
        check(sources and {e["article"]["story"] for e in sources} == {src["story"]}, f"copy traced to {sources}")
        batch = "\n".join(json.dumps({"text": f"Batch article number {i} about the county fair and its {i} prize cattle.",
                                      "title": f"Fair {i}", "outlet": "Batch Daily"}) for i in range(3)) + "\n{broken\n"
        got = s.json("POST", "/api/v1/articles", 201, body=batch, headers={"Content-Type": "application/x-ndjson", **auth})
        check(got["added"] == 3 and len(got["ids"]) == 3 and len(got["problems"]) == 1, f"JSONL batch {got}")
        check(got["problems"][0]["severity"] == "error" and "request:4" in got["problems"][0]["source"], f"problem {got['problems']}")
        html = ("<html><head><title>Lighthouse reopens</title><meta property='og:site_name' content='Coast Herald'></head>"
                "<body><article><h1>Lighthouse reopens</h1><p>The old lighthouse on Gull Point reopened to visitors on Sunday "
                "after a two-year restoration paid for by the town and a local trust.</p></article></body></html>")
        got = s.json("POST", "/api/v1/articles?url=" + q("https://coast.example/lighthouse"), 201, body=html,
                     headers={"Content-Type": "text/html; charset=utf-8", **auth})
        check(s.get("/api/v1/articles/" + q("https://coast.example/lighthouse"))["id"] == got["ids"][0], "HTML article by URL")
        text = "---\ntitle: Plain one\noutlet: Text Times\n---\nA plain text article about the new bridge toll, sent with front-matter."
        got = s.json("POST", "/api/v1/articles", 201, body=text, headers={"Content-Type": "text/plain", **auth})
        check(s.get(f"/api/v1/articles/{got['ids'][0]}")["title"] == "Plain one", "front-matter title")
        s.json("POST", "/api/v1/articles", 415, body="x", headers={"Content-Type": "application/pdf", **auth})
        doc = s.json("POST", "/api/v1/articles", 400, body="{broken\n", headers={"Content-Type": "application/x-ndjson", **auth})
        check(doc["error"].get("problems"), "400 ingest lists the problems")
        check(s.get("/api/v1/health")["articles"] == 20, f"count {s.get('/api/v1/health')}")
    # The CLI sees what the server stored.
    check(json.loads(cli("stats", "--json", db=db))["articles"] == 20, "CLI count after server ingest")
    # --token on the command line works too.
    with Server(db, "--token", "cli-token") as s:
        s.json("POST", "/api/v1/articles", 401, body=article, headers={"Content-Type": "application/json",
                                                                      "Authorization": "Bearer t0ken-from-env"})
        s.json("POST", "/api/v1/articles", 200, body=article, headers={"Content-Type": "application/json",
                                                                      "Authorization": "Bearer cli-token"})


def case_xss():
    """A hostile article comes back as JSON data, never as a page."""
    db = demo_db()
    evil = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    body = json.dumps({"text": f"Hostile body {evil} with enough words to be an article of its own.", "title": evil,
                       "outlet": evil, "url": "https://evil.example/a?<script>"})
    with Server(db, "--token", "k") as s:
        got = s.json("POST", "/api/v1/articles", 201, body=body,
                     headers={"Content-Type": "application/json", "Authorization": "Bearer k"})
        aid = got["ids"][0]
        titles = {f"/api/v1/articles/{aid}?body=1": lambda d: d["title"],
                  f"/api/v1/articles/{aid}/trace": lambda d: d["article"]["title"],
                  f"/api/v1/articles?q={q('<script>')}": lambda d: d["articles"][0]["title"],
                  f"/api/v1/stories?all=1&q={q('<script>')}": lambda d: d["stories"][0]["title"]}
        for path, title in titles.items():
            status, h, raw = s.request("GET", path)
            check(status == 200 and h["content-type"].startswith("application/json"), f"{path}: {status} {h['content-type']}")
            check_security_headers(h, path)
            check(title(json.loads(raw)) == evil, f"{path}: the hostile title is not returned as data")
        a = s.get(f"/api/v1/articles/{aid}?body=1")
        check(a["title"] == evil and evil in a["body"], "hostile title/body altered")
        # A reference that is markup: a JSON 404, not an HTML echo.
        status, h, raw = s.request("GET", "/api/v1/articles/" + q(evil))
        check(status == 404 and h["content-type"].startswith("application/json"), f"markup ref: {status} {h['content-type']}")
        check_security_headers(h, "markup ref")


def case_static():
    """The web page's files, client routes, and no way out of the web root."""
    db = demo_db()
    root = os.path.join(TMP, "web")
    os.makedirs(os.path.join(root, "assets"))
    outside = os.path.join(TMP, "secret.txt")
    with open(outside, "w") as f:
        f.write("TOP-SECRET")
    with open(os.path.join(root, "index.html"), "w") as f:
        f.write("<!doctype html><title>stemma</title><script src=/assets/app.js></script>")
    with open(os.path.join(root, "assets", "app.js"), "w") as f:
        f.write("console.log('app');")
    with open(os.path.join(root, "assets", "app.css"), "w") as f:
        f.write("body{}")
    os.symlink(outside, os.path.join(root, "assets", "leak.txt"))
    os.symlink(TMP, os.path.join(root, "up"))
    with Server(db, "--web-root", root) as s:
        status, h, body = s.request("GET", "/")
        check(status == 200 and b"<title>stemma</title>" in body and h["content-type"].startswith("text/html"), f"/: {status}")
        check_security_headers(h, "/")
        check(h.get("cache-control") == "no-cache", f"/: Cache-Control {h.get('cache-control')}")
        # Sent as is even to a client that takes brotli (compressing per request cost seconds), and
        # cached for good: assets/ names are content hashes.
        status, h, body = s.request("GET", "/assets/app.js", headers={"Accept-Encoding": "br, gzip"})
        check(status == 200 and body == b"console.log('app');" and h["content-type"].startswith("application/javascript")
              and "content-encoding" not in h, f"app.js: {status} {h}")
        check("immutable" in h.get("cache-control", ""), f"app.js: Cache-Control {h.get('cache-control')}")
        # A second server on a port in use fails instead of sharing the port's connections.
        second = subprocess.run([ARGS.stemma, "serve", "--db", db, "--port", str(s.port)], capture_output=True, text=True, timeout=60)
        check(second.returncode == 3 and "cannot listen" in second.stderr, f"second server on port {s.port}: {second.returncode} {second.stderr}")
        status, h, _ = s.request("GET", "/assets/app.css")
        check(status == 200 and h["content-type"].startswith("text/css"), "app.css")
        for route in ("/story/1", "/compare/1/6", "/article/3/"):
            status, h, body = s.request("GET", route)
            check(status == 200 and b"<title>stemma</title>" in body, f"client route {route}: {status}")
        status, h, body = s.request("GET", "/assets/missing.js")
        check(status == 404 and h["content-type"].startswith("application/json"), f"missing file: {status}")
        attacks = ["/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/%2E%2E/secret.txt",
                   "/assets/%2e%2e%2f%2e%2e%2fsecret.txt", "/..%2fsecret.txt", "/assets/..%5c..%5csecret.txt",
                   "/" + q(outside), "//" + outside.lstrip("/"), "/assets/leak.txt", "/up/secret.txt", "/%00/secret.txt",
                   "/assets/app.js%00.html", "/./assets/../../secret.txt"]
        for path in attacks:
            status, h, body = s.request("GET", path)
            check(b"TOP-SECRET" not in body, f"{path}: leaked the file outside the web root")
            check(status in (400, 404), f"{path}: status {status}")
            check_error(json.loads(body), status, path)
        # Raw request lines with no client normalising the path.
        for target in ("/../secret.txt", "/assets/../../secret.txt", outside, "../secret.txt"):
            with socket.create_connection(("127.0.0.1", s.port), timeout=30) as c:
                c.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
                data = b""
                while chunk := c.recv(65536):
                    data += chunk
            check(b"TOP-SECRET" not in data, f"raw {target}: leaked")
            check(data.startswith(b"HTTP/1.1 4"), f"raw {target}: {data[:40]!r}")
    empty = os.path.join(TMP, "nowhere")
    p = subprocess.run([ARGS.stemma, "serve", "--db", db, "--port", "0", "--web-root", empty], capture_output=True, text=True, timeout=60)
    check(p.returncode != 0 and "no such folder" in p.stderr, f"--web-root missing: {p.returncode} {p.stderr}")


def case_not_built():
    """With no web page found, / explains how to build it (a real page, CSP-clean) and the API still works."""
    db = demo_db()
    with Server(db) as s:
        status, h, body = s.request("GET", "/")
        if b"not built" not in body:
            print("skipped: a built web page was found (web/dist exists)", file=sys.stderr)
            return 77
        check(status == 200 and h["content-type"].startswith("text/html") and b"npm" in body, f"/: {status} {body[:200]!r}")
        check(b"<script" not in body and b"style=" not in body, "not-built page breaks its own CSP")
        check_security_headers(h, "/")
        check(s.get("/api/v1/health")["status"] == "ok", "API without web page")


def case_concurrency():
    """Parallel requests all get the answers serial ones get; a full server says 429, in JSON."""
    db = demo_db()
    with Server(db, "--threads", "2") as s:
        paths = [f"/api/v1/articles/{i}/trace" for i in range(1, 14)] + ["/api/v1/stories/1", "/api/v1/compare?a=1&b=4",
                                                                         "/api/v1/stats", "/api/v1/articles?q=dam"]
        want = {p: s.request("GET", p)[2] for p in paths}
        jobs = paths * 4
        with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
            results = list(pool.map(lambda p: (p, s.request("GET", p)), jobs))
        for p, (status, _, body) in results:
            check(status == 200 and body == want[p], f"{p}: concurrent answer differs (status {status})")
    # One worker, one waiting connection: idle connections fill both, the next is refused.
    with Server(db, "--threads", "1", "--max-queue", "1") as s:
        holders = []
        try:
            for _ in range(3):
                c = socket.create_connection(("127.0.0.1", s.port), timeout=30)
                c.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")  # headers never finished: holds a thread
                holders.append(c)
                time.sleep(0.3)
            status, h, body = s.request("GET", "/api/v1/health")
            check(status == 429, f"full server: status {status}")
            check_error(json.loads(body), 429, "429")
            check_security_headers(h, "429")
        finally:
            for c in holders:
                c.close()
        # Once the connections are gone the server serves again.
        deadline = time.time() + 30
        while True:
            status, _, _ = s.request("GET", "/api/v1/health")
            if status == 200 or time.time() > deadline:
                break
            time.sleep(0.2)
        check(status == 200, f"after the burst: {status}")


def main():
    global ARGS, TMP
    ap = argparse.ArgumentParser()
    ap.add_argument("case")
    ap.add_argument("--stemma", required=True)
    ap.add_argument("--demo", required=True)
    ARGS = ap.parse_args()
    fn = globals().get("case_" + ARGS.case)
    if not fn:
        print(f"unknown case {ARGS.case}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="stemma-api-") as tmp:
        TMP = tmp
        try:
            rc = fn()
        except AssertionError as e:
            print(f"FAIL {ARGS.case}: {e}", file=sys.stderr)
            return 1
    return rc or 0


if __name__ == "__main__":
    sys.exit(main())
