#!/usr/bin/env bash
# What looking beyond the working tree costs `workplan new`: a generated repository of
# CENSUS_SIZE workplans (default 10,000) with CENSUS_BRANCHES branches (default 20) that each add
# one workplan, against the same repository with no other branch. Prints hyperfine's medians
# and checks that the id `new` picks is free on every branch.
set -euo pipefail
size="${CENSUS_SIZE:-10000}"
branches="${CENSUS_BRANCHES:-20}"
source "$(dirname "$0")/setup.sh"
repo="$work/repo"
mkdir -p "$repo" && git -C "$repo" init -q -b main && git -C "$repo" config gc.auto 0
"$generate" "$repo/workplans" "$size" 1
git -C "$repo" add -A && git -C "$repo" -c user.name=b -c user.email=b@e commit -qm corpus
last=$(ls "$repo/workplans" | sort | tail -1)
prefix=${last%%-WP-*}
number=$((10#$(echo "$last" | sed -E 's/^[A-Z]+-WP-([0-9]+).*/\1/')))
for n in $(seq 1 "$branches"); do
  id=$(printf '%s-WP-%04d' "$prefix" $((number + n)))
  git -C "$repo" checkout -q -b "branch-$n" main
  sed -E "s/^id: .*/id: $id/; s/(id: )$prefix-WP-[0-9]+-T/\1$id-T/" "$repo/workplans/$last" | grep -v '^state_hub_' > "$repo/workplans/$id-branch.md"
  git -C "$repo" add -A && git -C "$repo" -c user.name=b -c user.email=b@e commit -qm "branch $n"
done
git -C "$repo" checkout -q main
# A repository that lints (pre-commit, CI) has a lint cache: `new` reads declarations from it.
(cd "$repo" && "$tool" lint >/dev/null)
cp -a "$repo" "$work/alone"
for n in $(seq 1 "$branches"); do git -C "$work/alone" branch -q -D "branch-$n"; done

picked=$(cd "$repo" && "$tool" new --domain bench --title census | sed -E 's/.*\((.*)\)/\1/')
expected=$(printf '%s-WP-%04d' "$prefix" $((number + branches + 1)))
[[ $picked == "$expected" ]] || { echo "census: new picked $picked, expected $expected" >&2; exit 1; }
git -C "$repo" clean -fdq workplans
echo "$size workplans; with $branches branches, new picked $picked (free on every branch)"
hyperfine --runs 10 --warmup 2 --style basic \
  --prepare "git -C $work/alone clean -fdq workplans" -n "new, no other branch" "cd $work/alone && $tool new --domain bench --title census" \
  --prepare "git -C $repo clean -fdq workplans" -n "new, $branches branches" "cd $repo && $tool new --domain bench --title census"
