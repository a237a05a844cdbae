#!/usr/bin/env bash
# Installs the e2e tests' npm packages (npm ci, from package-lock.json) unless node_modules already
# holds exactly that lock file's packages; checks that node and Chromium are there.
# Run by `make test-deps` and by the e2e_npm_ci ctest fixture, so `ctest -R e2e` works alone.
set -euo pipefail
cd "$(dirname "$0")"
for tool in node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "e2e: '$tool' is missing; run 'make test-deps' (installs nodejs, npm and chromium)" >&2
    exit 1
  fi
done
chromium="${MOTCUA_CHROMIUM:-/usr/bin/chromium}"
if [[ ! -x "$chromium" ]]; then
  echo "e2e: no Chromium at $chromium; run 'make test-deps' or set MOTCUA_CHROMIUM" >&2
  exit 1
fi
stamp=node_modules/.motcua-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  exit 0
fi
npm ci --no-audit --no-fund
echo "$want" > "$stamp"
