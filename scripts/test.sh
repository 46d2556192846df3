#!/usr/bin/env bash
# Set up, then run the whole suite: lint, unit and document tests, CLI tests, packaging tests and
# every playbook through nbval. Run as root on Debian, it first installs the system packages the
# tests use (LibreOffice, fonts, poppler, Chromium: see scripts/system-packages.sh), so those
# tests run rather than skip. Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh
bash scripts/setup.sh

.venv/bin/ruff check --quiet kit tests tools
.venv/bin/ruff format --check --quiet kit tests tools
.venv/bin/python -m pytest "$@"
