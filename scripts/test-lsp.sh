#!/usr/bin/env bash
# `workplan lsp` driven as an editor drives it: by pytest-lsp (PyPI, installed into a virtual
# environment under .build/), and by Neovim's own LSP client, headless (Debian's neovim):
# scripts/test-lsp.sh BIN
set -euo pipefail
cd "$(dirname "$0")/.."
command -v nvim >/dev/null || { apt-get update -qq && apt-get install -y -qq neovim >/dev/null; }
venv=.build/lsp-venv
if ! "$venv/bin/pip" show pytest-lsp 2>/dev/null | grep -qx "Version: 1.0.1"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "pytest-lsp==1.0.1"
fi
echo "clients: $("$venv/bin/pip" show pytest-lsp | sed -n 's/^Version: /pytest-lsp /p'), $(nvim --version | head -1)"
WORKPLAN_BIN="$(realpath "$1")" timeout 600 "$venv/bin/python" -m pytest -q -c Tests/LSP/pytest.ini Tests/LSP
