# cli.sh — the command-line frame: help, version, misuse.
. "$(dirname "$0")/lib.sh"

expect_exit "--version exits 0" 0 "$NEWSMILL" --version
expect_grep "--version names the program" '^newsmill [0-9]+\.[0-9]+\.[0-9]+$' "$NM_TMP/out"

expect_exit "--help exits 0" 0 "$NEWSMILL" --help
expect_grep "--help lists the help command" '^  help ' "$NM_TMP/out"
expect_grep "--help shows the global -C option" '-C DIR' "$NM_TMP/out"

expect_exit "no command is a usage error" 2 "$NEWSMILL"
expect_grep "no command prints the overview" '^Usage: newsmill' "$NM_TMP/err"

expect_exit "unknown command exits 2" 2 "$NEWSMILL" frobnicate
expect_grep "unknown command names it" "'frobnicate' is not a newsmill command" "$NM_TMP/err"
expect_grep "unknown command gives a hint" "Try 'newsmill --help'" "$NM_TMP/err"

expect_exit "unknown global option exits 2" 2 "$NEWSMILL" --frob help
expect_grep "unknown global option is named" "unknown option '--frob'" "$NM_TMP/err"

expect_exit "-C without a directory exits 2" 2 "$NEWSMILL" -C
expect_exit "-C to a missing directory exits 2" 2 "$NEWSMILL" -C "$NM_TMP/nope" help
expect_grep "-C to a missing directory says so" 'site directory does not exist' "$NM_TMP/err"

expect_exit "help help exits 0" 0 "$NEWSMILL" help help
expect_grep "help COMMAND shows examples" '^Examples:' "$NM_TMP/out"
expect_exit "COMMAND --help equals help COMMAND" 0 "$NEWSMILL" help --help
expect_grep "COMMAND --help prints usage" '^Usage: newsmill help' "$NM_TMP/out"
expect_exit "help of an unknown command exits 2" 2 "$NEWSMILL" help frobnicate

# Every command in the table has usage text with examples and a man page entry.
for c in $("$NEWSMILL" --help | awk '/^Commands:/{f=1;next} /^$/{f=0} f{print $1}'); do
  "$NEWSMILL" help "$c" >"$NM_TMP/u" 2>&1
  expect_grep "help $c has examples" '^Examples:' "$NM_TMP/u"
  expect_grep "man page documents $c" "^\\.SS \"?$c" "$NM_ROOT/doc/newsmill.1"
done
# global options after the command, as git-like tools accept them
gsite=$NM_TMP/gsite
mkdir -p "$gsite/source/_posts"
printf -- '---\ntitle: One\ndate: 2022-01-01\n---\n\nHello harbour.\n' >"$gsite/source/_posts/one.md"
expect_exit "build --no-progress -q after the command" 0 "$NEWSMILL" -C "$gsite" build --no-progress -q
expect_eq "-q after the command silences the build" "" "$(cat "$NM_TMP/err")"
expect_exit "build -C DIR after the command" 0 "$NEWSMILL" build -C "$gsite"
expect_grep "-C after the command builds that site" 'built 1 posts' "$NM_TMP/err"
expect_exit "search -C DIR -v after the command" 0 "$NEWSMILL" search harbour -C "$gsite" -v
expect_exit "after --, -v goes to the command" 2 "$NEWSMILL" -C "$gsite" search -- -v
expect_grep "… as the query (an exclusion alone)" "'-v' has no words" "$NM_TMP/err"
expect_exit "-C without a directory after the command" 2 "$NEWSMILL" build -C
finish
