#!/usr/bin/env bash
# Set up, then run the whole suite: lint, unit and document tests, CLI tests, and every
# playbook through nbval. LibreOffice is installed when missing and apt-get is usable, so the
# PDF conversion tests run rather than skip.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

if ! command -v soffice >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 &&
   [ "$(id -u)" = "0" ]; then
  echo "test: installing LibreOffice for the PDF conversion tests"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui \
    fonts-noto-cjk >/dev/null
fi

.venv/bin/ruff check kit tests tools
.venv/bin/ruff format --check kit tests tools
.venv/bin/python -m pytest "$@"
