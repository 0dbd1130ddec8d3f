#!/usr/bin/env bash
# `make serve-check`: `workplan serve` over a real hub of three repositories, checked by
# scripts/test-serve.py and by schemathesis (from PyPI, in a virtual environment under .build/),
# then its live dashboard and the static site of the same hub in headless Chromium
# (scripts/serve-dashboard-check.py, scripts/dashboard-check.py; screenshots in
# .build/dashboard-screenshots/).
#   scripts/test-serve.sh BIN
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
binary=$(realpath "$1")
venv=.build/serve-venv
if ! "$venv/bin/pip" show schemathesis 2>/dev/null | grep -qx "Version: 4.32.5"; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "schemathesis==4.32.5"
fi
. scripts/browser-setup.sh
work=$(mktemp -d)
chmod 755 "$work"
server=
url=$(scripts/pg-cluster.sh start "$work/cluster" "$((56000 + RANDOM % 1000))")
trap '[ -z "$server" ] || kill "$server" 2>/dev/null || true
      scripts/pg-cluster.sh stop "$work/cluster" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
mkdir "$work/repos"
timeout 600 python3 scripts/test-serve.py "$binary" "$url" "$work/repos" "$root/$venv/bin/st"

# The live dashboard, over the same hub, as the reader role test-serve.py made; and the static
# site `workplan dashboard` writes from it, which must hold the same rows.
reader=${url/workplan@/workplan_api:pw-reader@}
(cd "$work/repos/alpha" && "$binary" dashboard --db "$reader" --out "$work/site" >/dev/null)
timeout 300 "$browser_venv/bin/python" scripts/dashboard-check.py "$work/site" .build/dashboard-screenshots/hub
"$binary" serve --db "$reader" --port 0 2> "$work/serve.log" &
server=$!
for _ in $(seq 100); do grep -q "serving" "$work/serve.log" && break; sleep 0.1; done
base=$(sed -n 's/.* on \(http:[^ ]*\)\/$/\1/p' "$work/serve.log")
timeout 300 "$browser_venv/bin/python" scripts/serve-dashboard-check.py "$base" .build/dashboard-screenshots "$work/site"
