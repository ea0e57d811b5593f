#!/usr/bin/env python3
"""feed_compare.py — runs `newsmill parse --json` on fixture feeds and
compares each result with the expected JSON beside it, by the comparison
rules of doc/feed-json.md:

  * bozo_reason is not compared (only that it is a string when bozo);
  * summary/content are compared as HTML: the same text and the same
    elements and attributes (entity/escape spelling and void-element
    syntax do not matter);
  * categories are compared as a set;
  * everything else exactly.

A fixture FEED (*.xml, *.json, *.rss, *.atom, *.rdf — any file with a
FEED.expected.json or, for .xml, FEED-without-extension.json beside it)
may have FEED.args: extra command-line arguments, one per line. An
expected file {"exit": N} means the parse must fail with exit status N
and a message on stderr.

Usage: feed_compare.py NEWSMILL DIR_OR_FILE...   (prints TAP-style lines)
"""
import json
import os
import subprocess
import sys
from html.parser import HTMLParser

VOID = {"area", "br", "col", "hr", "img", "input", "source", "keygen", "wbr", "embed",
        "param", "track", "base", "link", "meta", "spacer"}


class Events(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ev = []

    def text(self, t):
        if self.ev and self.ev[-1][0] == "text":
            self.ev[-1] = ("text", self.ev[-1][1] + t)
        else:
            self.ev.append(("text", t))

    def handle_starttag(self, tag, attrs):
        self.ev.append(("start", tag, tuple(sorted((k, v or "") for k, v in attrs))))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag not in VOID:
            self.ev.append(("end", tag))

    def handle_data(self, d):
        self.text(d)


def html_events(s):
    if s is None:
        return None
    p = Events()
    p.feed(s)
    p.close()
    ev = [e for e in p.ev if not (e[0] == "text" and e[1] == "")]
    if ev and ev[0][0] == "text":
        ev[0] = ("text", ev[0][1].lstrip())
    if ev and ev[-1][0] == "text":
        ev[-1] = ("text", ev[-1][1].rstrip())
    return [e for e in ev if not (e[0] == "text" and e[1] == "")]


ENTRY_KEYS = ["id", "title", "link", "published", "updated", "author", "summary", "content",
              "categories", "enclosures", "image"]
FEED_KEYS = ["title", "link", "description", "language", "updated", "image", "author"]


def compare(got, want):
    """Returns a list of differences (empty when equal)."""
    diffs = []
    for k in ["format", "bozo", "bozo_reason", "feed", "entries"]:
        if k not in got:
            diffs.append("missing key %s" % k)
    if diffs:
        return diffs
    if got["format"] != want["format"]:
        diffs.append("format: got %r want %r" % (got["format"], want["format"]))
    if got["bozo"] != want["bozo"]:
        diffs.append("bozo: got %r want %r (reason %r)" % (got["bozo"], want["bozo"], got["bozo_reason"]))
    if got["bozo"] and not isinstance(got["bozo_reason"], str):
        diffs.append("bozo without a reason")
    if not got["bozo"] and got["bozo_reason"] is not None:
        diffs.append("bozo_reason without bozo")
    for k in FEED_KEYS:
        if k not in got["feed"]:
            diffs.append("feed.%s missing" % k)
        elif got["feed"][k] != want["feed"].get(k):
            diffs.append("feed.%s: got %r want %r" % (k, got["feed"][k], want["feed"].get(k)))
    ge, we = got["entries"], want["entries"]
    if len(ge) != len(we):
        diffs.append("entries: got %d want %d" % (len(ge), len(we)))
    for i, (g, w) in enumerate(zip(ge, we)):
        for k in ENTRY_KEYS:
            if k not in g:
                diffs.append("entries[%d].%s missing" % (i, k))
                continue
            gv, wv = g[k], w.get(k)
            if k in ("summary", "content"):
                same = html_events(gv) == html_events(wv)
            elif k == "categories":
                same = isinstance(gv, list) and set(gv) == set(wv or []) and len(gv) == len(set(gv))
            else:
                same = gv == wv
            if not same:
                diffs.append("entries[%d].%s: got %r want %r" % (i, k, gv, wv))
    return diffs


def expected_path(feed):
    base, ext = os.path.splitext(feed)
    for cand in (feed + ".expected.json", base + ".json"):
        if cand != feed and os.path.exists(cand):
            return cand
    return None


def fixtures(paths):
    for p in paths:
        if os.path.isfile(p):
            yield p
            continue
        for root, dirs, files in os.walk(p):
            dirs.sort()
            for f in sorted(files):
                if f.endswith((".args", ".expected.json", ".py", ".md")):
                    continue
                full = os.path.join(root, f)
                if f.endswith(".json") and os.path.exists(full[:-5] + ".xml"):
                    continue  # the expected output of an .xml fixture
                if expected_path(full):
                    yield full


def main():
    nm = sys.argv[1]
    failed = 0
    count = 0
    for feed in fixtures(sys.argv[2:]):
        count += 1
        want = json.load(open(expected_path(feed), encoding="utf-8"))
        args = []
        if os.path.exists(feed + ".args"):
            args = [a for a in open(feed + ".args", encoding="utf-8").read().split("\n") if a]
        try:
            r = subprocess.run([nm, "parse", "--json"] + args + [feed], capture_output=True,
                               timeout=10)
        except subprocess.TimeoutExpired:
            print("not ok - %s\n    timed out" % feed)
            failed += 1
            continue
        if "exit" in want:
            if r.returncode == want["exit"] and r.stderr.strip() and not r.stdout.strip():
                print("ok - %s (exit %d)" % (feed, want["exit"]))
            else:
                failed += 1
                print("not ok - %s\n    exit %d, wanted %d; stderr %r" % (feed, r.returncode, want["exit"], r.stderr[:200]))
            continue
        if r.returncode != 0:
            failed += 1
            print("not ok - %s\n    exit %d: %s" % (feed, r.returncode, r.stderr.decode(errors="replace")[:300]))
            continue
        try:
            got = json.loads(r.stdout.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            failed += 1
            print("not ok - %s\n    output is not JSON: %s" % (feed, e))
            continue
        diffs = compare(got, want)
        if diffs:
            failed += 1
            print("not ok - %s" % feed)
            for d in diffs[:12]:
                print("    " + d)
        else:
            print("ok - %s" % feed)
    if count == 0:
        print("not ok - no fixtures found in %s" % " ".join(sys.argv[2:]))
        failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
