#!/usr/bin/env bash
# Runs this repository's pre-commit hooks with the real pre-commit framework (`pre-commit try-repo`)
# on two sample repositories: a clean one must pass, a broken one must fail.
#   workplan-lint         (language: swift) try-repo builds the committed state (HEAD) in release mode;
#   workplan-lint-system  (language: system) runs the binary of the `make dist` tarball, put on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
version=$(sed -n 's/^ *static let version = "\(.*\)"$/\1/p' Sources/workplan/WorkplanCommand.swift)
tarball=dist/workplan-$version-linux-$(uname -m).tar.gz
[[ -f $tarball ]] || { echo "test-pre-commit: $tarball is missing: run make dist" >&2; exit 1; }
command -v pre-commit >/dev/null || python3 -m pip install --quiet pre-commit
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"

sample() {
  mkdir -p "$work/$1/workplans"
  cp Tests/WorkplanKitTests/Fixtures/CUST-WP-0005.md "$work/$1/workplans/"
  git -C "$work/$1" init -q
}

sample clean
sample broken
sed 's/^status: completed/status: finished/' Tests/WorkplanKitTests/Fixtures/CUST-WP-0005.md > "$work/broken/workplans/CUST-WP-0005.md"
for name in clean broken; do
  git -C "$work/$name" add -A
  git -C "$work/$name" -c user.name=t -c user.email=t@example.com commit -qm sample
done

# The system hook finds `workplan` on PATH: the portable binary, and no other.
mkdir -p "$work/dist"
tar -xzf "$tarball" -C "$work/dist" --strip-components=1
system_path="$work/dist:$PATH"
[[ $(PATH=$system_path command -v workplan) == "$work/dist/workplan" ]]

for hook in workplan-lint workplan-lint-system; do
  (cd "$work/clean" && PATH=$system_path pre-commit try-repo "$repo" "$hook" --all-files)
  echo "$hook: clean sample passed"
  if (cd "$work/broken" && PATH=$system_path pre-commit try-repo "$repo" "$hook" --all-files); then
    echo "$hook: broken sample passed but should have failed" >&2
    exit 1
  fi
  echo "$hook: broken sample failed as expected"
done
