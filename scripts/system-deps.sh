#!/usr/bin/env bash
# The Debian packages a build of the tool needs beyond the Swift toolchain, installed when
# missing: SQLite (libsqlite3-dev, which GRDB links) and jemalloc (libjemalloc-dev: the tool's
# allocator on Linux, docs/performance.md). Every Makefile target and script that builds runs it.
set -euo pipefail
arch=$(uname -m)
missing=()
[[ -f /usr/lib/$arch-linux-gnu/libsqlite3.so && -f /usr/lib/$arch-linux-gnu/libsqlite3.a ]] \
  || missing+=(libsqlite3-dev)
[[ -f /usr/lib/$arch-linux-gnu/libjemalloc.so && -f /usr/lib/$arch-linux-gnu/libjemalloc_pic.a ]] \
  || missing+=(libjemalloc-dev)
(( ${#missing[@]} == 0 )) && exit 0
if [[ $(id -u) -ne 0 ]]; then
  echo "the build needs these Debian packages: ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
  exit 2
fi
echo "installing ${missing[*]}" >&2
{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >/dev/null
