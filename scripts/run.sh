#!/usr/bin/env bash
# Install what the dashboard needs (in .venv) and start it on the embedded default data
# (data/pledges.duckdb, built from data/ on first use; set PLEDGE_DB to open another file).
# Usage: bash scripts/run.sh [streamlit args, e.g. --server.port 8502]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt
# Korean TrueType fonts for the printable card (PDF): fpdf2 embeds NanumGothic.
if ! fc-list 2>/dev/null | grep -qi "nanumgothic"; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q fonts-nanum >/dev/null
fi
# Warm the server before its first visitor (scripts/ready.py: its readiness check, in the background).
.venv/bin/python scripts/ready.py "$@" &
exec .venv/bin/python -m streamlit run dashboard.py "$@"
