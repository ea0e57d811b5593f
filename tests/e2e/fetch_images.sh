# fetch_images.sh — newsmill: images: mirror against the loopback server:
# a feed whose articles carry a JPEG, a PNG, a WebP and a GIF (the JPEG
# twice: stored once), one image behind a referer check, one 404, HTML
# served as image/jpeg, a PNG declaring 50,000 x 50,000 pixels and an
# SVG. The good ones end up local (/images/HH/HASH.EXT, named by the
# SHA-256 of their bytes), the 404 stays remote until a later run finds
# it, the bad ones are refused with their URL and reason. Then build
# copies them, images gc finds what no post names, and a run killed with
# -9 at four kinds of moment (images arriving, being named, their posts
# being rewritten, at random) leaves no partial file and no
# post naming a missing one.
. "$(dirname "$0")/lib.sh"
. "$NM_ROOT/tests/tools/testd.sh"
check "test server starts" testd_start
U=$TESTD_URL
mkdir -p "$TESTD_ROOT/images"
cp "$NM_ROOT/tests/fixtures/images/"* "$TESTD_ROOT/images/"
rm "$TESTD_ROOT/images/late.jpg" # served only from the third run on

item() { # item N TITLE IMG-URL... — one RSS item linking to $U/art/N.html
  local n=$1 t=$2 u; shift 2
  printf '<item><title>%s</title><link>%s/art/%d.html</link><guid>img-%d</guid>' "$t" "$U" "$n" "$n"
  printf '<pubDate>Mon, 02 Jan 2023 10:%02d:00 GMT</pubDate><description><![CDATA[<p>Story %d about %s.</p>' "$n" "$n" "$t"
  for u in "$@"; do printf '<p><img src="%s" alt="picture %d"></p>' "$u" "$n"; done
  printf ']]></description></item>\n'
}
{
  printf '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Pictures</title><link>%s/</link><description>d</description>\n' "$U"
  item 1 jpeg "$U/img/images/photo.jpg"
  item 2 png "$U/img/images/photo.png" "$U/img/images/photo.jpg"
  item 3 webp "$U/img/images/lossy.webp"
  item 4 gif "$U/img/images/photo.gif"
  item 5 referer "$U/needref/images/ref.png"
  item 6 missing "$U/img/images/late.jpg"
  item 7 liar "$U/img/images/not-an-image.html"
  item 8 bomb "$U/img/images/bomb.png"
  item 9 svg "$U/img/images/logo.svg"
  printf '</channel></rss>\n'
} > "$TESTD_ROOT/images/feed.xml"

SITE="$NM_TMP/site"
mkdir -p "$SITE"
printf 'title: Images\nnewsmill:\n  images: mirror\n' > "$SITE/_config.yml"
check "feeds add" "$NEWSMILL" -q -C "$SITE" feeds add "$U/feed/images/feed.xml" --category 'G/S/F' --fulltext never

post_of() { grep -l "^title: '\?$1'\?$" "$SITE"/source/_posts/*.md; }
local_refs() { grep -ohE '/images/[0-9a-f]{2}/[0-9a-f]{32}\.(jpg|png|gif|webp|avif)' "$@" | sort -u; }
# every local image a post names is a whole file named by its bytes
refs_whole() { # refs_whole SITE
  local r f h
  for r in $(local_refs "$1"/source/_posts/*.md 2>/dev/null); do
    f="$1/source$r"
    [ -f "$f" ] || { echo "missing: $r"; return 1; }
    h=$(sha256sum "$f" | cut -c1-32)
    [ "$r" = "/images/${h:0:2}/$h.${r##*.}" ] || { echo "name does not match bytes: $r"; return 1; }
  done
}
files_whole() { # files_whole SITE — every stored image is named by its bytes, no temp file
  local f h base
  for f in $(find "$1/source/images" -type f 2>/dev/null); do
    base=${f##*/}
    case $base in .*) echo "temp file: $f"; return 1 ;; esac
    h=$(sha256sum "$f" | cut -c1-32)
    [ "$base" = "$h.${base##*.}" ] || { echo "partial or misnamed: $f"; return 1; }
  done
}

expect_exit "first run: exit 0" 0 "$NEWSMILL" -C "$SITE" fetch
cp "$NM_TMP/out" "$NM_TMP/run1"; cp "$NM_TMP/err" "$NM_TMP/err1"
expect_grep "first run: 9 new posts" '^feeds: 1 ok, 0 not modified, 0 failed, 0 not due; posts: 9 new, 0 duplicates$' "$NM_TMP/run1"
expect_grep "first run: images summary" '^images: 9 fetched, 5 new files, 3 refused; posts: 5 rewritten, 1 to retry, 0 given up$' "$NM_TMP/run1"
expect_grep "the lying image is refused with its URL" "^newsmill: warning: $U/img/images/not-an-image.html: refused: HTML, not an image$" "$NM_TMP/err1"
expect_grep "the pixel bomb is refused before decoding" "^newsmill: warning: $U/img/images/bomb.png: refused: 50000 x 50000 pixels \(2500.0 Mpx\) is more than the 40.0 Mpx of newsmill.images_max_pixels \(a decompression bomb\?\)$" "$NM_TMP/err1"
expect_grep "the 404 is said, with its URL" "^newsmill: warning: $U/img/images/late.jpg: HTTP 404 Not Found; it stays remote and is tried again in a later run$" "$NM_TMP/err1"
expect_grep "the SVG is refused" "^newsmill: warning: $U/img/images/logo.svg: refused: an SVG image \(not mirrored: it can carry script\)$" "$NM_TMP/err1"

jpg=$(sha256sum "$TESTD_ROOT/images/photo.jpg" | cut -c1-32); JPG="/images/${jpg:0:2}/$jpg.jpg"
png=$(sha256sum "$TESTD_ROOT/images/photo.png" | cut -c1-32); PNG="/images/${png:0:2}/$png.png"
webp=$(sha256sum "$TESTD_ROOT/images/lossy.webp" | cut -c1-32); WEBP="/images/${webp:0:2}/$webp.webp"
gif=$(sha256sum "$TESTD_ROOT/images/photo.gif" | cut -c1-32); GIF="/images/${gif:0:2}/$gif.gif"
ref=$(sha256sum "$TESTD_ROOT/images/ref.png" | cut -c1-32); REF="/images/${ref:0:2}/$ref.png"
expect_grep "JPEG: local src" "<img src=\"$JPG\" alt=\"picture 1\"" "$(post_of jpeg)"
expect_grep "JPEG: headimg local" "^headimg: '$JPG'$" "$(post_of jpeg)"
expect_grep "JPEG: thumbnail local" "^thumbnail: '$JPG'$" "$(post_of jpeg)"
expect_grep "PNG: local src" "<img src=\"$PNG\"" "$(post_of png)"
expect_grep "PNG post: its JPEG is the shared file" "<img src=\"$JPG\" alt=\"picture 2\"" "$(post_of png)"
expect_grep "WebP: local src" "<img src=\"$WEBP\"" "$(post_of webp)"
expect_grep "GIF: local src" "<img src=\"$GIF\"" "$(post_of gif)"
expect_grep "referer-checked image: local" "<img src=\"$REF\"" "$(post_of referer)"
expect_grep "the article was sent as Referer" "^/needref/images/ref.png	.*	ref=$U/art/5.html	" "$TESTD_LOG"
expect_eq "the shared JPEG was fetched once" 1 "$(grep -c '^/img/images/photo.jpg	' "$TESTD_LOG")"
expect_grep "404: the remote URL stays" "<img src=\"$U/img/images/late.jpg\"" "$(post_of missing)"
expect_grep "liar: the remote URL stays" "<img src=\"$U/img/images/not-an-image.html\"" "$(post_of liar)"
expect_grep "bomb: the remote URL stays" "<img src=\"$U/img/images/bomb.png\"" "$(post_of bomb)"
expect_eq "5 files stored, once each" 5 "$(find "$SITE/source/images" -type f | wc -l)"
check "every named image is whole and named by its SHA-256" refs_whole "$SITE"
check "every stored file is named by its bytes, no temp file" files_whole "$SITE"
check "posts stay valid" valid_posts "$SITE"

# Second run: nothing is due (the 404's retry waits 10 minutes).
requests=$(grep -c '^/\(img\|needref\)/' "$TESTD_LOG")
expect_exit "second run: exit 0" 0 "$NEWSMILL" -C "$SITE" fetch
expect_eq "second run: no image requests" "$requests" "$(grep -c '^/\(img\|needref\)/' "$TESTD_LOG")"
# Third run, --all, once the server has the missing image: it is taken in
# and its post rewritten; refused URLs are not asked for again.
cp "$NM_ROOT/tests/fixtures/images/late.jpg" "$TESTD_ROOT/images/late.jpg"
expect_exit "third run (--all): exit 0" 0 "$NEWSMILL" -C "$SITE" fetch --all
expect_grep "third run: the late image is taken in" '^images: 1 fetched, 1 new files, 0 refused; posts: 1 rewritten, 0 to retry, 0 given up$' "$NM_TMP/out"
late=$(sha256sum "$TESTD_ROOT/images/late.jpg" | cut -c1-32); LATE="/images/${late:0:2}/$late.jpg"
expect_grep "the late image's post now names the local copy" "<img src=\"$LATE\"" "$(post_of missing)"
expect_eq "third run: only the late image was requested" $((requests + 1)) "$(grep -c '^/\(img\|needref\)/' "$TESTD_LOG")"
expect_eq "no post rows left to mirror" 0 "$(sqlite3 "$SITE/.newsmill/newsmill.db" 'SELECT count(*) FROM post_images')"
check "still every named image whole" refs_whole "$SITE"

# The build copies them like any static file.
expect_exit "build: exit 0" 0 "$NEWSMILL" -C "$SITE" build
check "build copies source/images to public/images" cmp -s "$SITE/source$JPG" "$SITE/public$JPG"
check "build copies the late image too" cmp -s "$SITE/source$LATE" "$SITE/public$LATE"
# … and sizes what fetch mirrored: the post pages give its width and height
check "the mirrored JPEG's page names it with its size" grep -rqE "<img src=\"$JPG\"[^>]* width=\"24\" height=\"16\"" "$SITE/public/2023"

# gc: nothing unused; then a post deleted by hand leaves its GIF unused.
expect_exit "images gc: exit 0" 0 "$NEWSMILL" -C "$SITE" images gc
expect_grep "images gc: nothing unused" '^images: 6 files, 0 unused \(0.0 MB\); run .newsmill images gc --delete. to remove them$' "$NM_TMP/out"
rm "$(post_of gif)"
expect_exit "images gc (dry run) after a post is gone: exit 0" 0 "$NEWSMILL" -C "$SITE" images gc
expect_grep "images gc lists the GIF" "^unused: source$GIF	260$" "$NM_TMP/out"
check "a dry run deletes nothing" test -f "$SITE/source$GIF"
expect_exit "images gc --delete: exit 0" 0 "$NEWSMILL" -C "$SITE" images gc --delete
expect_grep "images gc --delete says so" "^deleted: source$GIF	260$" "$NM_TMP/out"
check "the GIF is gone" test ! -e "$SITE/source$GIF"
check "the shared JPEG stays" test -f "$SITE/source$JPG"
expect_exit "images gc: bad option" 2 "$NEWSMILL" -C "$SITE" images gc --force

# Limits from _config.yml: images_max_bytes below the JPEG's 622 bytes.
SMALL="$NM_TMP/small"
mkdir -p "$SMALL"
printf 'title: Small\nnewsmill:\n  images: mirror\n  images_max_bytes: 300\n' > "$SMALL/_config.yml"
"$NEWSMILL" -q -C "$SMALL" feeds add "$U/feed/images/feed.xml" --category 'G/S/F' --fulltext never
expect_exit "images_max_bytes: exit 0" 0 "$NEWSMILL" -C "$SMALL" fetch
expect_grep "images_max_bytes: the JPEG is refused by size" "^newsmill: warning: $U/img/images/photo.jpg: refused: larger than the 300 bytes of newsmill.images_max_bytes$" "$NM_TMP/err"
SITE=$SMALL
expect_grep "images_max_bytes: the PNG is still taken" "<img src=\"$PNG\"" "$(post_of png)"
# images_max_post_bytes: the PNG post's JPEG (158 + 622 bytes) passes 700.
CAP="$NM_TMP/cap"
mkdir -p "$CAP"
printf 'title: Cap\nnewsmill:\n  images: mirror\n  images_max_post_bytes: 700\n' > "$CAP/_config.yml"
"$NEWSMILL" -q -C "$CAP" feeds add "$U/feed/images/feed.xml" --category 'G/S/F' --fulltext never
expect_exit "images_max_post_bytes: exit 0" 0 "$NEWSMILL" -C "$CAP" fetch
SITE=$CAP
capped=$(post_of png)
expect_grep "images_max_post_bytes: said" "^newsmill: warning: source/_posts/${capped##*/}: $U/img/images/photo.jpg kept remote: the post's images pass the 700 bytes of newsmill.images_max_post_bytes$" "$NM_TMP/err"
expect_grep "images_max_post_bytes: the PNG is local" "<img src=\"$PNG\"" "$capped"
expect_grep "images_max_post_bytes: the JPEG stays remote" "<img src=\"$U/img/images/photo.jpg\" alt=\"picture 2\"" "$capped"
expect_grep "images_max_post_bytes: another post's JPEG is local" "<img src=\"$JPG\"" "$(post_of jpeg)"
# Full text: a post rewritten with its article page is mirrored again,
# here with an AVIF that only the page has; the page fails at first (the
# post's images are done by then) and is taken in by the second run.
{
  printf '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Full story</title></head><body><article><h1>Full story</h1>\n'
  for i in 1 2 3 4 5 6; do
    printf '<p>Paragraph %d of the full story, long enough to be the article a reader came for, with words and more words about the matter at hand.</p>\n' "$i"
  done
  printf '<figure><img src="/img/images/photo.avif" alt="the scene"></figure></article></body></html>\n'
} > "$TESTD_ROOT/images/full.html"
printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Short</title><link>%s/</link><description>d</description><item><title>full</title><link>%s/seq/404/images/full.html</link><guid>full-1</guid><description>A teaser…</description></item></channel></rss>\n' "$U" "$U" > "$TESTD_ROOT/images/short.xml"
FULL="$NM_TMP/full"
mkdir -p "$FULL"
printf 'title: Full\nnewsmill:\n  images: mirror\n' > "$FULL/_config.yml"
"$NEWSMILL" -q -C "$FULL" feeds add "$U/feed/images/short.xml" --category 'G/S/F' --fulltext always
expect_exit "full text + mirror: exit 0" 0 "$NEWSMILL" -C "$FULL" fetch
expect_grep "full text + mirror: the page fails first" '^pages: 1 fetched; posts: 0 full text, 0 kept the feed.s text, 1 to retry' "$NM_TMP/out"
expect_eq "full text + mirror: the post's images are done" 0 "$(sqlite3 "$FULL/.newsmill/newsmill.db" 'SELECT count(*) FROM post_images')"
expect_exit "full text + mirror: second run exits 0" 0 "$NEWSMILL" -C "$FULL" fetch --all
expect_grep "full text + mirror: the post got its article" '^pages: 1 fetched; posts: 1 full text' "$NM_TMP/out"
expect_grep "full text + mirror: and its image" '^images: 1 fetched, 1 new files, 0 refused; posts: 1 rewritten' "$NM_TMP/out"
avif=$(sha256sum "$TESTD_ROOT/images/photo.avif" | cut -c1-32); AVIF="/images/${avif:0:2}/$avif.avif"
expect_grep "full text + mirror: the article's AVIF is local" "<img src=\"$AVIF\" alt=\"the scene\"" "$FULL"/source/_posts/*.md
expect_grep "full text + mirror: headimg local" "^headimg: '$AVIF'$" "$FULL"/source/_posts/*.md
check "full text + mirror: the AVIF is whole" refs_whole "$FULL"

# images: link (the default) writes no image
LINK="$NM_TMP/link"
mkdir -p "$LINK"
"$NEWSMILL" -q -C "$LINK" feeds add "$U/feed/images/feed.xml" --category 'G/S/F' --fulltext never
expect_exit "images: link: exit 0" 0 "$NEWSMILL" -C "$LINK" fetch
check "images: link: no source/images" test ! -e "$LINK/source/images"
cat "$LINK"/source/_posts/*.md > "$NM_TMP/link.md"
expect_grep "images: link: remote URLs" "<img src=\"$U/img/images/photo.jpg\"" "$NM_TMP/link.md"

# ---- kill -9 while mirroring ------------------------------------------------
# 30 posts with two distinct PNGs each, every image served 30 ms late.
N=30
mkdir -p "$TESTD_ROOT/gen"
python3 - "$TESTD_ROOT/gen" "$N" <<'EOF'
import struct, sys, zlib
d, n = sys.argv[1], int(sys.argv[2])
def chunk(t, b): return struct.pack('>I', len(b)) + t + b + struct.pack('>I', zlib.crc32(t + b) & 0xffffffff)
for i in range(2 * n):
    w = h = 8 + i % 5
    rows = b''.join(b'\0' + bytes([(i * 7) % 256, (i * 13 + y) % 256, 99] * w) for y in range(h))
    png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) + \
          chunk(b'IDAT', zlib.compress(rows)) + chunk(b'IEND', b'')
    open('%s/%d.png' % (d, i), 'wb').write(png)
EOF
{
  printf '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Many</title><link>%s/</link><description>d</description>\n' "$U"
  for i in $(seq 0 $((N - 1))); do
    item "$i" "many $i" "$U/delay/30/gen/$((2 * i)).png" "$U/delay/30/gen/$((2 * i + 1)).png"
  done
  printf '</channel></rss>\n'
} > "$TESTD_ROOT/gen/feed.xml"
# Each scenario on a fresh site: killed at one kind of moment, checked,
# then run again to the end and checked.
ntemp() { find "$1/source/images" -type f -name '.*' 2>/dev/null | wc -l; }
nfiles() { find "$1/source/images" -type f -name '*.png' 2>/dev/null | wc -l; }
moment() { # moment SITE KIND — true once the run reached that moment
  case $2 in
    staging) [ "$(ntemp "$1")" -ge 10 ] ;;                # images arriving, not yet synced
    naming) [ "$(nfiles "$1")" -ge 1 ] ;;                 # renamed, posts not yet rewritten
    rewriting) [ "$(nfiles "$1")" -ge 1 ] && [ -f "$1/.newsmill/pending" ] ;; # the posts' batch
    early) sleep 0.$((RANDOM % 9 + 1)); true ;;
  esac
}
kills=0
for kind in staging naming rewriting early; do
  K="$NM_TMP/kill-$kind"
  mkdir -p "$K"
  printf 'title: Kill\nnewsmill:\n  images: mirror\n' > "$K/_config.yml"
  "$NEWSMILL" -q -C "$K" feeds add "$U/feed/gen/feed.xml" --category 'G/S/F' --fulltext never
  "$NEWSMILL" -q -C "$K" fetch >/dev/null 2>&1 &
  pid=$!
  for i in $(seq 1 3000); do
    moment "$K" $kind && break
    kill -0 "$pid" 2>/dev/null || break
  done
  if kill -9 "$pid" 2>/dev/null; then kills=$((kills + 1)); else echo "# $kind: the run ended before its kill"; fi
  wait "$pid" 2>/dev/null
  echo "# killed ($kind): $(nfiles "$K") images, $(ntemp "$K") temp files, $(local_refs "$K"/source/_posts/*.md 2>/dev/null | wc -l) local references"
  check "killed while $kind: no post names a missing or partial image" refs_whole "$K"
  expect_exit "killed while $kind: the next run exits 0" 0 "$NEWSMILL" -C "$K" fetch --all
  check "killed while $kind: then every named image whole" refs_whole "$K"
  check "killed while $kind: then no partial or temp file" files_whole "$K"
  expect_eq "killed while $kind: then every image of every post is local" $((2 * N)) "$(local_refs "$K"/source/_posts/*.md | wc -l)"
  expect_eq "killed while $kind: then one post per item" "$N" "$(posts "$K")"
  expect_eq "killed while $kind: then one file per image" $((2 * N)) "$(nfiles "$K")"
done
check "at least 3 runs were killed while mirroring" test "$kills" -ge 3
finish
