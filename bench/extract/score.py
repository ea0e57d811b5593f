#!/usr/bin/env python3
"""score.py — the article-extraction scorer of bench/extract (stdlib only).

The measure is the one of the scrapinghub article-extraction benchmark:
split the extracted and the true text into tokens, count the 4-token
shingles of each as multisets, TP = shared shingles (min of the counts),
FP = extracted only, FN = true only, each divided by TP+FP+FN so that
every page weighs the same. Precision is the mean of TP/(TP+FP) over the
pages with TP+FP > 0, recall the mean of TP/(TP+FN) over the pages with
TP+FN > 0 (a page where both texts have no tokens counts 1 for both), and
F1 = 2PR/(P+R) of those two means.

Two tokenizers:
  words  the benchmark's own: the Unicode regex \\w+ (case kept);
  chars  for CJK pages: each Han, kana or Hangul character is a token, and
         \\w+ runs of everything else (so one Chinese sentence is not one
         token). On text without CJK characters it equals `words`.

Usage:
  score.py check
      self-check: proves the scorer can fail (identical texts 1.0, disjoint
      0.0, known partial cases give their exact numbers); exit 1 if not.
  score.py corpus --tokens words|chars TRUTH.json RESULTS.jsonl LIST
                  [--worst N] [--worst-out FILE] [--label NAME]
      TRUTH.json: {id: {"articleBody": ..., "url": ...}} (scrapinghub's
      format); LIST: the `path<TAB>url` list the tool was given, the id of
      a line being its file name up to the first dot; RESULTS.jsonl: one
      JSON object per line with "source" (the path) and "text" (or
      "error"). Prints `F1 P R PAGES MISSING` on the first line, then the
      N worst pages (id, F1, P, R, a reason) when asked.
  score.py pair FILE_A FILE_B [--tokens words|chars]
      shingle F1 of two text files (A taken as the extraction).
"""
import json
import os
import re
import sys
from collections import Counter

NGRAM = 4
_WORDS = re.compile(r"\w+")
_CJK = ("\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf"
        "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f")
_CHARS = re.compile("[%s]|(?:(?![%s])\\w)+" % (_CJK, _CJK))


def tokenize(text, tokens="words"):
    """Tokens of TEXT: `words` (\\w+) or `chars` (one per CJK character)."""
    rx = _WORDS if tokens == "words" else _CHARS
    return rx.findall(text or "")


def shingles(text, tokens="words", n=NGRAM):
    """Multiset of the N-token shingles of TEXT (fewer tokens: one shingle)."""
    toks = tokenize(text, tokens)
    out = Counter()
    for i in range(0, max(1, len(toks) - n + 1)):
        sh = tuple(toks[i:i + n])
        if sh:
            out[sh] += 1
    return out


def page_counts(pred, true, tokens="words"):
    """(tp, fp, fn) of one page, normalised to sum 1 (all 0 if no shingles)."""
    ps, ts = shingles(pred, tokens), shingles(true, tokens)
    tp = fp = fn = 0
    for key in ps.keys() | ts.keys():
        p, t = ps.get(key, 0), ts.get(key, 0)
        tp += min(p, t)
        fp += max(0, p - t)
        fn += max(0, t - p)
    s = tp + fp + fn
    if s == 0:
        return (0.0, 0.0, 0.0)
    return (tp / s, fp / s, fn / s)


def page_prf(counts):
    """(f1, precision, recall) of one page from its counts."""
    tp, fp, fn = counts
    if fp == 0 and fn == 0:
        return (1.0, 1.0, 1.0)
    p = tp / (tp + fp) if tp + fp > 0 else 0.0
    r = tp / (tp + fn) if tp + fn > 0 else 0.0
    f = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return (f, p, r)


def corpus_prf(all_counts):
    """(f1, precision, recall) of a corpus: F1 of the per-page means."""
    ps, rs = [], []
    for tp, fp, fn in all_counts:
        if fp == 0 and fn == 0:
            ps.append(1.0)
            rs.append(1.0)
            continue
        if tp + fp > 0:
            ps.append(tp / (tp + fp))
        if tp + fn > 0:
            rs.append(tp / (tp + fn))
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    f = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return (f, p, r)


def similarity(a, b, tokens="chars"):
    """Shingle F1 of text A (extraction) against text B (reference)."""
    return page_prf(page_counts(a, b, tokens))[0]


def _near(a, b):
    return abs(a - b) < 1e-9


def self_check():
    """Known cases with their exact answers; returns the number of failures."""
    bad = 0

    def want(name, got, exp):
        nonlocal bad
        ok = all(_near(g, e) for g, e in zip(got, exp)) and len(got) == len(exp)
        print(("ok   " if ok else "FAIL ") + name + ": got " +
              ", ".join("%.6f" % g for g in got) +
              ("" if ok else "  expected " + ", ".join("%.6f" % e for e in exp)))
        if not ok:
            bad += 1

    text = "The quick brown fox jumps over the lazy dog near the river bank"
    want("identical words", page_prf(page_counts(text, text)), (1, 1, 1))
    want("disjoint words",
         page_prf(page_counts(text, "alpha beta gamma delta epsilon")),
         (0, 0, 0))
    # 10 true tokens -> 7 shingles; the extraction is the first 6 tokens
    # (3 shingles, all true): tp 3, fp 0, fn 4 -> P 1, R 3/7.
    true = "a1 a2 a3 a4 a5 a6 a7 a8 a9 a10"
    pred = "a1 a2 a3 a4 a5 a6"
    want("truncated extraction", page_prf(page_counts(pred, true)),
         (2 * (3 / 7) / (1 + 3 / 7), 1.0, 3 / 7))
    # The whole true text plus 4 extra tokens of boilerplate: 7 + 4 = 11
    # shingles extracted, 7 true: P 7/11, R 1.
    pred = true + " b1 b2 b3 b4"
    want("boilerplate added", page_prf(page_counts(pred, true)),
         (2 * (7 / 11) / (7 / 11 + 1), 7 / 11, 1.0))
    # Multisets: a repeated paragraph counts twice.
    rep = "x y z w x y z w"
    want("repeat counted twice", page_counts("x y z w", rep),
         (1 / 5, 0.0, 4 / 5))
    # The per-character tokenizer: 6 Han characters -> 3 shingles; \w+
    # sees one token, so one shingle.
    assert tokenize("中国经济增长", "chars") == list("中国经济增长")
    assert tokenize("中国经济增长", "words") == ["中国经济增长"]
    assert tokenize("GDP增长5.2%", "chars") == ["GDP", "增", "长", "5", "2"]
    want("chars partial", page_prf(page_counts("中国经济增", "中国经济增长", "chars")),
         (2 * 1 * (2 / 3) / (1 + 2 / 3), 1.0, 2 / 3))
    want("words sees one token",
         page_prf(page_counts("中国经济增", "中国经济增长", "words")), (0, 0, 0))
    # Corpus: a perfect page and an empty extraction of a 7-shingle truth.
    # P: mean over pages with TP+FP>0 = page 1 only = 1; R: (1 + 0) / 2.
    c = [page_counts(true, true), page_counts("", true)]
    want("corpus means", corpus_prf(c), (2 * 0.5 / 1.5, 1.0, 0.5))
    # Both empty counts 1 for both.
    want("both empty", corpus_prf([page_counts("", "")]), (1, 1, 1))
    # Fewer than 4 tokens is one shingle.
    want("short text", page_counts("one two", "one two"), (1, 0, 0))
    # The check itself can fail: a wrong expectation must be reported.
    before = bad
    want("(a wrong expectation, must be reported FAIL)",
         page_prf(page_counts(text, text)), (0.5, 1, 1))
    if bad == before + 1:
        bad = before
        print("ok   a wrong expectation is caught")
    else:
        print("FAIL a wrong expectation went unnoticed")
        bad = before + 1
    print("self-check:", "PASS" if bad == 0 else "%d FAILED" % bad)
    return bad


def _page_id(path):
    return os.path.basename(path).split(".")[0]


def _reason(pred, true, f, p, r, err):
    if err:
        return "error: " + err[:80]
    if not (pred or "").strip():
        return "nothing extracted"
    if p < 0.5 and r > 0.8:
        return "much boilerplate kept (%d chars extracted vs %d true)" % (
            len(pred), len(true))
    if r < 0.5 and p > 0.8:
        return "article cut short (%d chars extracted vs %d true)" % (
            len(pred), len(true))
    if p < 0.5 and r < 0.5:
        return "wrong block picked"
    if p < r:
        return "some boilerplate kept (%d extracted vs %d true chars)" % (
            len(pred), len(true))
    return "some article text missing (%d extracted vs %d true chars)" % (
        len(pred), len(true))


def _sample(pred, true, tokens):
    """Where the texts differ: the first extracted-only and true-only runs."""
    sep = "" if tokens == "chars" else " "

    def first_only(a, b):
        toks = tokenize(a, tokens)
        other = shingles(b, tokens)
        seen = Counter()
        for i in range(0, max(0, len(toks) - NGRAM + 1)):
            sh = tuple(toks[i:i + NGRAM])
            seen[sh] += 1
            if seen[sh] > other.get(sh, 0):
                return sep.join(toks[i:i + 16])
        return ""

    out = ""
    extra, miss = first_only(pred, true), first_only(true, pred)
    if extra:
        out += " | extra: \"%s\"" % extra
    if miss:
        out += " | missing: \"%s\"" % miss
    return out


def _ws(s):
    return re.sub(r"\s+", "", s)


def _line_diff(pred, true, n=3):
    """Up to N true lines absent from the extraction and N extracted lines
    absent from the truth (whitespace ignored), for the worst-pages file."""
    p, t = _ws(pred), _ws(true)
    miss = [x.strip() for x in true.split("\n") if x.strip() and _ws(x) not in p]
    extra = [x.strip() for x in pred.split("\n")
             if len(_ws(x)) > 1 and _ws(x) not in t]
    out = []
    for x in miss[:n]:
        out.append("      - missing line: " + x[:70])
    if len(miss) > n:
        out.append("      - ... %d more missing lines" % (len(miss) - n))
    for x in extra[:n]:
        out.append("      + extra line: " + x[:70])
    if len(extra) > n:
        out.append("      + ... %d more extra lines" % (len(extra) - n))
    return out


def corpus_main(args):
    tokens, worst, worst_out, label = "words", 0, None, ""
    pos = []
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("--tokens", "--worst", "--worst-out", "--label"):
            v = args[i + 1]
            i += 2
            if a == "--tokens":
                tokens = v
            elif a == "--worst":
                worst = int(v)
            elif a == "--worst-out":
                worst_out = v
            else:
                label = v
            continue
        pos.append(a)
        i += 1
    if len(pos) != 3 or tokens not in ("words", "chars"):
        sys.exit("usage: score.py corpus --tokens words|chars TRUTH RESULTS LIST")
    truth_path, results_path, list_path = pos
    with open(truth_path, encoding="utf-8") as f:
        truth = json.load(f)
    ids = []
    with open(list_path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                ids.append(_page_id(line.split("\t")[0]))
    got = {}
    with open(results_path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                obj = json.loads(line)
            except ValueError as e:
                print("%s:%d: not JSON (%s)" % (results_path, n, e),
                      file=sys.stderr)
                continue
            src = obj.get("source") or obj.get("file") or ""
            got[_page_id(src)] = obj
    counts, rows, missing = [], [], 0
    for pid in ids:
        if pid not in truth:
            continue
        true = truth[pid].get("articleBody", "")
        obj = got.get(pid)
        if obj is None:
            missing += 1
            obj = {"error": "no result for this page"}
        pred = obj.get("text") or ""
        c = page_counts(pred, true, tokens)
        counts.append(c)
        f1, p, r = page_prf(c)
        host = re.sub(r"^https?://([^/]+).*$", r"\1",
                      truth[pid].get("url", ""))
        rows.append((f1, p, r, pid, host + ": " +
                     _reason(pred, true, f1, p, r, obj.get("error")) +
                     (_sample(pred, true, tokens) if f1 < 1.0 else ""),
                     pred, true))
    f1, p, r = corpus_prf(counts)
    print("%.4f %.4f %.4f %d %d" % (f1, p, r, len(counts), missing))
    rows.sort()
    lines, detail = [], []
    for f, pp, rr, pid, why, pred, true in rows[:worst]:
        if f >= 1.0:
            continue
        ln = "%-16s F1 %.3f  P %.3f  R %.3f  %s" % (pid[:16], f, pp, rr, why)
        lines.append(ln)
        detail.append(ln)
        detail.extend(_line_diff(pred, true))
    for ln in lines:
        print(ln)
    lines = detail
    if worst_out:
        with open(worst_out, "a", encoding="utf-8") as f:
            f.write("## %s (%d pages): F1 %.4f P %.4f R %.4f, worst %d\n" %
                    (label or truth_path, len(counts), f1, p, r,
                     sum(1 for x in lines if not x.startswith(" "))))
            for ln in lines:
                f.write(ln + "\n")
            f.write("\n")


def main(argv):
    if len(argv) >= 1 and argv[0] == "check":
        return 1 if self_check() else 0
    if len(argv) >= 1 and argv[0] == "corpus":
        corpus_main(argv[1:])
        return 0
    if len(argv) >= 3 and argv[0] == "pair":
        tokens = "chars"
        if len(argv) >= 5 and argv[3] == "--tokens":
            tokens = argv[4]
        with open(argv[1], encoding="utf-8") as a, \
                open(argv[2], encoding="utf-8") as b:
            f, p, r = page_prf(page_counts(a.read(), b.read(), tokens))
        print("%.4f %.4f %.4f" % (f, p, r))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
