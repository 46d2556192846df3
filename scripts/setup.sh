#!/usr/bin/env bash
# Create .venv inside the clone and install the kit (editable) with its test and Dask extras at
# the exact versions in constraints.txt, so every machine runs the tests against the same
# libraries (an unpinned install once took a new Babel and changed formatted output).
# Safe to re-run: an up-to-date .venv is left as it is.
#
# constraints.txt is generated from pyproject.toml; after changing a dependency there, run
#   .venv/bin/uv pip compile pyproject.toml --all-extras --universal --python-version 3.11 -o constraints.txt
# (add --upgrade to move every pin to the newest release the ranges admit).
set -euo pipefail
cd "$(dirname "$0")/.."

is_usable() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; }
can_make_venv() { is_usable "$1" && "$1" -c 'import ensurepip, venv' 2>/dev/null; }

if ! { [ -x .venv/bin/python ] && is_usable .venv/bin/python; }; then
  python_bin="${PYTHON:-}"
  if [ -z "$python_bin" ]; then
    for candidate in python3.11 python3; do
      if command -v "$candidate" >/dev/null 2>&1 && can_make_venv "$candidate"; then
        python_bin="$candidate"
        break
      fi
    done
  fi
  if [ -z "$python_bin" ] || ! can_make_venv "$python_bin"; then
    echo "setup: Python 3.11 with venv is required (set PYTHON=/path/to/python3.11;" \
      "on Debian: apt-get install python3-venv)" >&2
    exit 1
  fi
  rm -rf .venv
  "$python_bin" -m venv .venv
fi

# A clone set up before the kit built with hatchling keeps setuptools' metadata beside the
# package; Python would find its stale entry points first and see no playbooks.
rm -rf -- *.egg-info

# A new venv gets whatever pip its Python shipped (23.2 with 3.11.7); start every machine from a
# recent one. -qq hides warnings (a machine's unreachable extra indexes, say); errors still print.
.venv/bin/python -m pip install -qq --disable-pip-version-check "pip>=24.1"
.venv/bin/python -m pip install -qq --disable-pip-version-check \
  -c constraints.txt -e '.[test,dask]'
# An editable install leaves the kit's own modules uncompiled, and where PYTHONDONTWRITEBYTECODE
# is set (as in many container images) every command would compile them again: about 15 ms of
# a 0.2 s `kit check`. Compile them once here, as pip does for an installed wheel.
.venv/bin/python -m compileall -q kit
echo "setup: kit installed in .venv ($(.venv/bin/python --version), versions from constraints.txt)"
