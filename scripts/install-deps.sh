#!/usr/bin/env bash
# Installs the Debian packages listed in the given files that are not installed yet.
# Usage: scripts/install-deps.sh scripts/packages-build.txt [more lists…]
# Runs apt-get as root (directly, or through sudo). Does nothing when everything is present
# (a name that an installed package provides counts as present).
set -euo pipefail
want=()
for list in "$@"; do
  while read -r pkg _; do
    [[ -z "$pkg" || "$pkg" == \#* ]] && continue
    want+=("$pkg")
  done < "$list"
done
# Names provided by installed packages count as installed (NodeSource's nodejs provides npm and
# conflicts with Debian's npm package, which must then not be installed).
provided=" $(dpkg-query -W -f='${Status}\t${Provides}\n' 2>/dev/null |
  awk -F'\t' '$1 ~ /ok installed/ && $2 != "" {
    n = split($2, a, ","); for (i = 1; i <= n; i++) { sub(/^ +/, "", a[i]); sub(/ .*/, "", a[i]); printf "%s ", a[i] } }') "
missing=()
for pkg in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" &&
     [[ "$provided" != *" $pkg "* ]]; then
    missing+=("$pkg")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi
echo "motcua: installing ${#missing[@]} missing Debian packages: ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "motcua: these packages are missing and I am not root and have no sudo: ${missing[*]}" >&2
    echo "motcua: install them as root (apt-get install ${missing[*]}) and run make again." >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y --no-install-recommends "${missing[@]}"; then
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi
