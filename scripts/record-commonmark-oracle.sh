#!/usr/bin/env bash
# Records where CommonMark (markdown-it-py) puts the fences and headings of each block-scanner
# fixture, next to the fixture as NAME.oracle.json. The scanner tests compare against these files.
# usage: scripts/record-commonmark-oracle.sh [path/to/commonmark-blocks]
set -euo pipefail
cd "$(dirname "$0")/.."
oracle=${1:-../shared/tools/commonmark-blocks}
scripts/install-commonmark-oracles.sh
for fixture in Tests/WorkplanKitTests/Fixtures/commonmark/*.md Tests/WorkplanKitTests/Fixtures/CUST-WP-0005.md; do
  "$oracle" "$fixture" | python3 -c 'import json,sys; d=json.load(sys.stdin); d.pop("path"); print(json.dumps(d, indent=1, ensure_ascii=False))' \
    > "${fixture%.md}.oracle.json"
done
