#!/usr/bin/env bash
# The dashboard in a real browser: installs Chromium and its driver from Debian's packages and
# selenium from PyPI (in a venv under .build/) if missing, builds a small store from the test
# fixtures, writes its dashboard, and drives it (scripts/dashboard-check.py). Screenshots at 375
# and 1440 px go to .build/dashboard-screenshots/ (CI keeps them as artifacts).
#   scripts/dashboard-check.sh BIN
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$(realpath "$1")
. scripts/browser-setup.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/workplans"
cp Tests/WorkplanKitTests/Fixtures/agents/TEST-WP-00*.md Tests/WorkplanKitTests/Fixtures/CUST-WP-0005.md "$work/workplans/"
(cd "$work" && "$binary" sync >/dev/null && "$binary" task set-status TEST-WP-0020-T05 done >/dev/null \
  && "$binary" sync >/dev/null && "$binary" dashboard --out site --title "Dashboard check" >/dev/null)
"$browser_venv/bin/python" scripts/dashboard-check.py "$work/site" .build/dashboard-screenshots
