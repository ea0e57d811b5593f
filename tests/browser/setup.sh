#!/usr/bin/env bash
# setup.sh — what the browser tests need: Debian's chromium and npm's
# playwright-core (in tests/browser/node_modules, git-ignored). Installs
# whatever is missing; exits non-zero (and says why) when it cannot, so
# that the tests that need a browser fail rather than skip.
set -u
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get install -y --no-install-recommends chromium >&2 ||
      { apt-get update >&2 && apt-get install -y --no-install-recommends chromium >&2; }
  else
    sudo -n apt-get install -y --no-install-recommends chromium >&2
  fi
  command -v chromium >/dev/null 2>&1 || { echo "setup.sh: cannot install chromium (apt-get install chromium)" >&2; exit 1; }
fi
command -v node >/dev/null 2>&1 || { echo "setup.sh: node is missing (apt-get install nodejs)" >&2; exit 1; }
if [ ! -f "$here/node_modules/playwright-core/package.json" ]; then
  (cd "$here" && npm install --no-audit --no-fund --loglevel=error >&2) ||
    { echo "setup.sh: npm install playwright-core failed" >&2; exit 1; }
fi
exit 0
