#!/usr/bin/env bash
# site_images.sh — `newsmill build` and the site's own images: resized
# WebP copies of images under source/images/ (never upscaled), srcset,
# sizes, width and height on cards and in post bodies, the first image
# eager and the others lazy, animated GIFs kept as they are, a pixel bomb
# and a file that is not an image refused without decoding; a second
# build re-encodes nothing; an incremental build equals a clean one.
# Not run under ThreadSanitizer: libvips and GLib are not instrumented and
# their own worker threads sync through futexes TSan cannot see (it reports
# races inside libvips).
. "$(dirname "$0")/lib.sh"
MK="$NM_BUILD/tests/tools/nm_mkimage"
S="$NM_TMP/site"
mkdir -p "$S/source/_posts" "$S/source/images/aa" "$S/source/images/bb"
printf 'title: Images\nurl: http://example.com\nper_page: 10\n' >"$S/_config.yml"
"$MK" "$S/source/images/aa/photo.jpg" 1600 1067 1
"$MK" "$S/source/images/aa/chart.png" 700 500 2
"$MK" "$S/source/images/bb/still.gif" 500 300 3
"$MK" "$S/source/images/bb/anim.gif" 400 300 4 3
"$MK" "$S/source/images/bb/tiny.jpg" 200 150 5
echo 'not an image' >"$S/source/images/bb/fake.jpg"
# a pixel bomb: a valid 50,000 x 50,000 PNG header over a few bytes of data
python3 - "$S/source/images/bb/bomb.png" <<'PY'
import struct, sys, zlib
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
ihdr = struct.pack(">IIBBBBB", 50000, 50000, 8, 2, 0, 0, 0)
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
    chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b""))
PY
post() { # post NAME DAY HEADIMG BODY
  printf -- '---\ntitle: Post %s\ndate: 2024-01-%02d 10:00:00\nheadimg: %s\n---\n%s\n' "$1" "$2" "$3" "$4" \
    >"$S/source/_posts/$1.md"
}
post lead 20 /images/aa/photo.jpg '<p>Lead.</p><p><img src="/images/aa/photo.jpg" alt="photo" width="12"></p><p><img alt="chart" src="/images/aa/chart.png"/></p><p><img src="/images/bb/anim.gif" alt="anim"></p><p><img src="https://example.org/hot.jpg" alt="remote"></p>'
post still 19 /images/bb/still.gif 'Text ![tiny](/images/bb/tiny.jpg) <img src="/images/bb/tiny.jpg">'
post bomb 18 /images/bb/bomb.png '<p><img src="/images/bb/bomb.png" alt="bomb"></p>'
for d in 1 2 3 4 5 6 7 8 9 10; do post "n$d" "$d" /images/aa/chart.png "Body $d"; done

expect_exit "build with images exits 0" 0 "$NEWSMILL" -C "$S" build
cp "$NM_TMP/err" "$NM_TMP/err1"
expect_grep "the pixel bomb is refused by its header" 'bomb.png: 50000 x 50000 pixels is more than the 40.0 Mpx of newsmill.images_max_pixels; not decoded' "$NM_TMP/err1"
expect_grep "a file that is not an image is refused" 'fake.jpg: not a JPEG, PNG, GIF, WebP or AVIF image' "$NM_TMP/err1"
expect_grep "the build reports its images" 'images: 7, 3 resized now' "$NM_TMP/err1"

# width of a WebP file (VP8, VP8L or VP8X)
webp_width() {
  python3 - "$1" <<'PY'
import struct, sys
b = open(sys.argv[1], "rb").read()
assert b[:4] == b"RIFF" and b[8:12] == b"WEBP"
kind = b[12:16]
if kind == b"VP8 ": print(struct.unpack("<H", b[26:28])[0] & 0x3fff)
elif kind == b"VP8L": print((struct.unpack("<I", b[21:25])[0] & 0x3fff) + 1)
else: print(int.from_bytes(b[24:27], "little") + 1)
PY
}
P="$S/public/images"
for w in 320 640 960 1280; do
  expect_eq "photo.jpg has a $w px copy" "$w" "$(webp_width "$P/aa/photo-$w.webp")"
done
for w in 320 640; do
  expect_eq "chart.png has a $w px copy" "$w" "$(webp_width "$P/aa/chart-$w.webp")"
done
check "no upscale: chart.png (700 px) has no 960 or 1280 copy" test ! -e "$P/aa/chart-960.webp" -a ! -e "$P/aa/chart-1280.webp"
expect_eq "a still GIF gets a WebP copy" 320 "$(webp_width "$P/bb/still-320.webp")"
expect_eq "an animated GIF, a tiny image, a bomb, a fake: no copies" "" \
  "$(cd "$P/bb" && ls | grep -E '^(anim|tiny|bomb|fake)-' || true)"
check "originals are copied as they are" cmp "$S/source/images/aa/photo.jpg" "$P/aa/photo.jpg"

post_page="$S/public/2024/01/20/lead/index.html"
grep -o '<img[^>]*>' "$post_page" >"$NM_TMP/imgs"
expect_grep "the body's photo has srcset of its copies" '<img src="/images/aa/photo.jpg" alt="photo" srcset="/images/aa/photo-320.webp 320w, /images/aa/photo-640.webp 640w, /images/aa/photo-960.webp 960w, /images/aa/photo-1280.webp 1280w" sizes="[^"]+" width="1600" height="1067" fetchpriority="high" decoding="async">' "$NM_TMP/imgs"
expect_eq "the width the body gave is replaced, not repeated" 1 "$(grep -c 'alt="photo".*width=' "$NM_TMP/imgs")"
expect_grep "the chart offers its original as the widest" 'srcset="/images/aa/chart-320.webp 320w, /images/aa/chart-640.webp 640w, /images/aa/chart.png 700w" sizes="[^"]+" width="700" height="500" loading="lazy"' "$NM_TMP/imgs"
expect_grep "the animated GIF: width and height, lazy, no srcset" '<img src="/images/bb/anim.gif" alt="anim" width="400" height="300" loading="lazy" decoding="async">' "$NM_TMP/imgs"
expect_grep "a hotlinked image gets loading=lazy alone" '<img src="https://example.org/hot.jpg" alt="remote" loading="lazy" decoding="async">' "$NM_TMP/imgs"
expect_grep "an image without alt gets alt=\"\"" '<img src="/images/bb/tiny.jpg" width="200" height="150" alt="" loading="lazy" decoding="async">' <(grep -o '<img[^>]*>' "$S/public/2024/01/19/still/index.html")
expect_eq "the first body image is not lazy" 0 "$(head -1 "$NM_TMP/imgs" | grep -c lazy)"
grep -o '<img[^>]*>' "$S/public/2024/01/18/bomb/index.html" >"$NM_TMP/bomb"
expect_eq "the bomb's page gives it no size" 0 "$(grep -c 'width=' "$NM_TMP/bomb")"

grep -o '<img[^>]*>' "$S/public/index.html" >"$NM_TMP/cards"
expect_eq "the home page shows 10 cards with images" 10 "$(wc -l <"$NM_TMP/cards")"
expect_grep "the first card: srcset, sizes, size, not lazy" '^<img src="/images/aa/photo.jpg" srcset="/images/aa/photo-320.webp 320w, [^"]*" sizes="[^"]+" alt="" fetchpriority="high" decoding="async" width="1600" height="1067">$' "$NM_TMP/cards"
expect_eq "the other nine cards are lazy" 9 "$(grep -c 'loading="lazy"' "$NM_TMP/cards")"
expect_eq "every card of the site's images has width and height" 10 "$(grep -c 'width="[0-9]*" height="[0-9]*"' "$NM_TMP/cards")"
expect_grep "a still GIF's card uses its copy" 'srcset="/images/bb/still-320.webp 320w, /images/bb/still.gif 500w"' "$NM_TMP/cards"

# --- a second build re-encodes nothing, rewrites nothing ---
stat -c '%n %Y.%y' "$P"/*/*.webp >"$NM_TMP/mt1"
expect_exit "a second build exits 0" 0 "$NEWSMILL" -C "$S" build
expect_grep "… resizes nothing" 'images: 7, 0 resized now' "$NM_TMP/err"
expect_eq "… and says the bad images once only" 0 "$(grep -c 'bomb.png\|fake.jpg' "$NM_TMP/err")"
stat -c '%n %Y.%y' "$P"/*/*.webp >"$NM_TMP/mt2"
check "… and leaves every copy alone" cmp "$NM_TMP/mt1" "$NM_TMP/mt2"

# --- incremental == clean, byte for byte ---
same_as_clean() { # NAME: builds a copy of the inputs from nothing, compares public/
  rm -rf "$NM_TMP/b"; mkdir "$NM_TMP/b"
  cp -a "$S/_config.yml" "$S/source" "$NM_TMP/b/"
  "$NEWSMILL" -C "$NM_TMP/b" build 2>/dev/null
  check "$1" diff -r "$S/public" "$NM_TMP/b/public"
}
same_as_clean "the build equals a clean build"
# a new image and a post naming it; a post naming an image that is not there yet
"$MK" "$S/source/images/aa/new.jpg" 900 600 7
post late 21 /images/aa/new.jpg '<p><img src="/images/aa/new.jpg" alt="new"></p>'
post early 22 /images/aa/later.png '<p><img src="/images/aa/later.png" alt="later"></p>'
expect_exit "a build with a new image" 0 "$NEWSMILL" -C "$S" build
expect_grep "… resizes that one alone" 'images: 8, 1 resized now' "$NM_TMP/err"
expect_grep "… and warns of the missing one" 'early.md: image /images/aa/later.png: no usable file under source/images/' "$NM_TMP/err"
same_as_clean "… equals a clean build"
"$MK" "$S/source/images/aa/later.png" 1000 700 8
expect_exit "the missing image arrives" 0 "$NEWSMILL" -C "$S" build
expect_grep "… its page gets its srcset" 'srcset="/images/aa/later-320.webp 320w' "$S/public/2024/01/22/early/index.html"
same_as_clean "… equals a clean build"
rm "$S/source/images/aa/photo.jpg"
expect_exit "an image removed" 0 "$NEWSMILL" -C "$S" build
check "… its copies are deleted" test ! -e "$P/aa/photo-320.webp" -a ! -e "$P/aa/photo-1280.webp"
same_as_clean "… equals a clean build"
expect_exit "build -j1 --clean" 0 "$NEWSMILL" -C "$S" build --clean -j1
same_as_clean "a one-thread clean build equals a parallel one"
rm -r "$S/source/images"
expect_exit "source/images/ removed" 0 "$NEWSMILL" -C "$S" build
check "… every copy is deleted" test ! -e "$P"
same_as_clean "… equals a clean build"

# --- newsmill: images_max_pixels, the limit fetch uses, holds for build ---
mkdir -p "$S/source/images/cc"
"$MK" "$S/source/images/cc/big.jpg" 1200 900 9
post big 23 /images/cc/big.jpg '<p><img src="/images/cc/big.jpg" alt="big"></p>'
printf 'newsmill:\n  images_max_pixels: 1Mpx\n' >>"$S/_config.yml"
expect_exit "a build with images_max_pixels: 1Mpx" 0 "$NEWSMILL" -C "$S" build
expect_grep "… refuses a 1.08 Mpx image" 'big.jpg: 1200 x 900 pixels is more than the 1.0 Mpx of newsmill.images_max_pixels; not decoded' "$NM_TMP/err"
check "… and makes no copy of it" test ! -e "$P/cc/big-320.webp"
printf 'title: Images\nurl: http://example.com\nper_page: 10\nnewsmill:\n  images_max_pixels: 2M\n' >"$S/_config.yml"
expect_exit "raised to 2M" 0 "$NEWSMILL" -C "$S" build
check "… the image gets its copies" test -e "$P/cc/big-320.webp"
same_as_clean "… equals a clean build"
printf 'title: Images\nnewsmill:\n  images_max_pixels: lots\n' >"$S/_config.yml"
expect_exit "a bad images_max_pixels fails the build" 2 "$NEWSMILL" -C "$S" build
expect_grep "… naming the file and the value" "_config.yml: newsmill: images_max_pixels must be a positive number of pixels .e.g. 40M., not 'lots'" "$NM_TMP/err"
finish
