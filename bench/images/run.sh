#!/usr/bin/env bash
# run.sh [POSTS] — what images cost a phone, `link` against `mirror`.
#
# Two sites: the demo (scripts/demo.sh) and POSTS (default 1000) posts of
# bench/build/gen-posts.py. Each gets photo-like JPEGs (build/tests/tools/
# nm_mkimage: 1000-1900 px wide, 200-800 KB, one per post) by site.py in
# two ways: `link`, posts hotlink the full-size originals from another
# origin (as a publisher's CDN), and `mirror`, the photos are under
# source/images/HH/HASH.jpg as `images: mirror` leaves them, and the build
# makes their resized copies. For each site and way:
#   - the build: wall seconds, and the seconds the build spent on images
#     (its "images:" line), clean and then a no-op rebuild;
#   - headless chromium at 375 px (measure.mjs): bytes transferred for the
#     home page and the newest post, first screen and scrolled through;
#   - Lighthouse 12.2.3 (mobile, simulated throttling) performance and
#     accessibility of both pages, on Debian's chromium.
# Pages are served gzip-compressed (serve.py), images as they are.
# Data and reports: build/bench/images/. Needs chromium, node, npm.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/bench/images"
posts=${1:-1000}
W="$root/build/bench/images"
nm="$root/build/newsmill"
mk="$root/build/tests/tools/nm_mkimage"
mkdir -p "$W/shots" "$W/lh"
(cd "$root" && make -s -j2 >/dev/null && make -s NM_INNER=1 build/tests/tools/nm_mkimage >/dev/null)
command -v chromium >/dev/null || { echo "run.sh: needs chromium (apt-get install chromium)" >&2; exit 2; }
[ -f "$here/node_modules/lighthouse/package.json" ] ||
  (cd "$here" && npm install --no-audit --no-fund --loglevel=error >&2)

# --- photos: one per post, sizes as news photos have; kept between runs ---
mkdir -p "$W/photos"
have=$(find "$W/photos" -name '*.jpg' | wc -l)
if [ "$have" -lt "$posts" ]; then
  echo "making $posts photos in $W/photos …" >&2
  seq "$have" $((posts - 1)) | xargs -P 2 -I{} sh -c \
    'i={}; w=$((1000 + (i * 37) % 900)); h=$((w * 2 / 3)); "$0" "$1/p$(printf %05d $i).jpg" $w $h $((i + 1))' \
    "$mk" "$W/photos"
fi
python3 - "$W/photos" <<'PY'
import os, sys
d = sys.argv[1]; s = sorted(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))
print("photos: %d, %d-%d KB, median %d KB" % (len(s), s[0] // 1024, s[-1] // 1024, s[len(s) // 2] // 1024))
PY

# --- the sites' inputs ---
"$root/scripts/demo.sh" >/dev/null 2>&1
demo="$root/build/demo"; [ -d "$demo/source/_posts" ] || demo="$root/examples/demo"
rm -rf "$W/base"; mkdir -p "$W/base/demo" "$W/base/gen"
cp -r "$demo/_config.yml" "$demo/source" "$W/base/demo/"
rm -rf "$W/base/demo/source/images"
python3 "$root/bench/build/gen-posts.py" "$posts" "$W/base/gen/source/_posts" >/dev/null
printf 'title: Bench news\nurl: http://127.0.0.1\nlanguage: en\nper_page: 10\n' >"$W/base/gen/_config.yml"

port_site=18431 port_cdn=18432
python3 "$here/serve.py" "$W/photos" $port_cdn >/dev/null &
cdn_pid=$!
site_pid=
trap 'kill $cdn_pid ${site_pid:-} 2>/dev/null || true' EXIT

report="$W/report.txt"; : >"$report"
for s in demo gen; do
  for mode in link mirror; do
    S="$W/$s-$mode"
    rm -rf "$S"; cp -r "$W/base/$s" "$S"
    python3 "$here/site.py" "$S" $mode "$W/photos" "http://127.0.0.1:$port_cdn" >"$W/site.log"
    /usr/bin/time -f '%e s wall, %U+%S s CPU' -o "$W/time1" "$nm" -C "$S" build 2>"$W/build.log"
    /usr/bin/time -f '%e s wall, %U+%S s CPU' -o "$W/time2" "$nm" -C "$S" build 2>"$W/build2.log"
    img=$(grep -o 'images: .*' "$W/build.log" || echo "images: none")
    img2=$(grep -o 'images: .*' "$W/build2.log" || echo "images: none")
    printf '%s %s: %s; clean build %s (%s); no-op build %s (%s); load average %s\n' "$s" "$mode" \
      "$(cat "$W/site.log")" "$(cat "$W/time1")" "$img" "$(cat "$W/time2")" "$img2" \
      "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$report"
    python3 "$here/serve.py" "$S/public" $port_site >/dev/null &
    site_pid=$!
    sleep 0.5
    post=$(grep -o '<h2><a href="[^"]*"' "$S/public/index.html" | head -1 | sed 's/.*href="//; s/"$//')
    home="http://127.0.0.1:$port_site/"; postu="http://127.0.0.1:$port_site$post"
    node "$here/measure.mjs" "$W/$s-$mode.json" "$W/shots" "$s-$mode-home=$home" "$s-$mode-post=$postu" | tee -a "$report"
    for p in home post; do
      u=$home; [ $p = post ] && u=$postu
      CHROME_PATH=/usr/bin/chromium node "$here/node_modules/lighthouse/cli/index.js" "$u" \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu" --only-categories=performance,accessibility \
        --output=json --output-path="$W/lh/$s-$mode-$p.json" --quiet 2>/dev/null || true
      python3 - "$W/lh/$s-$mode-$p.json" "$s-$mode-$p" <<'PY' | tee -a "$report"
import json, sys
try:
    r = json.load(open(sys.argv[1]))
except Exception as e:
    print("%s: lighthouse failed (%s)" % (sys.argv[2], e)); sys.exit()
c, a = r["categories"], r["audits"]
def ms(k): return a[k].get("numericValue", 0)
print("%s: lighthouse performance %d accessibility %d (FCP %.0f ms, LCP %.0f ms, TBT %.0f ms, CLS %.3f, %d KB total)" % (
    sys.argv[2], round(c["performance"]["score"] * 100), round(c["accessibility"]["score"] * 100),
    ms("first-contentful-paint"), ms("largest-contentful-paint"), ms("total-blocking-time"),
    ms("cumulative-layout-shift"), a["total-byte-weight"]["numericValue"] / 1024))
for k, v in a.items():
    if v.get("scoreDisplayMode") == "binary" and v.get("score") == 0 and k in [x["id"] for x in c["accessibility"]["auditRefs"]]:
        print("   a11y fails: %s" % k)
PY
    done
    kill $site_pid; wait $site_pid 2>/dev/null || true; site_pid=
  done
done
echo "report: $report; screenshots: $W/shots" >&2
