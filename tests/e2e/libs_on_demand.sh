# libs_on_demand.sh — libcurl, libmicrohttpd, libvips and libpq are loaded
# when a fetch, a serve or a build with new images starts or a PostgreSQL
# store is opened, not at start-up: without them every other command
# works, fetch/serve/the store say which package is missing, and build
# makes the site without resized images, saying why. The libraries are hidden
# in a private mount namespace (bind-mounting /dev/null over them), which
# needs root and unshare; elsewhere the test says it is skipped.
. "$(dirname "$0")/lib.sh"
libdir=$(dirname "$(ldconfig -p | awk '/libsqlite3.so.0 .*x86-64/ {print $NF; exit}')")
hide=()
for l in libcurl.so.4 libcurl-gnutls.so.4 libmicrohttpd.so.12 libvips.so.42 libpq.so.5; do
  [ -e "$libdir/$l" ] && hide+=("$(readlink -f "$libdir/$l")")
done
if [ "$(id -u)" != 0 ] || ! unshare -m true 2>/dev/null || [ ${#hide[@]} -eq 0 ]; then
  echo "ok - skipped: needs root, unshare and the libraries in $libdir"; finish
fi
# without_libs CMD... — runs CMD with the libraries hidden.
without_libs() {
  local mounts="" f
  for f in "${hide[@]}"; do mounts="$mounts mount --bind /dev/null '$f' &&"; done
  unshare -m sh -c "$mounts exec \"\$@\"" sh "$@"
}
S="$NM_TMP/site"; mkdir -p "$S/source/_posts" "$S/public"
cp "$NM_ROOT/tests/fixtures/seed-post.md" "$S/source/_posts/seed.md"
printf 'News:\n  Example:\n    - title: Ex\n      url: file://%s\n' \
  "$NM_ROOT/tests/fixtures/feed-json/ex1_rss20.xml" >"$S/feeds.yml"

expect_exit "--version without the network libraries" 0 without_libs "$NEWSMILL" --version
expect_exit "post show without them" 0 without_libs "$NEWSMILL" post show "$S/source/_posts/seed.md"
expect_exit "check without them" 0 without_libs "$NEWSMILL" -C "$S" check
expect_exit "build without them" 0 without_libs "$NEWSMILL" -C "$S" build
expect_exit "fetch without libcurl fails" 1 without_libs "$NEWSMILL" -C "$S" fetch
expect_grep "fetch names the package" '^newsmill: error: cannot load libcurl \(.*\); install the libcurl4 package$' "$NM_TMP/err"
expect_exit "serve without libmicrohttpd fails" 2 without_libs timeout 10 "$NEWSMILL" -C "$S" serve --port 0
expect_grep "serve names the package" 'cannot load libmicrohttpd \(.*\); install the libmicrohttpd12 package' "$NM_TMP/err"
expect_exit "an SQLite store without libpq" 0 without_libs "$NEWSMILL" -C "$S" store status
expect_exit "a PostgreSQL store without libpq fails" 1 \
  without_libs env NEWSMILL_STORE=postgresql://news:pw@127.0.0.1:1/news "$NEWSMILL" -C "$S" store status
expect_grep "and names the package" '^newsmill: error: postgresql://news@127.0.0.1:1/news: cannot load libpq \(.*\); install the libpq5 package$' "$NM_TMP/err"
expect_exit "with the libraries, fetch works" 0 "$NEWSMILL" -C "$S" fetch
# an image: without libvips the site is built all the same, without copies
mkdir -p "$S/source/images/ab"
"$NM_BUILD/tests/tools/nm_mkimage" "$S/source/images/ab/ab1.jpg" 800 600 1
printf -- '---\ntitle: Img\ndate: 2024-01-01 00:00:00\n---\n<p><img src="/images/ab/ab1.jpg" alt="x"></p>\n' \
  >"$S/source/_posts/img.md"
expect_exit "build with an image without libvips" 0 without_libs "$NEWSMILL" -C "$S" build
expect_grep "build names libvips's package" 'no resized images: cannot load libvips \(.*\); install the libvips42 package' "$NM_TMP/err"
check "no copy without libvips" test ! -e "$S/public/images/ab/ab1-320.webp"
expect_exit "with libvips, the next build" 0 "$NEWSMILL" -C "$S" build
check "… makes the copies" test -s "$S/public/images/ab/ab1-320.webp"
expect_grep "… and the page gets its srcset" 'srcset="/images/ab/ab1-320.webp 320w' "$S/public/2024/01/01/img/index.html"
finish
