#!/usr/bin/env python3
"""fuzz-corpus-mustache.py — writes the seed corpus of fuzz_mustache.

One seed per test of the Mustache spec (tests/fixtures/mustache-spec): the test's template, then, when the test
has partials, a NUL byte and its first partial — the same layout
tests/fuzz/fuzz_mustache.c reads (template "t", partial "p"; references to
the partial are rewritten to "p" so the seed exercises the partial).

    scripts/fuzz-corpus-mustache.py [OUT_DIR]   (default tests/fuzz/corpus/mustache)
"""
import json
import os
import re
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
spec = os.path.join(root, "tests", "fixtures", "mustache-spec")
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "tests", "fuzz", "corpus", "mustache")
os.makedirs(out, exist_ok=True)

count = 0
seen = set()
for name in sorted(os.listdir(spec)):
    if not name.endswith(".json") or name == "~lambdas.json":
        continue
    with open(os.path.join(spec, name), encoding="utf-8") as f:
        tests = json.load(f)["tests"]
    for t in tests:
        tpl = t["template"]
        seed = tpl.encode("utf-8")
        partials = t.get("partials") or {}
        if partials:
            first = sorted(partials)[0]
            ren = lambda s: re.sub(r"([>/<]\s*)" + re.escape(first) + r"(?=\s*\}\})", r"\1p", s)
            seed = ren(tpl).encode("utf-8") + b"\0" + ren(partials[first]).encode("utf-8")
        base = re.sub(r"[^a-z0-9]+", "-", (name[:-5] + "-" + t["name"]).lower()).strip("-")
        while base in seen:  # two spec tests may share a name
            base += "-2"
        seen.add(base)
        with open(os.path.join(out, base), "wb") as f:
            f.write(seed)
        count += 1
print(f"{count} seeds in {out}")
