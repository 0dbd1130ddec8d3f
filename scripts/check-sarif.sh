#!/usr/bin/env bash
# Lints a sample with findings as SARIF and validates the log against the SARIF 2.1.0 schema.
# usage: scripts/check-sarif.sh [path/to/workplan]
set -euo pipefail
cd "$(dirname "$0")/.."
tool=$(realpath "${1:-.build/debug/workplan}")
schema=${SARIF_SCHEMA:-$(realpath ../shared/schemas/sarif-schema-2.1.0.json 2>/dev/null || true)}
[ -f "$schema" ] || { echo "SARIF schema not found: set SARIF_SCHEMA" >&2; exit 2; }
command -v check-jsonschema >/dev/null || python3 -m pip install --quiet check-jsonschema
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/workplans"
cp Tests/WorkplanKitTests/Fixtures/CUST-WP-0005.md "$work/workplans/"
sed 's/status: done/status: finished/' Tests/WorkplanKitTests/Fixtures/CUST-WP-0005.md > "$work/workplans/CUST-WP-0006.md"
(cd "$work" && git init -q && { "$tool" lint --format sarif > log.sarif || true; })
check-jsonschema --schemafile "$schema" "$work/log.sarif"
grep -q '"ruleId" : "invalid-value"' "$work/log.sarif"
echo "SARIF output validates against $schema"
