#!/usr/bin/env bash
# Crash consistency of `workplan renumber`: kills it with SIGKILL at random moments, CRASH_KILLS
# times (default 100), on a tree where 40 workplans refer to the renumbered one, and checks after
# each kill that `workplan doctor --fix` finishes the job (a killed write may leave a hidden
# `.NAME.workplan-PID-N.tmp` file, as docs/reliability.md says; it is not read): the tree then lints clean and either
# nothing was renumbered (the kill came before the journal) or everything was (no file declares
# or refers to the old id, the file is renamed, no journal is left).
# Usage: scripts/crash-renumber.sh PATH-TO-WORKPLAN-BINARY
set -euo pipefail
binary="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
kills="${CRASH_KILLS:-100}"
RANDOM="${CRASH_SEED:-$$}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$binary" "$work/workplan"
binary="$work/workplan"

mkdir -p "$work/template/workplans"
workplan() { # id title depends-on
  printf -- '---\nid: %s\ntype: workplan\ntitle: "%s"\ndomain: testing\nstatus: active\ncreated: "2026-03-01"\ndepends_on: [%s]\n---\n\n# %s\n\n## Dependencies\n\n- Depends on: `%s`\n\n## Phase 1\n\n### P1.1 — One\n\n```task\nid: %s-T01\nstatus: todo\ndepends_on: [%s-T01]\n```\n' \
    "$1" "$2" "$3" "$2" "$3" "$1" "$3"
}
printf -- '---\nid: TEST-WP-0001\ntype: workplan\ntitle: "Target"\ndomain: testing\nstatus: active\ncreated: "2026-03-01"\n---\n\n# Target\n\n## Phase 1\n\n### P1.1 — One\n\n```task\nid: TEST-WP-0001-T01\nstatus: todo\n```\n' \
  > "$work/template/workplans/TEST-WP-0001-target.md"
for n in $(seq 2 41); do
  id=$(printf 'TEST-WP-%04d' "$n")
  workplan "$id" "Dependent $n" TEST-WP-0001 > "$work/template/workplans/$id-dependent.md"
done

landed=0 before=0 after=0
for _ in $(seq 1 "$kills"); do
  rm -rf "$work/run" && cp -a "$work/template" "$work/run"
  (cd "$work/run" && exec "$binary" renumber TEST-WP-0001 TEST-WP-0099 >/dev/null 2>&1) &
  pid=$!
  sleep "0.0$((20 + RANDOM % 80))"
  kill -9 "$pid" 2>/dev/null && landed=$((landed + 1)) || true
  wait "$pid" 2>/dev/null || true
  (cd "$work/run" && "$binary" doctor --fix >/dev/null) || { echo "crash-renumber: doctor --fix failed" >&2; exit 1; }
  (cd "$work/run" && "$binary" lint >/dev/null) || { echo "crash-renumber: the tree does not lint clean" >&2; exit 1; }
  [[ ! -e $work/run/.workplan/renumber.json ]] || { echo "crash-renumber: a journal is left" >&2; exit 1; }
  old=$( (grep -rl --exclude='.*' 'TEST-WP-0001' "$work/run/workplans" || true) | wc -l)
  new=$( (grep -rl --exclude='.*' 'TEST-WP-0099' "$work/run/workplans" || true) | wc -l)
  if [[ $old == 41 && $new == 0 ]]; then
    before=$((before + 1))
  elif [[ $old == 0 && $new == 41 && -e $work/run/workplans/TEST-WP-0099-target.md ]]; then
    after=$((after + 1))
  else
    echo "crash-renumber: half renumbered after doctor --fix: $old files name the old id, $new the new" >&2
    cp -a "$work/run" /tmp/crash-renumber-failure
    exit 1
  fi
done
echo "crash-renumber: $kills runs, $landed killed mid-run; afterwards $before untouched, $after renumbered, none half"
