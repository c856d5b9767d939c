#!/usr/bin/env bash
# Install what the tests need (Python packages in .venv; Chromium and Korean fonts for the
# browser tests; PostgreSQL for the tests of the shared store, started by the suite itself in a
# throwaway cluster, tests/pg.py) and run the whole test suite. Usage: bash scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "noto sans cjk" \
   || ! fc-list 2>/dev/null | grep -qi "nanumgothic" || ! command -v pdftoppm >/dev/null 2>&1 \
   || ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium fonts-noto-cjk fonts-nanum poppler-utils postgresql >/dev/null
fi
exec .venv/bin/python -m pytest -q "$@"
