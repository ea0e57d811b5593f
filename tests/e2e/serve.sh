# serve.sh — `newsmill serve` as a browser (curl) sees it: pages, UTF-8
# paths, redirects, 404.html, conditional GETs, content types, and every
# way out of public/ refused. Servers listen on -p 0 (a free port, read
# back from the "Serving" line) and are always killed on exit.
# tsan: libmicrohttpd's threads (make test runs this under ThreadSanitizer too)
. "$(dirname "$0")/lib.sh"

command -v curl >/dev/null || { fail "curl is installed (scripts/deps.sh)"; finish; }

pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  rm -rf "$NM_TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM  # runs cleanup through the EXIT trap

# start_server OUT ERR ARGS... — starts newsmill in the background, waits
# for its "Serving" line; sets $pid and $port ("" when it did not start).
start_server() {
  local out=$1 err=$2; shift 2
  "$NEWSMILL" "$@" >"$out" 2>"$err" &
  pid=$!
  pids+=("$pid")
  port=
  for _ in $(seq 100); do
    port=$(sed -n 's|^Serving .* at http://[^ ]*:\([0-9][0-9]*\)/ (Ctrl-C to stop)$|\1|p' "$out")
    [ -n "$port" ] && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

# get PATH [CURL ARGS...] — prints "CODE|CONTENT-TYPE|LOCATION|SIZE"; the
# body goes to $NM_TMP/body, headers to $NM_TMP/headers.
get() {
  local path=$1; shift
  curl -s --path-as-is --max-time 10 -o "$NM_TMP/body" -D "$NM_TMP/headers" \
    -w '%{http_code}|%{content_type}|%{redirect_url}|%{size_download}' "$@" \
    "http://127.0.0.1:$port$path"
}
code() { get "$@" | cut -d'|' -f1; }
ctype() { get "$1" | cut -d'|' -f2; }
header() { tr -d '\r' <"$NM_TMP/headers" | sed -n "s/^$1: //Ip" | head -1; }

# ---- a built site ---------------------------------------------------------
site=$NM_TMP/site
pub=$site/public
mkdir -p "$pub/categories/金融/新浪财经" "$pub/css" "$pub/js" "$pub/img" "$pub/empty" \
         "$pub/.git" "$pub/%2e%2e" "$pub/page/2"
printf '<!DOCTYPE html><h1>home</h1>\n' >"$pub/index.html"
printf '<h1>金融</h1>\n' >"$pub/categories/金融/index.html"
printf '<h1>新浪财经</h1>\n' >"$pub/categories/金融/新浪财经/index.html"
printf '<h1>page 2</h1>\n' >"$pub/page/2/index.html"
printf '<h1>Not here</h1>\n' >"$pub/404.html"
printf 'body{}\n' >"$pub/css/style.css"
printf 'let a=1;\n' >"$pub/js/app.js"
printf '<feed/>\n' >"$pub/atom.xml"
printf '<rss/>\n' >"$pub/rss2.xml"
printf '<urlset/>\n' >"$pub/sitemap.xml"
printf '{}\n' >"$pub/feed.json"
printf '<svg/>\n' >"$pub/img/logo.svg"
printf '\211PNG\r\n' >"$pub/img/a.png"
printf 'JFIF' >"$pub/img/b.jpg"
printf 'GIF89a' >"$pub/img/c.gif"
printf 'RIFF' >"$pub/img/d.webp"
printf '\0\0\1\0' >"$pub/favicon.ico"
printf 'wOF2' >"$pub/f.woff2"
printf 'User-agent: *\n' >"$pub/robots.txt"
printf 'bin' >"$pub/blob.bin"
printf '[core]\n' >"$pub/.git/config"
printf 'literal name\n' >"$pub/%2e%2e/index.html"
printf 'TOP SECRET\n' >"$NM_TMP/secret.txt"
mkdir -p "$NM_TMP/outside"
printf 'TOP SECRET DIR\n' >"$NM_TMP/outside/index.html"
ln -s "$NM_TMP/secret.txt" "$pub/leak.txt"
ln -s "$NM_TMP/outside" "$pub/leakdir"
ln -s /etc/passwd "$pub/passwd"
ln -s css/style.css "$pub/inside.css"
head -c 6000000 /dev/urandom >"$pub/big.bin"

if ! start_server "$NM_TMP/s1.out" "$NM_TMP/s1.err" -v -C "$site" serve -p 0; then
  fail "serve starts on -p 0" "$(cat "$NM_TMP/s1.out" "$NM_TMP/s1.err")"
  finish
fi
ok "serve starts on -p 0"
expect_grep "prints where it serves" \
  "^Serving $site/public at http://127\\.0\\.0\\.1:$port/ \\(Ctrl-C to stop\\)$" "$NM_TMP/s1.out"

# ---- pages ------------------------------------------------------------------
expect_eq "/ is index.html" "200|text/html; charset=utf-8||29" "$(get /)"
expect_eq "/ body is the file" "$(cat "$pub/index.html")" "$(cat "$NM_TMP/body")"
expect_eq "a directory with a slash serves its index.html" "200" "$(code /page/2/)"
expect_eq "/index.html directly" "200" "$(code /index.html)"
expect_eq "percent-encoded UTF-8 category path" "200" \
  "$(code /categories/%E9%87%91%E8%9E%8D/)"
expect_eq "UTF-8 category page body" "<h1>金融</h1>" "$(cat "$NM_TMP/body")"
expect_eq "lower-case escapes, nested category" "200" \
  "$(code /categories/%e9%87%91%e8%9e%8d/%e6%96%b0%e6%b5%aa%e8%b4%a2%e7%bb%8f/)"
expect_eq "nested category body" "<h1>新浪财经</h1>" "$(cat "$NM_TMP/body")"
expect_eq "raw UTF-8 bytes in the path work too" "200" "$(code /categories/金融/)"
expect_eq "a directory without the slash is a 301 to the slash form" \
  "301|text/html; charset=utf-8|http://127.0.0.1:$port/categories/%E9%87%91%E8%9E%8D/" \
  "$(get /categories/%E9%87%91%E8%9E%8D | cut -d'|' -f1-3)"
expect_eq "301 for /page/2" "http://127.0.0.1:$port/page/2/" "$(get /page/2 | cut -d'|' -f3)"
expect_eq "a doubled slash cannot make an off-site redirect" "/evil.example/" \
  "$(mkdir -p "$pub/evil.example"; : >"$pub/evil.example/index.html"; \
     get //evil.example >/dev/null; header Location)"
expect_eq "a symlink inside the root is followed" "200" "$(code /inside.css)"
expect_eq "a directory without index.html is 404 (no listings)" "404" "$(code /empty/)"
expect_eq "query strings are ignored" "200" "$(code '/index.html?v=3')"
curl -sv -o /dev/null -o /dev/null "http://127.0.0.1:$port/" "http://127.0.0.1:$port/css/style.css" \
  >"$NM_TMP/keepalive" 2>&1
expect_grep "GETs keep the connection alive" '^\* Re-using existing connection' "$NM_TMP/keepalive"
expect_eq "a GET with a body is still answered" "200" "$(code /index.html --data-binary x -X GET)"

# ---- 404 ----------------------------------------------------------------------
expect_eq "missing page is 404 with the site's 404.html" "404|text/html; charset=utf-8" \
  "$(get /no/such/page.html | cut -d'|' -f1-2)"
expect_eq "404 body is 404.html" "<h1>Not here</h1>" "$(cat "$NM_TMP/body")"
expect_eq "hidden names are 404" "404" "$(code /.git/config)"
expect_eq "hidden names do not leak" "<h1>Not here</h1>" "$(cat "$NM_TMP/body")"
expect_eq "encoded hidden names are 404" "404" "$(code /%2egit/config)"

# ---- traversal ----------------------------------------------------------------
expect_eq "/../etc/passwd is refused" "403" "$(code /../etc/passwd)"
expect_eq "/%2e%2e/ is refused" "403" "$(code /%2e%2e/)"
expect_eq "/%2e%2e/%2e%2e/etc/passwd is refused" "403" "$(code /%2e%2e/%2e%2e/etc/passwd)"
expect_eq "/.%2E/ is refused" "403" "$(code /css/.%2E/.%2E/secret.txt)"
expect_eq "encoded slashes are refused" "403" "$(code /css%2f..%2f..%2fsecret.txt)"
expect_eq "a lone %2f is refused" "403" "$(code /css%2Fstyle.css)"
expect_eq "NUL is refused" "403" "$(code /%00)"
expect_eq "NUL before an extension is refused" "403" "$(code /index.html%00.png)"
expect_eq "double encoding names a literal file, not the parent" "200" "$(code /%252e%252e/)"
expect_eq "double-encoded body is the literal file" "literal name" "$(cat "$NM_TMP/body")"
expect_eq "overlong UTF-8 dots are a bad request" "400" "$(code /%C0%AE%C0%AE/secret.txt)"
expect_eq "a malformed escape is a bad request" "400" "$(code /%zz)"
expect_eq "backslashes are names, not separators" "404" "$(code '/..%5c..%5csecret.txt')"
expect_eq "a symlink to a file outside is refused" "403" "$(code /leak.txt)"
expect_eq "a symlink to a directory outside is refused" "403" "$(code /leakdir/)"
expect_eq "a symlink to /etc/passwd is refused" "403" "$(code /passwd)"
if grep -rq 'TOP SECRET\|root:' "$NM_TMP/body"; then fail "no refused answer leaks the file"
else ok "no refused answer leaks the file"; fi
# A request line curl would not send: absolute-form and no leading slash.
raw_request() {
  python3 - "$port" "$1" <<'EOF'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
s.sendall(("GET " + sys.argv[2] + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").encode())
data = b""
while True:
    b = s.recv(65536)
    if not b:
        break
    data += b
print(data.split(b"\r\n", 1)[0].decode("latin-1"))
EOF
}
expect_eq "a path without a leading slash is a bad request" "HTTP/1.1 400 Bad Request" \
  "$(raw_request ../etc/passwd)"
expect_eq "an absolute-form target is a bad request" "HTTP/1.1 400 Bad Request" \
  "$(raw_request http://127.0.0.1/../../etc/passwd)"

expect_eq "a control byte in the path is answered" "HTTP/1.1 404 Not Found" \
  "$(raw_request $'/\e[31mred')"

# ---- methods -------------------------------------------------------------------
expect_eq "HEAD answers 200 with no body" "200|text/html; charset=utf-8||0" "$(get / -I)"
expect_eq "HEAD has the file's Content-Length" "29" "$(header Content-Length)"
for m in POST PUT DELETE OPTIONS; do
  expect_eq "$m is 405" "405" "$(code / -X "$m")"
  expect_eq "$m 405 says Allow: GET, HEAD" "GET, HEAD" "$(header Allow)"
done

# ---- conditional GETs ------------------------------------------------------------
get /css/style.css >/dev/null
lm=$(header Last-Modified)
etag=$(header ETag)
expect_eq "GET has Content-Length" "7" "$(header Content-Length)"
check "GET has Last-Modified in RFC 1123" grep -qE '^[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} GMT$' <<<"$lm"
check "GET has an ETag" test -n "$etag"
expect_eq "If-Modified-Since the same time is 304" "304" \
  "$(code /css/style.css -H "If-Modified-Since: $lm")"
expect_eq "304 has no body" "0" "$(get /css/style.css -H "If-Modified-Since: $lm" | cut -d'|' -f4)"
expect_eq "If-Modified-Since long ago is 200" "200" \
  "$(code /css/style.css -H 'If-Modified-Since: Thu, 01 Jan 1998 00:00:00 GMT')"
expect_eq "If-None-Match with the ETag is 304" "304" \
  "$(code /css/style.css -H "If-None-Match: $etag")"
expect_eq "If-None-Match in a list, weak form, is 304" "304" \
  "$(code /css/style.css -H "If-None-Match: \"x\", W/$etag")"
expect_eq "If-None-Match with another ETag is 200 (If-Modified-Since ignored)" "200" \
  "$(code /css/style.css -H 'If-None-Match: "other"' -H "If-Modified-Since: $lm")"
expect_eq "an unreadable If-Modified-Since is ignored" "200" \
  "$(code /css/style.css -H 'If-Modified-Since: yesterday')"
touch -d '2030-01-01 00:00:00 UTC' "$pub/css/style.css"
expect_eq "a changed file is sent again" "200" \
  "$(code /css/style.css -H "If-Modified-Since: $lm")"

# ---- content types ----------------------------------------------------------------
for pair in "/css/style.css|text/css; charset=utf-8" "/js/app.js|text/javascript; charset=utf-8" \
            "/atom.xml|application/atom+xml; charset=utf-8" \
            "/rss2.xml|application/rss+xml; charset=utf-8" \
            "/sitemap.xml|application/xml; charset=utf-8" \
            "/feed.json|application/json; charset=utf-8" "/img/logo.svg|image/svg+xml; charset=utf-8" \
            "/img/a.png|image/png" "/img/b.jpg|image/jpeg" "/img/c.gif|image/gif" \
            "/img/d.webp|image/webp" "/favicon.ico|image/x-icon" "/f.woff2|font/woff2" \
            "/robots.txt|text/plain; charset=utf-8" "/blob.bin|application/octet-stream"; do
  expect_eq "Content-Type of ${pair%%|*}" "${pair#*|}" "$(ctype "${pair%%|*}")"
done

# ---- a big file, and many at once --------------------------------------------------
expect_eq "a 6 MB file is sent whole" "200|application/octet-stream||6000000" "$(get /big.bin)"
check "the 6 MB file arrives byte for byte" cmp -s "$pub/big.bin" "$NM_TMP/body"
for i in $(seq 16); do
  curl -s --max-time 10 -o /dev/null -w '%{http_code}\n' "http://127.0.0.1:$port/big.bin" &
done >"$NM_TMP/par" 2>&1
wait_curls=$(jobs -p | grep -v "^$pid$")
for j in $wait_curls; do wait "$j" 2>/dev/null; done
expect_eq "16 parallel downloads all succeed" "16" "$(grep -c '^200$' "$NM_TMP/par")"

# ---- access log at -v -----------------------------------------------------------------
expect_grep "-v logs each request" '^newsmill: 127\.0\.0\.1 "GET /css/style\.css" 200 7$' "$NM_TMP/s1.err"
expect_grep "-v logs refusals" '^newsmill: 127\.0\.0\.1 "GET /\.\./etc/passwd" 403 ' "$NM_TMP/s1.err"
expect_grep "control bytes are not written to the log" '^newsmill: 127\.0\.0\.1 "GET /\?\[31mred" 404 ' "$NM_TMP/s1.err"
expect_grep "HEAD is logged with 0 bytes" '^newsmill: 127\.0\.0\.1 "HEAD /" 200 0$' "$NM_TMP/s1.err"

# ---- errors -------------------------------------------------------------------------------
expect_exit "a port in use exits 2" 2 "$NEWSMILL" -C "$site" serve -p "$port"
expect_grep "a port in use is named, with a hint" \
  "^newsmill: error: 127\\.0\\.0\\.1:$port: address already in use; .*-p PORT" "$NM_TMP/err"
mkdir -p "$NM_TMP/unbuilt"
expect_exit "a site without public/ exits 2" 2 "$NEWSMILL" -C "$NM_TMP/unbuilt" serve -p 0
expect_grep "a site without public/ says to build" \
  "^newsmill: error: $NM_TMP/unbuilt/public: no such directory; run 'newsmill build' first$" "$NM_TMP/err"
expect_exit "--dir to a missing directory exits 2" 2 "$NEWSMILL" serve -p 0 --dir "$NM_TMP/nope"
expect_grep "--dir to a missing directory is named" "$NM_TMP/nope: no such directory" "$NM_TMP/err"
expect_exit "a port out of range exits 2" 2 "$NEWSMILL" -C "$site" serve -p 70000
expect_grep "a port out of range is named" "port '70000' is not a number from 0 to 65535" "$NM_TMP/err"
expect_exit "a port that is not a number exits 2" 2 "$NEWSMILL" -C "$site" serve -p http
expect_exit "an unknown option exits 2" 2 "$NEWSMILL" -C "$site" serve --frob
expect_grep "an unknown option is named" "unknown option '--frob'" "$NM_TMP/err"
expect_exit "a stray argument exits 2" 2 "$NEWSMILL" -C "$site" serve public
expect_grep "a stray argument is named" "unexpected argument 'public'" "$NM_TMP/err"
expect_exit "-p without a port exits 2" 2 "$NEWSMILL" -C "$site" serve -p
expect_grep "-p without a port says so" "option -p needs a value" "$NM_TMP/err"
expect_exit "an address that does not resolve exits 2" 2 \
  "$NEWSMILL" -C "$site" serve -p 0 --bind no.such.host.invalid
expect_grep "an address that does not resolve is named" "no\\.such\\.host\\.invalid:0: cannot use this address" "$NM_TMP/err"
expect_exit "an address not on this machine exits 2" 2 "$NEWSMILL" -C "$site" serve -p 0 --bind 192.0.2.1
expect_grep "an address not on this machine says so" "192\\.0\\.2\\.1:0: not an address of this machine" "$NM_TMP/err"

# ---- stopping -----------------------------------------------------------------------------
kill -TERM "$pid"
rc=0
for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
if kill -0 "$pid" 2>/dev/null; then fail "SIGTERM stops the server"; else
  wait "$pid"; rc=$?; expect_eq "SIGTERM stops the server with exit 0" 0 "$rc"; fi
expect_eq "the port is free again after stopping" "000" \
  "$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/")"

# --dir, a root without 404.html, and SIGINT (a background job of a script
# ignores SIGINT, so python restores the default before starting it).
mkdir -p "$NM_TMP/plain"
printf 'plain\n' >"$NM_TMP/plain/index.html"
python3 - "$NEWSMILL" "$NM_TMP/plain" >"$NM_TMP/sigint" 2>&1 <<'EOF'
import signal, subprocess, sys, urllib.request, urllib.error
signal.signal(signal.SIGINT, signal.SIG_DFL)
p = subprocess.Popen([sys.argv[1], "serve", "-p", "0", "--dir", sys.argv[2]],
                     stdout=subprocess.PIPE, text=True)
line = p.stdout.readline().strip()
print(line)
port = line.split(":")[-1].split("/")[0]
print("index", urllib.request.urlopen("http://127.0.0.1:%s/" % port, timeout=10).read().decode().strip())
try:
    urllib.request.urlopen("http://127.0.0.1:%s/nope" % port, timeout=10)
except urllib.error.HTTPError as e:
    print("missing", e.code, e.read().decode().splitlines()[1])
p.send_signal(signal.SIGINT)
try:
    print("rc", p.wait(timeout=10))
except subprocess.TimeoutExpired:
    p.kill()
    print("rc timeout")
EOF
expect_grep "--dir serves that directory" "^Serving $NM_TMP/plain at http://127\\.0\\.0\\.1:[0-9]+/ \\(Ctrl-C to stop\\)$" "$NM_TMP/sigint"
expect_grep "--dir index" "^index plain$" "$NM_TMP/sigint"
expect_grep "without 404.html a plain 404 page" "^missing 404 <title>404 Not Found</title>$" "$NM_TMP/sigint"
expect_grep "SIGINT stops the server with exit 0" "^rc 0$" "$NM_TMP/sigint"
finish
