# feed_hostile.sh — `newsmill parse` on hostile input: every case ends
# within 2 s of CPU and 256 MiB (ulimit -t, ulimit -v; timeout for a hang
# that burns no CPU) with a clear error or a
# recovered parse, reads no local file, opens no connection.
. "$(dirname "$0")/lib.sh"

# The bounds are the issue's: 2 s, 256 MiB of address space. The 2 s are
# CPU seconds (ulimit -t): on a shared, loaded machine a case that used
# 0.08 s of CPU could miss a 2 s wall clock; the wall clock (30 s) only
# catches a hang that burns no CPU. An ASan build
# reserves terabytes of shadow address space and runs several times slower,
# so there only crashes are checked (the normal build checks the bounds).
limit_kb=262144 limit_cpu=2 limit_s=30
case "${NM_BUILD:-}" in */asan) limit_kb=unlimited limit_cpu=60 limit_s=120 ;; esac

# run_bounded NAME WANT_EXITS FILE [ARGS...]: parse --json under the bounds;
# passes when the exit status is one of WANT_EXITS ("0", "1", "0 1").
run_bounded() {
  local n=$1 want=$2 f=$3; shift 3
  ( ulimit -v "$limit_kb"; ulimit -t "$limit_cpu"; timeout "$limit_s" "$NEWSMILL" parse --json "$@" "$f" ) >"$NM_TMP/out" 2>"$NM_TMP/err"
  local rc=$?
  case " $want " in
    *" $rc "*) ok "$n (exit $rc)" ;;
    *) fail "$n" "exit $rc (124 = timed out, 137/152 = over the CPU bound), wanted one of: $want; $(head -c 300 "$NM_TMP/err")" ;;
  esac
}
# An error exit must come with a message naming the file.
said_clearly() {
  if [ -s "$NM_TMP/out" ] || grep -q 'newsmill: error: .*: ' "$NM_TMP/err"; then ok "$1"; else fail "$1" "$(cat "$NM_TMP/err")"; fi
}
no_passwd() {
  if grep -q 'root:' "$NM_TMP/out" "$NM_TMP/err"; then fail "$1" "passwd content in the output"; else ok "$1"; fi
}

py() { python3 -c "$@"; }

# 1. billion laughs
py '
import sys
d = ["<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">"]
for i in range(1, 10):
    d.append("<!ENTITY lol%d \"%s\">" % (i, ("&lol%d;" % (i - 1) if i > 1 else "&lol;") * 10))
d.append("]>\n<rss version=\"2.0\"><channel><title>&lol9;</title><item><title>x</title></item></channel></rss>")
open(sys.argv[1], "w").write("\n".join(d))' "$NM_TMP/bomb.xml"
run_bounded "entity bomb (billion laughs)" "0 1" "$NM_TMP/bomb.xml"
if grep -q 'lollollol' "$NM_TMP/out"; then fail "entity bomb is not expanded" "$(head -c 200 "$NM_TMP/out")"; else ok "entity bomb is not expanded"; fi

# 2. quadratic blowup: one 100 KB entity referenced 100,000 times
py '
import sys
body = "&a;" * 100000
open(sys.argv[1], "w").write("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY a \"%s\">]>\n<rss version=\"2.0\"><channel><title>q</title><description>%s</description></channel></rss>" % ("x" * 100000, body))' "$NM_TMP/quad.xml"
run_bounded "quadratic blowup" "0 1" "$NM_TMP/quad.xml"
size=$(wc -c <"$NM_TMP/out")
[ "$size" -lt 20000000 ] && ok "quadratic blowup output stays bounded ($size bytes)" || fail "quadratic blowup output stays bounded" "$size bytes"

# 3. XXE to a local file, as a general and as a parameter entity, and an external DTD
cat >"$NM_TMP/xxe_file.xml" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&xxe;</title><item><title>i &xxe;</title><description>&xxe;</description></item></channel></rss>
XML
cat >"$NM_TMP/xxe_param.xml" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>
<rss version="2.0"><channel><title>param</title></channel></rss>
XML
cat >"$NM_TMP/dtd_file.xml" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE rss SYSTEM "/etc/passwd">
<rss version="2.0"><channel><title>dtd</title></channel></rss>
XML
for f in xxe_file xxe_param dtd_file; do
  run_bounded "$f: bounded" "0 1" "$NM_TMP/$f.xml"
  no_passwd "$f: no passwd content in the output"
  strace -f -e trace=open,openat -o "$NM_TMP/trace" "$NEWSMILL" parse --json "$NM_TMP/$f.xml" >/dev/null 2>&1
  if grep -q '/etc/passwd' "$NM_TMP/trace"; then fail "$f: /etc/passwd is never opened" "$(grep passwd "$NM_TMP/trace")"
  else ok "$f: /etc/passwd is never opened"; fi
done
expect_exit "XXE file feed still parses" 0 "$NEWSMILL" parse --json "$NM_TMP/xxe_file.xml"
expect_grep "XXE reference stays literal text" '"title": "&xxe;"' "$NM_TMP/out"

# 4. XXE and an external DTD pointing to a loopback listener
port_file="$NM_TMP/port"
python3 - "$port_file" "$NM_TMP/conns" <<'PY' &
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0)); s.listen(8); s.settimeout(0.2)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
n = 0; end = time.time() + 8
while time.time() < end and not __import__("os").path.exists(sys.argv[1] + ".stop"):
    try:
        c, _ = s.accept(); n += 1; c.close()
    except socket.timeout:
        pass
open(sys.argv[2], "w").write(str(n))
PY
listener=$!
for _ in $(seq 50); do [ -s "$port_file" ] && break; sleep 0.1; done
port=$(cat "$port_file")
cat >"$NM_TMP/xxe_net.xml" <<XML
<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY net SYSTEM "http://127.0.0.1:$port/x"> <!ENTITY % pn SYSTEM "http://127.0.0.1:$port/p.dtd"> %pn;]>
<rss version="2.0"><channel><title>&net;</title></channel></rss>
XML
cat >"$NM_TMP/dtd_net.xml" <<XML
<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//X//DTD X//EN" "http://127.0.0.1:$port/evil.dtd">
<rss version="2.0"><channel><title>dtd net</title></channel></rss>
XML
for f in xxe_net dtd_net; do
  run_bounded "$f: bounded" "0 1" "$NM_TMP/$f.xml"
  strace -f -e trace=connect -o "$NM_TMP/trace" "$NEWSMILL" parse --json "$NM_TMP/$f.xml" >/dev/null 2>&1
  if grep -q 'connect(' "$NM_TMP/trace"; then fail "$f: no connect() call" "$(grep connect "$NM_TMP/trace")"
  else ok "$f: no connect() call"; fi
done
touch "$port_file.stop"
wait "$listener"
expect_eq "the loopback listener got no connection" "0" "$(cat "$NM_TMP/conns")"

# 5. 100,000 levels of nesting: XML elements, and HTML inside a description
py '
import sys
open(sys.argv[1], "w").write("<rss version=\"2.0\"><channel><title>deep</title><item><title>t</title>" + "<x>" * 100000 + "</x>" * 100000 + "</item></channel></rss>")
open(sys.argv[2], "w").write("<rss version=\"2.0\"><channel><title>deep</title><item><title>t</title><description><![CDATA[" + "<div>" * 100000 + "text" + "</div>" * 100000 + "]]></description></item></channel></rss>")
open(sys.argv[3], "w").write("<rss version=\"2.0\"><channel><title>deep</title><item><title>t</title><description><![CDATA[" + "<b><i>" * 50000 + "text]]></description></item></channel></rss>")' \
  "$NM_TMP/deep.xml" "$NM_TMP/deep_html.xml" "$NM_TMP/deep_unclosed.xml"
run_bounded "100,000 nested XML elements" "0 1" "$NM_TMP/deep.xml"
said_clearly "nested XML: a result or a clear error"
run_bounded "100,000 nested HTML elements in a description" "0" "$NM_TMP/deep_html.xml"
expect_grep "deep HTML keeps its text" '"summary": "(<div>)+text</div>' "$NM_TMP/out"
run_bounded "100,000 unclosed HTML elements in a description" "0" "$NM_TMP/deep_unclosed.xml"
py '
import sys
open(sys.argv[1], "w").write("<rss version=\"2.0\"><channel><title>" + "&lt;b&gt;" * 100000 + "deep&lt;/b&gt;</title></channel></rss>")' "$NM_TMP/deep_title.xml"
run_bounded "100,000 nested HTML elements in a title" "0" "$NM_TMP/deep_title.xml"
expect_grep "deep title keeps its text" '"title": "deep"' "$NM_TMP/out"

# 6. a 200 MB text node (refused before parsing: over the 64 MiB limit), and a
# 60 MB one within the limit (libxml2's 10 MB text-node bound, recovered)
py '
import sys
with open(sys.argv[1], "w") as f:
    f.write("<rss version=\"2.0\"><channel><title>")
    chunk = "x" * (1 << 20)
    for _ in range(200):
        f.write(chunk)
    f.write("</title></channel></rss>")
with open(sys.argv[2], "w") as f:
    f.write("<rss version=\"2.0\"><channel><title>big</title><item><title>t</title><description>")
    for _ in range(60):
        f.write(chunk)
    f.write("</description></item></channel></rss>")' "$NM_TMP/huge.xml" "$NM_TMP/big.xml"
run_bounded "200 MB text node" "1" "$NM_TMP/huge.xml"
expect_grep "200 MB file: clear error" 'larger than|too large' "$NM_TMP/err"
run_bounded "200 MB text node on standard input" "1" - <"$NM_TMP/huge.xml"
run_bounded "60 MB text node" "0 1" "$NM_TMP/big.xml"
said_clearly "60 MB text node: a result or a clear error"
rm -f "$NM_TMP/huge.xml" "$NM_TMP/big.xml"

# 7. invalid UTF-8, unpaired UTF-16 surrogates, NUL bytes, random bytes
printf '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>bad \xff\xfe\xc0\xaf \xed\xa0\x80 end</title></channel></rss>' >"$NM_TMP/badutf8.xml"
run_bounded "invalid UTF-8" "0" "$NM_TMP/badutf8.xml"
expect_grep "invalid UTF-8 is bozo" '"bozo": true' "$NM_TMP/out"
py '
import sys
doc = "<rss version=\"2.0\"><channel><title>A\ud800B\udc00C</title></channel></rss>"
open(sys.argv[1], "wb").write(b"\xff\xfe" + doc.encode("utf-16-le", "surrogatepass"))' "$NM_TMP/surrogates.xml"
run_bounded "unpaired UTF-16 surrogates" "0" "$NM_TMP/surrogates.xml"
expect_grep "surrogates become U+FFFD" '"title": "A�B�C"' "$NM_TMP/out"
printf '<rss version="2.0">\0<channel><title>n\0u\0l</title>\0</channel></rss>\0\0' >"$NM_TMP/nul.xml"
run_bounded "NUL bytes" "0" "$NM_TMP/nul.xml"
expect_grep "NUL bytes dropped" '"title": "nul"' "$NM_TMP/out"
head -c 300000 /dev/urandom >"$NM_TMP/random.xml"
run_bounded "random bytes" "0 1" "$NM_TMP/random.xml"
said_clearly "random bytes: a result or a clear error"

# 8. inputs that would be quadratic in a naive rule: an author of 1,000,000
# "()" pairs, 100,000 images without src (the thumbnail search), 100,000
# categories (the dedupe), 200,000 '&' (the repair pass)
py '
import sys
open(sys.argv[1], "w").write("<rss version=\"2.0\"><channel><item><author>a@b.cc " + "()" * 1000000 + "</author>"
  + "<description><![CDATA[" + "<img alt=x>" * 100000 + "]]></description>"
  + "".join("<category>c%d</category>" % i for i in range(100000))
  + "<title>" + "& " * 200000 + "</title></item></channel></rss>")' "$NM_TMP/quadratic.xml"
run_bounded "linear on quadratic-looking input" "0" "$NM_TMP/quadratic.xml"
py '
import sys
open(sys.argv[1], "w").write("<rss version=\"2.0\"><channel><item " + " ".join("a%d=\"x\"" % i for i in range(100000)) + "><title>t</title></item></channel></rss>")' "$NM_TMP/attrs.xml"
run_bounded "100,000 attributes on one element" "0" "$NM_TMP/attrs.xml"
expect_grep "100,000 attributes: the entry is still read" '"title": "t"' "$NM_TMP/out"

# 9. a JSON Feed nested 100,000 deep
py '
import sys
open(sys.argv[1], "w").write("{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [{\"id\": \"1\", \"x\": " + "[" * 100000 + "]" * 100000 + "}]}")' "$NM_TMP/deep.json"
run_bounded "JSON Feed nested 100,000 deep" "1" "$NM_TMP/deep.json"
expect_grep "deep JSON: clear error" 'not a feed: invalid JSON' "$NM_TMP/err"
finish
