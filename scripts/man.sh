#!/usr/bin/env bash
# The man page, workplan.1, generated from the command definitions by swift-argument-parser's
# generate-manual plugin, for the binary with every trait (`make install`), without the commands
# `--help` hides.
#   scripts/man.sh          rewrites workplan.1
#   scripts/man.sh --check  fails when workplan.1 is not what the commands say (its date aside)
set -euo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! swift package --enable-all-traits plugin generate-manual --configuration debug --date "$(date -u +%Y-%m-%d)" >"$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi
generated=.build/plugins/GenerateManual/outputs/workplan/workplan.1
hidden=$(.build/debug/workplan --experimental-dump-help | python3 -c '
import json, sys
def walk(command):
    for sub in command.get("subcommands", []):
        if not sub.get("shouldDisplay", True):
            print(sub["commandName"])
        walk(sub)
walk(json.load(sys.stdin)["command"])')

# Drops each hidden command's entry: its `.It Em NAME` line, its text and its nested lists.
page=$(awk -v hidden="$hidden" '
  BEGIN { n = split(hidden, names, "\n"); for (i = 1; i <= n; i++) drop[".It Em " names[i]] = 1 }
  skipping {
    if (/^\.Bl/) { depth++; next }
    if (/^\.El/) { if (depth > 0) { depth--; next } skipping = 0 }
    else if (/^\.It / && depth == 0) skipping = 0
    else next
  }
  ($0 in drop) { skipping = 1; depth = 0; next }
  { print }' "$generated")

if [[ ${1:-} == --check ]]; then
  if ! diff <(grep -v '^\.Dd ' workplan.1) <(grep -v '^\.Dd ' <<<"$page"); then
    echo "workplan.1 is out of date: run make man" >&2
    exit 1
  fi
  echo "workplan.1 matches the command definitions"
else
  printf '%s\n' "$page" > workplan.1
  echo "wrote workplan.1"
fi
