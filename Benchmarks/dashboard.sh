#!/usr/bin/env bash
# `workplan dashboard` on the generated corpus of DASHBOARD_SIZE workplans (default 10,000),
# synced first: hyperfine's timing, the overview's size and the whole site's.
set -euo pipefail
size="${DASHBOARD_SIZE:-10000}"
source "$(dirname "$0")/setup.sh"
mkdir -p "$work/corpus" && git -C "$work/corpus" init -q
"$generate" "$work/corpus/workplans" "$size" 1
cd "$work/corpus"
"$tool" sync >/dev/null
hyperfine --runs 5 --warmup 1 --style basic -n "dashboard, $size workplans" "$tool dashboard --out site"
echo "overview: $(stat -c %s site/index.html) bytes; site: $(du -sb site | cut -f1) bytes in $(find site -type f | wc -l) files"
