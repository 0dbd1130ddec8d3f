#!/usr/bin/env bash
# The MCP server end to end with the official Python MCP SDK (`mcp` from PyPI, installed into a
# virtual environment under .build/): scripts/test-mcp.sh BIN
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build/mcp-venv
if ! "$venv/bin/pip" show mcp 2>/dev/null | grep -qx "Version: 2.3.0"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "mcp==2.3.0"
fi
echo "mcp client: $("$venv/bin/pip" show mcp | sed -n 's/^Version: /mcp /p')"
timeout 300 "$venv/bin/python" scripts/test-mcp.py "$1" Tests/WorkplanKitTests/Fixtures/agents
