#!/usr/bin/env bash
# Crash consistency: kills `workplan sync` (writing ids back) and `workplan close` (carrying tasks
# forward) with SIGKILL at random moments, CRASH_KILLS times (default 200), and checks after each:
#   - the store passes PRAGMA integrity_check;
#   - every workplan is byte-identical to its state before the run or to its state after it (never
#     partial), and no temporary file is left under a workplan's name;
#   - running the command again completes, and the store then equals a clean run's.
# Usage: scripts/crash-test.sh PATH-TO-WORKPLAN-BINARY
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
binary="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
kills="${CRASH_KILLS:-200}"
files="${CRASH_FILES:-60}"
seed="${CRASH_SEED:-$$}"
RANDOM=$seed

if ! command -v sqlite3 >/dev/null; then
    echo "crash-test: installing sqlite3"
    { apt-get update -qq && apt-get install -y -qq sqlite3; } >/dev/null
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A copy, so that a rebuild during the run does not change the binary under test.
cp "$binary" "$work/workplan"
binary="$work/workplan"
fail() { echo "crash-test: FAIL (kill $landed, $1): $2" >&2; cp -a "$work/run" "$root/.build/crash-test-failure" 2>/dev/null || true; exit 1; }

# A store's content without the times it was written at.
dump() {
    sqlite3 "$1" "
        SELECT id, uuid, title, domain, status, owner, topic_slug, created, updated, completed, path, content_hash,
               removed_at IS NULL, source, fingerprint FROM workstreams ORDER BY id;
        SELECT id, uuid, workstream_id, title, phase, status, priority, carried_to, position, line, description,
               source, removed_at IS NULL, fingerprint FROM tasks ORDER BY id;
        SELECT from_id, to_id, kind, uuid FROM dependencies ORDER BY 1, 2, 3;
        SELECT * FROM domains ORDER BY slug;
        SELECT * FROM edited_workstreams ORDER BY 1;"
}
# A file without the store ids sync writes, and the number of those ids.
stripped() { grep -v -E '^[[:space:]]*state_hub_(task|workstream)_id: ' "$1" || true; }
id_count() { grep -c -E '^[[:space:]]*state_hub_(task|workstream)_id: ' "$1" || true; }

# --- The corpus: seed-shaped workplans without store ids (every fourth one with CRLF), plus an
# open workplan and a target for carry-forward.
pristine="$work/pristine"
mkdir -p "$pristine/workplans"
git -C "$pristine" init -q
for number in $(seq 1 "$files"); do
    name="$(printf 'CRASH-WP-%04d' "$number")"
    sed -e "s/CUST-WP-0005/$name/g" -e '/^[[:space:]]*state_hub_\(task\|workstream\)_id: /d' \
        "$root/Tests/WorkplanKitTests/Fixtures/CUST-WP-0005.md" > "$pristine/workplans/$name.md"
    if (( number % 4 == 0 )); then sed -i 's/$/\r/' "$pristine/workplans/$name.md"; fi
done
cp "$root/Tests/WorkplanKitTests/Fixtures/closure/TEST-WP-0010.md" "$root/Tests/WorkplanKitTests/Fixtures/closure/TEST-WP-0011.md" "$pristine/workplans/"
close_args=(close TEST-WP-0010 --carry-forward-to TEST-WP-0011 --date 2026-03-02)

# --- References: a clean sync, and a clean close after it (with its own sync of the changed files).
now_ms() { date +%s%3N; }
reference_sync="$work/reference-sync"
cp -a "$pristine" "$reference_sync"
start=$(now_ms); (cd "$reference_sync" && "$binary" sync >/dev/null); sync_ms=$(( $(now_ms) - start ))
reference_close="$work/reference-close"
cp -a "$reference_sync" "$reference_close"
start=$(now_ms); (cd "$reference_close" && "$binary" "${close_args[@]}" >/dev/null); close_ms=$(( $(now_ms) - start ))
echo "crash-test: $((files + 2)) workplans; a clean sync takes ${sync_ms} ms, a clean close ${close_ms} ms; seed $seed"

# Every file of the run is its state before, or its state after the whole command (ids included).
check_files() { # MODE BEFORE-FOLDER AFTER-FOLDER
    local name before after current
    for before in "$2"/workplans/*.md; do
        name="$(basename "$before")"
        current="$work/run/workplans/$name"
        after="$3/workplans/$name"
        [[ -f "$current" ]] || fail "$1" "$name is missing"
        cmp -s "$current" "$before" && continue
        changed=$((changed + 1))
        if [[ "$(stripped "$current")" != "$(stripped "$after")" ]]; then fail "$1" "$name is neither its state before nor after"; fi
        local count; count="$(id_count "$current")"
        if [[ "$count" != "$(id_count "$after")" && "$count" != "$(id_count "$before")" ]]; then
            fail "$1" "$name has $count store ids: a partial write"
        fi
    done
    local extra
    extra="$(cd "$work/run/workplans" && ls -A | grep -v -x -F -f <(cd "$2/workplans" && ls -A) | grep -v -E '^\..*\.workplan-[0-9]+-[0-9]+\.tmp$' || true)"
    [[ -z "$extra" ]] || fail "$1" "unexpected files under workplans/: $extra"
}

landed=0; finished=0; temporary=0; between=0
while (( landed < kills )); do
    if (( RANDOM % 3 == 0 )); then mode=close; source="$reference_sync"; after="$reference_close"; limit=$close_ms
    else mode=sync; source="$pristine"; after="$reference_sync"; limit=$sync_ms; fi
    rm -rf "$work/run"; cp -a "$source" "$work/run"
    delay=$(( (RANDOM * 32768 + RANDOM) % (limit * 11 / 10 + 1) ))
    if [[ $mode == sync ]]; then (cd "$work/run" && exec "$binary" sync >/dev/null 2>&1) &
    else (cd "$work/run" && exec "$binary" "${close_args[@]}" >/dev/null 2>&1) & fi
    pid=$!
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    if kill -KILL "$pid" 2>/dev/null; then landed=$((landed + 1)); else finished=$((finished + 1)); fi
    wait "$pid" 2>/dev/null || true

    database="$work/run/.workplan/state.sqlite"
    if [[ -f "$database" ]]; then
        result="$(sqlite3 "$database" 'PRAGMA integrity_check' 2>&1)"
        [[ "$result" == ok ]] || fail "$mode" "integrity_check: $result"
    fi
    changed=0
    check_files "$mode" "$source" "$after"
    if [[ $mode == sync ]] && (( changed > 0 && changed < files )); then between=$((between + 1)); fi
    if [[ $mode == close ]] && (( changed == 1 )); then
        between=$((between + 1))
        # The target is written first, so that running the close again can finish it.
        cmp -s "$work/run/workplans/TEST-WP-0010.md" "$source/workplans/TEST-WP-0010.md" \
            || fail "$mode" "the closed workplan was written before its carry-forward target"
    fi
    temporary=$(( temporary + $(find "$work/run/workplans" -name '.*.tmp' | wc -l) ))

    # Recovery: the same command again, then a sync; the files must be in their final state.
    if [[ $mode == close ]]; then (cd "$work/run" && "$binary" "${close_args[@]}" >/dev/null) || fail "$mode" "close again failed"; fi
    (cd "$work/run" && "$binary" sync >/dev/null) || fail "$mode" "the next sync failed"
    for final in "$after"/workplans/*.md; do
        current="$work/run/workplans/$(basename "$final")"
        [[ "$(stripped "$current")" == "$(stripped "$final")" && "$(id_count "$current")" == "$(id_count "$final")" ]] \
            || fail "$mode" "$(basename "$final") differs from a clean run's after recovery"
    done
    # The recovered store equals a clean sync of the same files into an empty store.
    rm -rf "$work/clean"; mkdir -p "$work/clean"; cp -a "$work/run/workplans" "$work/run/.git" "$work/clean/"
    (cd "$work/clean" && "$binary" sync >/dev/null) || fail "$mode" "a clean sync failed"
    [[ "$(dump "$database")" == "$(dump "$work/clean/.workplan/state.sqlite")" ]] || fail "$mode" "the recovered store differs from a clean run's"
    if (( (landed + finished) % 25 == 0 )); then echo "crash-test: $landed kills landed, $finished runs finished first"; fi
done
echo "crash-test: passed: $landed kills landed mid-run ($finished runs finished before their kill);" \
    "$between left some files written and others not; $temporary temporary files left by kills, none under a workplan name"
