#!/usr/bin/env bash
# The Debian packages the full test suite needs, in one place for scripts/test.sh and .ci/run.
# Installs only the missing ones, and only as root where apt-get exists (elsewhere it says what
# is missing and the tests that need it skip, unless KIT_REQUIRE_SOFFICE / KIT_REQUIRE_CHROMIUM
# make them fail). Safe to re-run: with everything present it neither updates nor installs.
set -euo pipefail

packages=(
  libreoffice-writer-nogui # PDF conversion (soffice)
  python3-uno              # LibreOffice's Python bridge: one long-lived soffice per worker
  # the fonts the templates name, or metric-compatible stand-ins, and CJK names in documents
  fonts-crosextra-carlito fonts-crosextra-caladea fonts-liberation2 fonts-noto-cjk
  poppler-utils  # pdftotext, pdftoppm, pdffonts to read converted documents
  chromium       # the browser Playwright drives; never a browser Playwright downloads
  python3-venv   # Debian's Python 3.11 needs it to make .venv
)

command -v dpkg-query >/dev/null 2>&1 || exit 0

missing=()
for package in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)"
  [ "$status" = "installed" ] || missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "system: missing ${missing[*]} (as root: apt-get install ${missing[*]})" >&2
  exit 0
fi

echo "system: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq "${missing[@]}" >/dev/null
