#!/usr/bin/env bash
# Builds the portable release: dist/workplan-VERSION-linux-ARCH.tar.gz and its .sha256.
#
# The binary is a release build with the Swift runtime and Foundation linked in
# (--static-swift-stdlib), and SQLite linked in from Debian's libsqlite3-dev, so that it needs
# only the C library and what every Debian system has (docs/install.md). The tarball holds the binary, the man page, completion scripts for bash, zsh
# and fish, the README, the licence and the licences of the libraries linked in. Its bytes depend
# only on the commit built.
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=.build-dist
arch=$(uname -m)

scripts/system-deps.sh
# SwiftPM links SQLite as -lsqlite3: a folder holding only the static library, searched first,
# makes that link static without changing the package.
mkdir -p "$scratch/static-libs"
ln -sf "/usr/lib/$arch-linux-gnu/libsqlite3.a" "$scratch/static-libs/libsqlite3.a"
# The portable binary keeps the C library's malloc: a static jemalloc's functions become local
# to the binary (the static Swift runtime's link hides its archives' symbols), so the C library
# would still allocate with its own malloc what the binary frees with jemalloc's. An empty
# archive answers the package's -ljemalloc.
rm -f "$scratch/static-libs/libjemalloc.a"
ar rc "$scratch/static-libs/libjemalloc.a"

commit=$(git rev-parse --short=7 HEAD)
git diff --quiet HEAD -- || commit="$commit-dirty"
# Without the MCP trait: the MCP SDK links Foundation's networking, which needs libcurl at run time.
if ! WORKPLAN_COMMIT=$commit swift build -c release --static-swift-stdlib --disable-default-traits \
  --product workplan --scratch-path "$scratch" \
  -Xlinker -L"$PWD/$scratch/static-libs" > "$scratch/build.log" 2>&1; then
  tail -40 "$scratch/build.log" >&2
  echo "dist: the release build failed" >&2
  exit 1
fi
binary=$scratch/release/workplan

# Only libraries of the C library and GCC's runtime, which every Debian system has.
unexpected=$(ldd "$binary" | awk '{print $1}' \
  | grep -vE '^(linux-vdso\.so\.1|libc\.so\.6|libm\.so\.6|libstdc\+\+\.so\.6|libgcc_s\.so\.1|/lib64/ld-linux-x86-64\.so\.2|/lib/ld-linux-aarch64\.so\.1)$' || true)
if [[ -n $unexpected ]]; then
  echo "dist: the binary needs libraries a bare Debian system lacks:" $unexpected >&2
  exit 1
fi

version=$("$binary" --version | cut -d' ' -f1)
name=workplan-$version-linux-$arch
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
folder=$stage/$name
mkdir -p "$folder/completions"
strip -o "$folder/workplan" "$binary"
cp workplan.1 README.md LICENSE "$folder/"
# The rules' documentation, which `workplan lsp` links each finding to.
mkdir -p "$folder/docs" && cp docs/rules.md "$folder/docs/"
"$binary" --generate-completion-script bash > "$folder/completions/workplan.bash"
"$binary" --generate-completion-script zsh > "$folder/completions/_workplan"
"$binary" --generate-completion-script fish > "$folder/completions/workplan.fish"
{
  echo "workplan $version links these libraries into its binary; their licences follow."
  for package in Yams GRDB.swift swift-argument-parser; do
    printf '\n== %s ==\n\n' "$package"
    cat "$scratch"/checkouts/"$package"/LICENSE*
  done
  printf '\n== SQLite ==\n\nSQLite is in the public domain: https://sqlite.org/copyright.html\n'
  printf '\n== Swift runtime and Foundation ==\n\nApache License 2.0 with the Runtime Library Exception: https://swift.org/LICENSE.txt\n'
} > "$folder/THIRD-PARTY-LICENSES"

# Same commit, same bytes: sorted names, fixed owners and the commit's time.
mtime=$(git log -1 --format=%ct)
mkdir -p dist
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$mtime" \
  -C "$stage" -cf - "$name" | gzip -n -9 > "dist/$name.tar.gz"
(cd dist && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
echo "dist/$name.tar.gz ($(du -h "dist/$name.tar.gz" | cut -f1)), $("$binary" --version)"
