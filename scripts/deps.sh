#!/usr/bin/env bash
# deps.sh — make sure every library and tool newsmill builds and tests with
# is present. Costs nothing when all is there. On a machine that lacks
# something: installs the Debian packages with apt-get when root, otherwise
# prints the exact command and exits 2.
#
#   scripts/deps.sh          build and test dependencies
set -u

# pkg-config name -> Debian package
pkgs=(
  "libcurl:libcurl4-openssl-dev"
  "libxml-2.0:libxml2-dev"
  "jansson:libjansson-dev"
  "yaml-0.1:libyaml-dev"
  "gumbo:libgumbo-dev"
  "md4c:libmd4c-dev"
  "md4c-html:libmd4c-html0-dev"
  "sqlite3:libsqlite3-dev"
  "libutf8proc:libutf8proc-dev"
  "libxxhash:libxxhash-dev"
  "libmicrohttpd:libmicrohttpd-dev"
  "uchardet:libuchardet-dev"
  "vips:libvips-dev"
  "nettle:nettle-dev"
  "libpq:libpq-dev"
  "cmocka:libcmocka-dev"
)
# command -> Debian package (tools the tests use)
tools=(
  "pkg-config:pkg-config"
  "cc:gcc"
  "make:make"
  "sqlite3:sqlite3"
  "clang:clang"
  "python3:python3"
  "curl:curl"
  "jq:jq"
  "rsync:rsync"
  "xmllint:libxml2-utils"
  "node:nodejs"
  "npm:npm"
)

missing=()
for t in "${tools[@]}"; do
  command -v "${t%%:*}" >/dev/null 2>&1 || missing+=("${t#*:}")
done
if command -v pkg-config >/dev/null 2>&1; then
  for p in "${pkgs[@]}"; do
    pkg-config --exists "${p%%:*}" 2>/dev/null || missing+=("${p#*:}")
  done
else
  for p in "${pkgs[@]}"; do missing+=("${p#*:}"); done
fi
# The store tests start a throwaway PostgreSQL server (tests/tools/pg.sh).
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=("postgresql")
# Time zones are read from the tz database (src/util/tz.c, its tests).
[ -f /usr/share/zoneinfo/Asia/Shanghai ] || missing+=("tzdata")
# libFuzzer and the sanitizer runtimes come with clang's runtime package.
if command -v clang >/dev/null 2>&1; then
  rt=$(clang -print-resource-dir 2>/dev/null)/lib/linux/libclang_rt.fuzzer-x86_64.a
  [ -f "$rt" ] || missing+=("libclang-rt-$(clang -dumpversion | cut -d. -f1)-dev")
fi

[ ${#missing[@]} -eq 0 ] && exit 0

# de-duplicate
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" != 0 ]; then
  echo "newsmill: missing build dependencies: ${missing[*]}" >&2
  echo "Run as root:  apt-get update && $cmd" >&2
  exit 2
fi
echo "newsmill: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2 && $cmd >&2 || { echo "newsmill: apt-get failed" >&2; exit 2; }
# clang's runtime package is named after its version; check again now that clang exists
if command -v clang >/dev/null 2>&1; then
  rt=$(clang -print-resource-dir)/lib/linux/libclang_rt.fuzzer-x86_64.a
  if [ ! -f "$rt" ]; then
    apt-get install -y --no-install-recommends "libclang-rt-$(clang -dumpversion | cut -d. -f1)-dev" >&2 || exit 2
  fi
fi
exit 0
