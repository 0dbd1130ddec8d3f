#!/usr/bin/env bash
# Installs the CommonMark references the block scanner is compared with: markdown-it-py (PyPI,
# pinned so recorded answers stay comparable) and cmark (Debian), when they are missing.
set -euo pipefail
python3 -c 'import markdown_it, sys; sys.exit(markdown_it.__version__ != "4.3.0")' 2>/dev/null \
  || python3 -m pip install --quiet --root-user-action=ignore 'markdown-it-py==4.3.0'
command -v cmark >/dev/null || { apt-get update -qq && apt-get install -y -qq cmark >/dev/null; }
