#!/usr/bin/env python3
"""mozcmp.py — parity with Mozilla Readability on its own test pages.

For each case of readability-test-pages/ (source.html, expected.html), the
text an extractor gave for source.html is compared with the text of
expected.html (Readability's own output: parity, not truth). Similarity
is the shingle F1 of score.py with the `chars` tokenizer (4-token
shingles, each CJK character a token, \\w+ runs otherwise), computed per
case; the mean over the cases is printed with the cases below a bound.

  mozcmp.py list CASES_DIR > LIST          the `path<TAB>url` list (the
                                           URL Readability's tests use)
  mozcmp.py score CASES_DIR RESULTS.jsonl [--below 0.9] [--worst-out F]
      prints `MEAN N BELOW` on the first line, then the cases below the
      bound, worst first (case, F1, P, R, a reason).
"""
import html.parser
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import score  # noqa: E402

URL = "http://fakehost/test/page.html"
BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5",
          "h6", "table", "tr", "td", "th", "pre", "blockquote", "figure",
          "figcaption", "section", "article", "header", "footer", "dd", "dt",
          "dl", "hr", "img", "aside", "main", "nav", "form"}


class _Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "noscript", "template"):
            self.skip += 1
        elif tag in BLOCKS:
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "noscript", "template"):
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCKS:
            self.out.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def html_text(s):
    """Text of an HTML fragment, a line break at each block boundary."""
    p = _Text()
    p.feed(s)
    p.close()
    return "".join(p.out)


def cases(d):
    return sorted(c for c in os.listdir(d)
                  if os.path.isfile(os.path.join(d, c, "source.html")))


def main(argv):
    if len(argv) == 2 and argv[0] == "list":
        for c in cases(argv[1]):
            print("%s\t%s" % (os.path.join(os.path.abspath(argv[1]), c,
                                           "source.html"), URL))
        return 0
    if len(argv) >= 3 and argv[0] == "score":
        d, res = argv[1], argv[2]
        below, worst_out, label = 0.9, None, "readability-test-pages"
        i = 3
        while i + 1 < len(argv):
            if argv[i] == "--below":
                below = float(argv[i + 1])
            elif argv[i] == "--worst-out":
                worst_out = argv[i + 1]
            elif argv[i] == "--label":
                label = argv[i + 1]
            i += 2
        got = {}
        with open(res, encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.strip():
                    try:
                        o = json.loads(line)
                    except ValueError:
                        continue
                    src = o.get("source") or o.get("file") or ""
                    got[os.path.basename(os.path.dirname(src))] = o
        rows = []
        for c in cases(d):
            with open(os.path.join(d, c, "expected.html"), encoding="utf-8") as f:
                exp = html_text(f.read())
            o = got.get(c, {"error": "no result for this case"})
            text = o.get("text") or ""
            f1, p, r = score.page_prf(score.page_counts(text, exp, "chars"))
            why = score._reason(text, exp, f1, p, r, o.get("error"))
            if p < r and f1 < below:
                why += " — keeps text Readability drops"
            elif r < p and f1 < below:
                why += " — drops text Readability keeps"
            rows.append((f1, p, r, c, why))
        mean = sum(x[0] for x in rows) / len(rows) if rows else 0.0
        low = sorted(x for x in rows if x[0] < below)
        print("%.4f %d %d" % (mean, len(rows), len(low)))
        lines = ["%-44s F1 %.3f  P %.3f  R %.3f  %s" % (c, f, p, r, w)
                 for f, p, r, c, w in low]
        for ln in lines:
            print(ln)
        if worst_out:
            with open(worst_out, "a", encoding="utf-8") as f:
                f.write("## %s (%d cases): mean F1 %.4f, %d below %.2f\n" %
                        (label, len(rows), mean, len(low), below))
                for ln in lines:
                    f.write(ln + "\n")
                f.write("\n")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
