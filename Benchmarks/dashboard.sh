#!/usr/bin/env bash
# `workplan dashboard` on the generated corpus of DASHBOARD_SIZE workplans (default 10,000),
# synced first: each run into a new folder, then hyperfine's timing of rewriting a site, the
# overview's size and the whole site's.
set -euo pipefail
size="${DASHBOARD_SIZE:-10000}"
source "$(dirname "$0")/setup.sh"
mkdir -p "$work/corpus" && git -C "$work/corpus" init -q
"$generate" "$work/corpus/workplans" "$size" 1
cd "$work/corpus"
"$tool" sync >/dev/null
# New folders, none deleted between runs: right after many files are deleted, creating files
# on ext4 scans past the recently deleted inodes (docs/performance.md#dashboard).
for run in 1 2 3 4 5; do
    start=$(date +%s%N)
    "$tool" dashboard --out "new-$run" >/dev/null
    echo "dashboard, $size workplans, into a new folder: $(( ($(date +%s%N) - start) / 1000000 )) ms"
done
hyperfine --runs 5 --warmup 1 --style basic -n "dashboard, $size workplans, rewriting" "$tool dashboard --out site"
echo "overview: $(stat -c %s site/index.html) bytes; site: $(du -sb site | cut -f1) bytes in $(find site -type f | wc -l) files"
