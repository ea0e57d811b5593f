# fetch_html.sh — article HTML is cleaned once, by the ARTICLE policy, on
# its way from a feed to a post (issue 10): an embedded video iframe, a
# data: image, an empty src, a relative src and a srcset come out as
# `newsmill sanitize --base LINK` writes them, and the lead image
# (headimg/thumbnail) is only ever an http(s) image from the body or the
# feed — never the article's own URL, javascript: or data:.
# Feed: tests/fixtures/html/bodies.xml (read through a file: URL).
. "$(dirname "$0")/lib.sh"

feed="$NM_ROOT/tests/fixtures/html/bodies.xml"
SITE="$NM_TMP/site"
mkdir -p "$SITE"
check "feed added" "$NEWSMILL" -q -C "$SITE" feeds add "file://$feed" --category "G/S/F"
expect_exit "fetch" 0 "$NEWSMILL" -C "$SITE" fetch
expect_grep "fetch: two posts" 'posts: 2 new, 0 duplicates$' "$NM_TMP/out"

# post_of TITLE — the post file whose title is TITLE
post_of() { grep -l "^title: '$1'\$" "$SITE"/source/_posts/*.md; }
# body FILE — the body of a post without the <div> wrapper
body() { awk 'f{print} /^---$/{n++; if (n == 2) f=1}' "$1" | sed '/^$/d' | sed '1s/^<div>//; $s/<\/div>$//'; }
# front FILE KEY — a front-matter value
front() { sed -n "s/^$2: '\\(.*\\)'\$/\\1/p" "$1"; }
# description N — the Nth item's description (CDATA) from the feed
description() {
  python3 - "$feed" "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
items = ET.parse(sys.argv[1]).getroot().findall("./channel/item")
sys.stdout.write(items[int(sys.argv[2])].findtext("description"))
PY
}

# check_post NAME TITLE ITEM LINK WANT_BODY WANT_IMAGE — the post of TITLE
# has exactly WANT_BODY and WANT_IMAGE as headimg and thumbnail, and the
# feed's item ITEM through `newsmill sanitize --base LINK` is WANT_BODY
check_post() {
  local name=$1 post
  post=$(post_of "$2")
  expect_eq "$name: body exactly" "$5" "$(body "$post")"
  expect_eq "$name: headimg" "$6" "$(front "$post" headimg)"
  expect_eq "$name: thumbnail" "$6" "$(front "$post" thumbnail)"
  description "$3" | "$NEWSMILL" sanitize --base "$4" > "$NM_TMP/s"
  expect_eq "$name: newsmill sanitize --base LINK gives the post's HTML" "$5" "$(cat "$NM_TMP/s")"
}

# The iframe is kept sandboxed, the data: image as it is, the empty src
# dropped (not resolved to the page), the relative src resolved against
# the link, srcset dropped; the lead image is the first http(s) image.
check_post "video post" 'Video and images' 0 https://news.example.com/2024/video.html \
'<p>Watch <a href="https://news.example.com/about" rel="noopener noreferrer">this</a>:</p>
<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" width="560" height="315" allowfullscreen="" sandbox="allow-scripts allow-same-origin allow-popups allow-presentation" loading="lazy"></iframe>
<p><img src="data:image/png;base64,iVBORw0KGgo=" alt="dot" referrerpolicy="no-referrer" loading="lazy" /></p>
<p></p>
<p><img src="https://news.example.com/2024/img/photo.jpg" alt="relative" width="640" height="480" referrerpolicy="no-referrer" loading="lazy" /></p>
<p><img src="https://cdn.example.com/a.jpg" alt="set" referrerpolicy="no-referrer" loading="lazy" /></p>' \
  https://news.example.com/2024/img/photo.jpg
"$NEWSMILL" sanitize --lead-image --base https://news.example.com/2024/video.html < <(description 0) > "$NM_TMP/l0"
expect_eq "video post: sanitize --lead-image agrees with headimg" \
  "https://news.example.com/2024/img/photo.jpg" "$(cat "$NM_TMP/l0")"

# javascript: and empty src are dropped; the enclosure (javascript:) and
# the thumbnail (data:) are no lead image: the feed's image is.
check_post "hostile post" 'Hostile image' 1 https://news.example.com/2024/js.html \
  '<p>Text </p>' https://news.example.com/logo-feed.png
check "posts are valid (newsmill check)" "$NEWSMILL" -q -C "$SITE" check

finish
