#!/usr/bin/env bash
# Checks the portable release made by `make dist`: its checksum and contents, then runs its binary
# with the Swift toolchain hidden (an empty folder mounted over it, in a private mount namespace)
# on the seed workplan, and compares lint, show, sync and status with the normal build's output.
#   scripts/dist-check.sh BIN   (BIN: the normal build, the reference)
set -euo pipefail
cd "$(dirname "$0")/.."
reference=$(realpath "$1")
repo=$(pwd)

version=$("$reference" --version | cut -d' ' -f1)
name=workplan-$version-linux-$(uname -m)
tarball=dist/$name.tar.gz
[[ -f $tarball ]] || { echo "dist-check: $tarball is missing: run make dist" >&2; exit 1; }
(cd dist && sha256sum --quiet -c "$name.tar.gz.sha256")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "$tarball" -C "$work"
package=$work/$name
expected="LICENSE README.md THIRD-PARTY-LICENSES completions/_workplan completions/workplan.bash completions/workplan.fish docs/rules.md workplan workplan.1"
contents=$(cd "$package" && find . -type f | sed 's|^\./||' | sort | tr '\n' ' ' | sed 's/ $//')
if [[ $contents != "$expected" ]]; then
  echo "dist-check: the tarball holds: $contents; expected: $expected" >&2
  exit 1
fi
bash -c "source '$package/completions/workplan.bash' && complete -p workplan" >/dev/null
if command -v man >/dev/null; then
  MANWIDTH=80 man -l "$package/workplan.1" 2>/dev/null | grep -q 'workplan.*Markdown workplans'
fi
echo "checksum, contents, bash completion and man page: ok"

# The seed workplan, once for each binary.
for side in dist reference; do
  mkdir -p "$work/$side/workplans" "$work/$side-out"
  cp Tests/WorkplanKitTests/Fixtures/CUST-WP-0005.md "$work/$side/workplans/"
done

# Runs the commands in folder $1, writing each output and exit status into folder $2.
cat > "$work/commands.sh" <<'EOF'
set -u
binary=$1 folder=$2 out=$3
cd "$folder"
run() {
  local label=$1
  shift
  "$binary" "$@" > "$out/$label.out" 2> "$out/$label.err"
  echo $? > "$out/$label.status"
}
run lint lint
run lint-json lint --format json
run show show CUST-WP-0005 --format json
run sync sync
run sync-again sync --format json
run status status
run status-json status --format json
# The language server: initialize, the outline of the seed, shutdown and exit.
message() { printf 'Content-Length: %d\r\n\r\n%s' "${#1}" "$1"; }
seed="file://$PWD/workplans/CUST-WP-0005.md"
{
  message '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'
  message '{"jsonrpc":"2.0","id":2,"method":"textDocument/documentSymbol","params":{"textDocument":{"uri":"'"$seed"'"}}}'
  message '{"jsonrpc":"2.0","id":3,"method":"shutdown"}'
  message '{"jsonrpc":"2.0","method":"exit"}'
} | "$binary" lsp > "$out/lsp.out" 2> "$out/lsp.err"
echo $? > "$out/lsp.status"
sed -i "s|$PWD|FOLDER|g" "$out/lsp.out"
cp workplans/CUST-WP-0005.md "$out/CUST-WP-0005.md"
EOF

toolchain=$(dirname "$(dirname "$(dirname "$(readlink -f "$(command -v swiftc)")")")")
namespace=(unshare -m)
[[ $(id -u) == 0 ]] || namespace=(unshare -rm)
if ! "${namespace[@]}" true 2>/dev/null; then
  if [[ ${CI:-} == true ]]; then
    echo "dist-check: cannot make a mount namespace to hide the toolchain ($toolchain)" >&2
    exit 1
  fi
  echo "dist-check: SKIPPED the run without a toolchain: no mount namespace here (it runs in CI)"
  exit 0
fi
# In the namespace the normal build must fail to start: that shows the toolchain is hidden.
"${namespace[@]}" bash -euc '
  mount -t tmpfs none "$1"
  if command -v swift >/dev/null || [[ -n $(ls -A "$1") ]] || "$4" --version >/dev/null 2>&1; then
    echo "dist-check: the toolchain is still visible" >&2
    exit 1
  fi
  echo "with $1 hidden, the normal build cannot start; the portable one says: $("$2/workplan" --version)"
  bash "$3/commands.sh" "$2/workplan" "$3/dist" "$3/dist-out"
' hide "$toolchain" "$package" "$work" "$reference"
bash "$work/commands.sh" "$reference" "$work/reference" "$work/reference-out"

if ! diff -r "$work/reference-out" "$work/dist-out"; then
  echo "dist-check: the portable binary and the normal build disagree (above)" >&2
  exit 1
fi
for status in "$work"/dist-out/*.status; do
  [[ $(cat "$status") == 0 ]] || { echo "dist-check: $(basename "$status" .status) exited $(cat "$status")" >&2; exit 1; }
done
[[ -s $work/dist-out/status.out ]] || { echo "dist-check: status printed nothing" >&2; exit 1; }
grep -q '"name":"Phase 1 — Domain as a DB Entity"' "$work/dist-out/lsp.out" \
  || { echo "dist-check: the language server gave no outline of the seed" >&2; exit 1; }

commit=$(git -C "$repo" rev-parse --short=7 HEAD)
git -C "$repo" diff --quiet HEAD -- || commit="$commit-dirty"
if [[ $("$package/workplan" --version) != "$version ($commit)" ]]; then
  echo "dist-check: --version says '$("$package/workplan" --version)', expected '$version ($commit)'" >&2
  exit 1
fi
echo "dist-check: $name runs without the Swift toolchain and agrees with the normal build"
