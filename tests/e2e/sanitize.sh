# sanitize.sh — `newsmill sanitize` as a user runs it: the seed post's
# body, --text, --lead-image, --remove, --site, --drop-editor, --feed,
# misuse and the size limit.
. "$(dirname "$0")/lib.sh"

# The seed post's body: everything after the second '---' line.
awk 'f; /^---$/ { c++; if (c == 2) f = 1 }' "$NM_ROOT/tests/fixtures/seed-post.md" >"$NM_TMP/seed.html"
expect_grep "seed body extracted" '原标题' "$NM_TMP/seed.html"

expect_exit "sanitize the seed body" 0 "$NEWSMILL" sanitize --base https://finance.sina.com.cn/ <"$NM_TMP/seed.html"
cp "$NM_TMP/out" "$NM_TMP/clean.html"
expect_grep "editor credit kept small" '^<p class="editor">责任编辑：王蒙</p>$' "$NM_TMP/clean.html"
expect_grep "paragraphs kept" '^<p>　　一是构建发展共同体。' "$NM_TMP/clean.html"
check "QR promo gone" bash -c "! grep -q -e appendQr -e 新浪财经APP -e '<img' -e '<style' -e '<!--' '$NM_TMP/clean.html'"
check "no blank line" bash -c "! grep -q '^$' '$NM_TMP/clean.html'"
check "no line indented four spaces" bash -c "! grep -q '^    ' '$NM_TMP/clean.html'"
expect_exit "cleaning again" 0 "$NEWSMILL" sanitize --base https://finance.sina.com.cn/ <"$NM_TMP/clean.html"
check "cleaning again changes nothing" cmp -s "$NM_TMP/out" "$NM_TMP/clean.html"

expect_exit "--lead-image of the seed" 0 "$NEWSMILL" sanitize --lead-image <"$NM_TMP/seed.html"
expect_eq "the seed has no lead image of its own" "" "$(cat "$NM_TMP/out")"
printf '%s' '<img src="/qr.png" class="qrcode"><p><img src="/p/photo.jpg" width="600"></p>' >"$NM_TMP/imgs.html"
expect_exit "--lead-image" 0 "$NEWSMILL" sanitize --lead-image --base https://ex.com/a/ <"$NM_TMP/imgs.html"
expect_eq "lead image skips the QR code" "https://ex.com/p/photo.jpg" "$(cat "$NM_TMP/out")"

expect_exit "--text" 0 "$NEWSMILL" sanitize --text <"$NM_TMP/seed.html"
expect_eq "--text ends with the editor line" "责任编辑：王蒙" "$(tail -1 "$NM_TMP/out")"
check "--text has no markup" bash -c "! grep -q '<' '$NM_TMP/out'"

printf '%s' '<p>keep</p><div class="promo-x">x</div><p id="tail">t</p><aside>a</aside>' >"$NM_TMP/rm.html"
expect_exit "--remove" 0 "$NEWSMILL" sanitize --remove .promo-x --remove '#tail' --remove aside <"$NM_TMP/rm.html"
expect_eq "--remove drops each selector" "<p>keep</p>" "$(cat "$NM_TMP/out")"

printf '%s' '<p>正文</p><div id="backsohucom">返回</div>' >"$NM_TMP/sohu.html"
expect_exit "--site sohu" 0 "$NEWSMILL" sanitize --site sohu <"$NM_TMP/sohu.html"
expect_eq "--site applies the site's rules" "<p>正文</p>" "$(cat "$NM_TMP/out")"

expect_exit "--drop-editor" 0 "$NEWSMILL" sanitize --drop-editor <"$NM_TMP/seed.html"
check "--drop-editor removes the credit" bash -c "! grep -q 责任编辑 '$NM_TMP/out'"

printf '%s' '<p onclick="x()">a<script>b</script><font>c</font></p>' >"$NM_TMP/feed.html"
expect_exit "--feed" 0 "$NEWSMILL" sanitize --feed <"$NM_TMP/feed.html"
expect_eq "--feed applies feedparser's rules" "<p>a<font>c</font></p>" "$(cat "$NM_TMP/out")"

expect_exit "an argument is a usage error" 2 "$NEWSMILL" sanitize in.html
expect_grep "the usage error says why" "the HTML comes on stdin" "$NM_TMP/err"
expect_exit "an unknown option is a usage error" 2 "$NEWSMILL" sanitize --frob
expect_grep "the unknown option is named" "unknown option '--frob'" "$NM_TMP/err"
expect_exit "--text with --lead-image is a usage error" 2 "$NEWSMILL" sanitize --text --lead-image

# Hostile nesting: gumbo's tree builder is quadratic in open elements, so
# depth is bounded before parsing. 10 s is a hang guard, not a benchmark
# (it takes well under a second).
python3 -c "print('<div>' * 100000 + 'bottom')" >"$NM_TMP/deep.html"
expect_exit "100,000 nested elements are cleaned, not hung on" 0 timeout 10 "$NEWSMILL" sanitize <"$NM_TMP/deep.html"
expect_grep "the text under deep nesting is kept" "bottom" "$NM_TMP/out"
# The bound, not the clock: past it the tags go and their text stays, so a
# <script> nested 100,000 deep comes out as its text in every mode.
python3 -c "print('<div>' * 100000 + '<script>MARK</script>' + '</div>' * 100000)" >"$NM_TMP/probe.html"
for mode in "" --feed --text --lead-image; do
  "$NEWSMILL" sanitize $mode <"$NM_TMP/probe.html" >"$NM_TMP/probe.out" 2>"$NM_TMP/err"
  case $mode in
    --lead-image) expect_eq "sanitize --lead-image: 100,000 nested elements, no image" "" "$(cat "$NM_TMP/probe.out")" ;;
    *) expect_grep "sanitize ${mode:-(article)}: the nesting bound is applied (the deep <script> is text)" "MARK" "$NM_TMP/probe.out" ;;
  esac
done

head -c $((64 * 1024 * 1024 + 1)) /dev/zero | tr '\0' 'a' >"$NM_TMP/big.html"
expect_exit "input over 64 MiB fails with exit 1" 1 "$NEWSMILL" sanitize <"$NM_TMP/big.html"
expect_grep "the limit is named" "larger than the 64 MiB limit" "$NM_TMP/err"
finish
