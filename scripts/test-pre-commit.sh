#!/usr/bin/env bash
# Runs this repository's pre-commit hook with the real pre-commit framework (`pre-commit try-repo`)
# on two sample repositories: a clean one must pass, a broken one must fail.
# try-repo uses the committed state of this repository (HEAD); it builds the tool in release mode.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
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

(cd "$work/clean" && pre-commit try-repo "$repo" workplan-lint --all-files)
echo "clean sample passed"
if (cd "$work/broken" && pre-commit try-repo "$repo" workplan-lint --all-files); then
  echo "broken sample passed but should have failed" >&2
  exit 1
fi
echo "broken sample failed as expected"
