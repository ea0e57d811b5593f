# extract_pages.sh — `newsmill extract --json --list` on ten Chinese news
# pages (tests/fixtures/extract/pages/: GBK, GB2312, GB18030 and Big5,
# declared or not, and UTF-8; Sina, NetEase, QQ, TRS, Liberty Times, CNA,
# China News, 36Kr layouts): each page's text must reach a shingle F1 of
# 0.95 against its hand-made text (each Han character a token) and its
# charset must be read right. One process for all pages.
. "$(dirname "$0")/lib.sh"

fix="$NM_ROOT/tests/fixtures/extract/pages"
f1_py="$NM_ROOT/tests/tools/extract_f1.py"

# The comparator must be able to fail.
python3 "$f1_py" --self-check "$fix" >"$NM_TMP/self"
cat "$NM_TMP/self"
nm_failures=$((nm_failures + $(grep -c '^not ok ' "$NM_TMP/self")))

while IFS=$'\t' read -r file url; do
  printf '%s\t%s\n' "$fix/$file" "$url"
done <"$fix/pages.tsv" >"$NM_TMP/list"
expect_exit "extract --json --list exits 0 on the ten pages" 0 \
  "$NEWSMILL" extract --json --list "$NM_TMP/list"
cp "$NM_TMP/out" "$NM_TMP/results.jsonl"
expect_eq "one JSON line per page" "$(wc -l <"$fix/pages.tsv")" "$(grep -c . "$NM_TMP/results.jsonl")"

python3 "$f1_py" "$NM_TMP/results.jsonl" "$fix" 0.95 >"$NM_TMP/pages"
cat "$NM_TMP/pages"
nm_failures=$((nm_failures + $(grep -c '^not ok ' "$NM_TMP/pages")))
[ "$(grep -c '^\(not \)\?ok - extract .*text F1' "$NM_TMP/pages")" -eq "$(wc -l <"$fix/pages.tsv")" ] ||
  fail "every page has a text F1 line" "$(grep -c 'text F1' "$NM_TMP/pages") of $(wc -l <"$fix/pages.tsv")"
finish
