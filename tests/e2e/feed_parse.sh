# feed_parse.sh — `newsmill parse`: the contract's worked examples, the
# fixture corpus (tests/fixtures/feeds/, compared by the contract's rules),
# the readable summary and the exit codes.
. "$(dirname "$0")/lib.sh"

cmp_py="$NM_ROOT/tests/tools/feed_compare.py"

# The comparator itself must see a difference (a test that cannot fail is no test).
cp "$NM_ROOT/tests/fixtures/feed-json/ex1_rss20.xml" "$NM_TMP/wrong.xml"
sed 's/"Example News"/"Other News"/' "$NM_ROOT/tests/fixtures/feed-json/ex1_rss20.json" >"$NM_TMP/wrong.json"
if python3 "$cmp_py" "$NEWSMILL" "$NM_TMP/wrong.xml" >"$NM_TMP/cmp" 2>&1; then
  fail "feed_compare.py reports a changed title" "$(cat "$NM_TMP/cmp")"
else
  ok "feed_compare.py reports a changed title"
fi
sed 's/<em>teaser<\/em>/<em>teaser<\/em>!/' "$NM_ROOT/tests/fixtures/feed-json/ex1_rss20.json" >"$NM_TMP/wrong.json"
if python3 "$cmp_py" "$NEWSMILL" "$NM_TMP/wrong.xml" >"$NM_TMP/cmp" 2>&1; then
  fail "feed_compare.py reports changed HTML text" "$(cat "$NM_TMP/cmp")"
else
  ok "feed_compare.py reports changed HTML text"
fi

# The three worked examples of doc/feed-json.md, then the corpus:
# one TAP line per fixture.
python3 "$cmp_py" "$NEWSMILL" "$NM_ROOT/tests/fixtures/feed-json" "$NM_ROOT/tests/fixtures/feeds" \
  | tee "$NM_TMP/corpus"
nfix=$(grep -c '^ok - ' "$NM_TMP/corpus")
bad=$(grep -c '^not ok - ' "$NM_TMP/corpus")
nm_failures=$((nm_failures + bad))
[ "$nfix" -ge 203 ] && ok "corpus has at least 200 fixtures besides the examples ($nfix)" \
  || fail "corpus has at least 200 fixtures besides the examples" "only $nfix passed"

ex1="$NM_ROOT/tests/fixtures/feed-json/ex1_rss20.xml"
expect_exit "parse prints a summary" 0 "$NEWSMILL" parse "$ex1"
expect_grep "summary names the format" '^format: rss2.0$' "$NM_TMP/out"
expect_grep "summary names the title" '^title: Example News$' "$NM_TMP/out"
expect_grep "summary counts entries" '^entries: 1$' "$NM_TMP/out"
expect_grep "summary lists date and title" '^  2003-06-10T04:00:00Z  AT&T merger news$' "$NM_TMP/out"

expect_exit "summary of a recovered feed exits 0" 0 "$NEWSMILL" parse "$NM_ROOT/tests/fixtures/feed-json/ex3_rss_illformed.xml"
expect_grep "summary says bozo" '^bozo: ' "$NM_TMP/out"

expect_exit "parse - reads standard input" 0 sh -c "\"$NEWSMILL\" parse --json - < \"$ex1\""
expect_grep "stdin gives the same JSON" '"title": "Example News"' "$NM_TMP/out"
mkfifo "$NM_TMP/fifo"
cat "$ex1" >"$NM_TMP/fifo" &
expect_exit "a FIFO is read as a stream" 0 timeout 10 "$NEWSMILL" parse --json "$NM_TMP/fifo"
wait
expect_grep "the FIFO gives the same JSON" '"title": "Example News"' "$NM_TMP/out"
expect_exit "a directory exits 1" 1 "$NEWSMILL" parse "$NM_TMP"
expect_grep "a directory is named as one" 'is a directory' "$NM_TMP/err"

printf '<html><body><p>hello</p></body></html>' >"$NM_TMP/page.html"
expect_exit "an HTML page is not a feed (exit 1)" 1 "$NEWSMILL" parse --json "$NM_TMP/page.html"
expect_grep "not a feed names the file" "page.html: not a feed" "$NM_TMP/err"
expect_eq "not a feed prints nothing on stdout" "" "$(cat "$NM_TMP/out")"

expect_exit "a missing file exits 1" 1 "$NEWSMILL" parse "$NM_TMP/nope.xml"
expect_grep "a missing file is named" "nope.xml" "$NM_TMP/err"
: >"$NM_TMP/empty.xml"
expect_exit "an empty file exits 1" 1 "$NEWSMILL" parse "$NM_TMP/empty.xml"
expect_grep "an empty file says so" "not a feed: empty document" "$NM_TMP/err"
printf '<?xml version="1.0" encoding="utf-8"?>\n<!-- no element -->\n' >"$NM_TMP/prolog_only.xml"
expect_exit "a document without an element exits 1" 1 "$NEWSMILL" parse "$NM_TMP/prolog_only.xml"
expect_grep "a document without an element is an empty document" \
  "prolog_only.xml: not a feed: empty document .no XML element.$" "$NM_TMP/err"
printf '{"items": []}' >"$NM_TMP/nover.json"
expect_exit "JSON without a JSON Feed version exits 1" 1 "$NEWSMILL" parse "$NM_TMP/nover.json"
expect_grep "JSON without version says what is missing" 'JSON Feed version' "$NM_TMP/err"
printf '{"version": "https://jsonfeed.org/version/1.1", "items": [' >"$NM_TMP/trunc.json"
expect_exit "truncated JSON exits 1" 1 "$NEWSMILL" parse "$NM_TMP/trunc.json"
expect_grep "truncated JSON says invalid JSON" 'invalid JSON' "$NM_TMP/err"

expect_exit "no file is a usage error" 2 "$NEWSMILL" parse
expect_exit "two files give two JSON objects" 0 "$NEWSMILL" parse --json "$ex1" "$NM_ROOT/tests/fixtures/feed-json/ex2_atom10.xml"
expect_eq "two files: two objects, in order" "rss2.0 atom1.0" \
  "$(python3 -c 'import json,sys; d=json.JSONDecoder(); s=open(sys.argv[1]).read(); i=0; out=[]
while i < len(s.rstrip()):
    o, i = d.raw_decode(s, i); out.append(o["format"])
    while i < len(s) and s[i].isspace(): i += 1
print(" ".join(out))' "$NM_TMP/out")"
expect_exit "a bad file among good ones exits 1" 1 "$NEWSMILL" parse "$ex1" "$NM_TMP/nope.xml" "$ex1"
expect_eq "the good files are still parsed" "2" "$(grep -c '^format: rss2.0$' "$NM_TMP/out")"
expect_grep "several files: each summary names its file" "^file: $ex1\$" "$NM_TMP/out"
expect_exit "options after the file are read" 0 "$NEWSMILL" parse "$ex1" --json
expect_grep "options after the file: JSON" '"format": "rss2.0"' "$NM_TMP/out"
expect_exit "unknown option is a usage error" 2 "$NEWSMILL" parse --frob "$ex1"
expect_grep "unknown option is named" "unknown option '--frob'" "$NM_TMP/err"
expect_exit "--base without a value is a usage error" 2 "$NEWSMILL" parse "$ex1" --base

# --base: the document URL is the outermost base
cat >"$NM_TMP/rel.xml" <<'XML'
<rss version="2.0"><channel><title>t</title><link>/home</link>
<item><title>a</title><link>posts/a.html</link><description>&lt;a href="b.html"&gt;b&lt;/a&gt;</description></item></channel></rss>
XML
expect_exit "relative links stay relative without --base" 0 "$NEWSMILL" parse --json "$NM_TMP/rel.xml"
expect_grep "relative link kept" '"link": "posts/a.html"' "$NM_TMP/out"
expect_exit "--base resolves relative links" 0 "$NEWSMILL" parse --json --base https://ex.org/feed/rss.xml "$NM_TMP/rel.xml"
expect_grep "--base resolves the entry link" '"link": "https://ex.org/feed/posts/a.html"' "$NM_TMP/out"
expect_grep "--base resolves the feed link" '"link": "https://ex.org/home"' "$NM_TMP/out"
expect_grep "--base resolves hrefs in HTML" 'href=\\"https://ex.org/feed/b.html\\"' "$NM_TMP/out"

# Big feeds are read while they are parsed (entries taken slice by slice):
# every entry, in document order, for RSS, Atom and RSS 1.0.
python3 - "$NM_TMP" <<'PY'
import sys
d = sys.argv[1]
n = 6000
items = "".join("<item><title>item %d</title><guid>urn:%d</guid><description>%s</description></item>\n" % (i, i, "x" * 80) for i in range(n))
open(d + "/big_rss.xml", "w").write('<rss version="2.0"><channel><title>big</title>%s<language>en</language></channel></rss>' % items)
entries = "".join("<entry><title>entry %d</title><id>urn:%d</id><link href='p/%d'/></entry>\n" % (i, i, i) for i in range(n))
open(d + "/big_atom.xml", "w").write('<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://b.example/"><title>big</title>%s</feed>' % entries)
rdf = "".join('<item rdf:about="urn:%d"><title>rdf %d</title></item>\n' % (i, i) for i in range(n))
open(d + "/big_rdf.xml", "w").write('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>big</title></channel>%s</rdf:RDF>' % rdf)
PY
for kind in rss atom rdf; do
  expect_exit "big $kind feed parses" 0 "$NEWSMILL" parse --json "$NM_TMP/big_$kind.xml"
  expect_eq "big $kind feed: every entry in order" "6000 urn:0 urn:5999 ok" \
    "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); e=d["entries"]
ok = all(x["id"] == "urn:%d" % i for i, x in enumerate(e))
print(len(e), e[0]["id"], e[-1]["id"], "ok" if ok else "out of order")' "$NM_TMP/out")"
done
expect_grep "big feed: a channel element after the items still counts" '"language": "en"' <(
  "$NEWSMILL" parse --json "$NM_TMP/big_rss.xml")
expect_grep "big Atom feed: xml:base applies to late entries" '"link": "http://b.example/p/5999"' <(
  "$NEWSMILL" parse --json "$NM_TMP/big_atom.xml")

# --charset: the HTTP charset wins over the prolog
printf '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>caf\xe9</title></channel></rss>' >"$NM_TMP/latin.xml"
expect_exit "--charset reads the declared charset" 0 "$NEWSMILL" parse --json --charset iso-8859-1 "$NM_TMP/latin.xml"
expect_grep "--charset gives the right text" '"title": "café"' "$NM_TMP/out"
finish
