#!/usr/bin/env python3
"""extract_f1.py — per-page check of `newsmill extract --json` on the pages
of tests/fixtures/extract/pages/ (tests/e2e/extract_pages.sh).

  extract_f1.py RESULTS.jsonl FIXTURE_DIR MIN_F1
      one TAP line per page: its text's shingle F1 against ID.txt >= MIN_F1,
      and its "charset" in the family of charsets.tsv
  extract_f1.py --self-check FIXTURE_DIR
      the measure must fail: another page's text, half a text, nothing

Shingle F1: the texts are split into tokens (each Han, kana or Hangul
character one token, \\w+ runs for the rest), 4-token shingles are counted
as multisets, P = shared/extracted, R = shared/true, F1 = 2PR/(P+R)
(bench/extract/score.py scores the benchmark the same way).
"""
import json
import os
import re
import sys
from collections import Counter

CJK = ("\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf"
       "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f")
TOKEN = re.compile("[%s]|(?:(?![%s])\\w)+" % (CJK, CJK))
FAMILY = {"GBK": ("gbk", "gb2312", "gb18030", "gb_2312", "cp936", "x-gbk"),
          "BIG5": ("big5", "big5-hkscs", "cp950", "x-x-big5"),
          "UTF-8": ("utf-8", "utf8")}


def shingles(text):
    toks = TOKEN.findall(text or "")
    return Counter(tuple(toks[i:i + 4]) for i in range(max(1, len(toks) - 3))
                   if toks[i:i + 4])


def f1(pred, true):
    p, t = shingles(pred), shingles(true)
    tp = sum((p & t).values())
    if tp == 0:
        return 0.0
    prec, rec = tp / sum(p.values()), tp / sum(t.values())
    return 2 * prec * rec / (prec + rec)


def expected(d):
    out = {}
    with open(os.path.join(d, "pages.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                name = line.split("\t")[0]
                pid = name[:-5] if name.endswith(".html") else name
                with open(os.path.join(d, pid + ".txt"), encoding="utf-8") as t:
                    out[pid] = t.read()
    return out


def self_check(d):
    exp = expected(d)
    ids = sorted(exp)
    bad = 0
    a, b = exp[ids[0]], exp[ids[1]]
    for name, val, want_low in (
            ("identical text scores 1", f1(a, a), False),
            ("another page's text scores below 0.95", f1(b, a), True),
            ("half of the text scores below 0.95", f1(a[:len(a) // 2], a), True),
            ("the text plus as much again of other text scores below 0.95",
             f1(a + "\n" + b, a), True),
            ("no text scores 0", f1("", a), True)):
        good = (val < 0.95) if want_low else (val == 1.0)
        print("%s - comparator: %s (%.3f)" % ("ok" if good else "not ok", name, val))
        bad += not good
    return 1 if bad else 0


def main(argv):
    if len(argv) == 2 and argv[0] == "--self-check":
        return self_check(argv[1])
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    results, d, need = argv[0], argv[1], float(argv[2])
    exp = expected(d)
    fam = {}
    with open(os.path.join(d, "charsets.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                pid, family = line.split("\t")[:2]
                fam[pid] = family
    got = {}
    with open(results, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                o = json.loads(line)
            except ValueError as e:
                print("not ok - %s:%d is not JSON: %s" % (results, n, e))
                continue
            src = os.path.basename(o.get("source") or o.get("file") or "")
            got[src[:-5] if src.endswith(".html") else src] = o
    for pid in sorted(exp):
        o = got.get(pid)
        if o is None:
            print("not ok - extract %s: no result" % pid)
            continue
        v = f1(o.get("text") or "", exp[pid])
        print("%s - extract %s: text F1 %.3f (need %.2f)%s" % (
            "ok" if v >= need else "not ok", pid, v, need,
            "" if v >= need else "; error: %s" % (o.get("error") or "-")))
        cs = (o.get("charset") or "").lower()
        want = fam.get(pid)
        if want:
            print("%s - extract %s: charset %s is %s" % (
                "ok" if cs in FAMILY[want] else "not ok", pid, cs or "(none)", want))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
