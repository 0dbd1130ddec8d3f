#!/usr/bin/env bash
# `make hub-check`: a hub with HUB_REPOS repositories (default 50) of HUB_WORKPLANS workplans
# each (default 200, 10 tasks each), synced in a loop, four repositories at a time:
#   round 1, every repository syncs into an empty hub;
#   round 2, one task of each repository is marked done, and each syncs again;
#   round 3, nothing changed: every sync reports no change.
# After each round `status --all --format json` must show every repository with its own counts.
# Uses WORKPLAN_TEST_POSTGRES_URL's server when set, else a throwaway cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/system-deps.sh
root=$(pwd)
repos=${HUB_REPOS:-50}
workplans=${HUB_WORKPLANS:-200}
swift build --enable-all-traits --product workplan >/dev/null
tool="$root/.build/debug/workplan"

work=$(mktemp -d)
chmod 755 "$work"
if [ -n "${WORKPLAN_TEST_POSTGRES_URL:-}" ]; then
    server=${WORKPLAN_TEST_POSTGRES_URL%%\?*}
    server=${server%/*}
    trap 'rm -rf "$work"' EXIT
else
    server=$(scripts/pg-cluster.sh start "$work/cluster" $((57000 + RANDOM % 1000)))
    server=${server%%\?*}
    server=${server%/*}
    trap 'scripts/pg-cluster.sh stop "$work/cluster" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
fi
database="hub_load_$$"
psql -q "$server/postgres" -c "CREATE DATABASE $database"
hub="$server/$database?sslmode=disable"

python3 - "$work" "$repos" "$workplans" <<'PY'
import os, sys
work, repos, workplans = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for r in range(1, repos + 1):
    folder = f"{work}/repo-{r:02d}/workplans"
    os.makedirs(folder)
    with open(f"{work}/repo-{r:02d}/.workplan.yml", "w") as f:
        f.write(f"repository: example.com/team/repo-{r:02d}\n")
    for w in range(1, workplans + 1):
        wid = f"HUB-WP-{w:04d}"
        text = [f"---\nid: {wid}\ntype: workplan\ntitle: \"Repository {r}, workplan {w}\"\n"
                f"domain: domain-{w % 5}\nstatus: active\ncreated: \"2026-11-01\"\n---\n\n# Workplan {w}\n\n## Phase 1\n"]
        for t in range(1, 11):
            status = "done" if t <= 3 else "todo"
            text.append(f"\n### Task {t}\n\n```task\nid: {wid}-T{t:02d}\nstatus: {status}\npriority: medium\n```\n")
        with open(f"{folder}/{wid}.md", "w") as f:
            f.write("".join(text))
PY
for r in $(seq -f '%02g' 1 "$repos"); do git -C "$work/repo-$r" init -q; done

sync_all() { # round: every repository, four at a time; any failure fails the round
    ls -d "$work"/repo-* | xargs -P 4 -I{} sh -c 'cd "$1" && "$2" sync --db "$3" --format json > sync.json' _ {} "$tool" "$hub"
}

check() { # round expected-done-per-repository expected-changes-per-repository
    "$tool" status --all --db "$hub" --format json > "$work/status.json"
    python3 - "$work" "$repos" "$workplans" "$2" "$3" "$1" <<'PY'
import glob, json, sys
work, repos, workplans, done, changes, round_ = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
hub = json.load(open(f"{work}/status.json"))
assert len(hub) == repos, f"round {round_}: {len(hub)} repositories, {repos} expected"
for repository in hub:
    workstreams = sum(d["workstreams"] for d in repository["domains"])
    finished = sum(d["done_tasks"] for d in repository["domains"])
    assert workstreams == workplans, f"{repository['repository']}: {workstreams} workstreams"
    assert finished == done, f"round {round_}: {repository['repository']}: {finished} done tasks, {done} expected"
for path in glob.glob(f"{work}/repo-*/sync.json"):
    report = json.load(open(path))
    count = len(report["changes"])
    assert count == changes, f"round {round_}: {path}: {count} changes, {changes} expected"
print(f"round {round_}: {repos} repositories, {workplans} workstreams and {done} done tasks each, {changes} changes per sync")
PY
}

start=$(date +%s%N)
sync_all
check 1 $((workplans * 3)) $((workplans * 11))
echo "  $(( ($(date +%s%N) - start) / 1000000 )) ms"
for r in $(seq -f '%02g' 1 "$repos"); do
    sed -i 's/^status: todo$/status: done/;' "$work/repo-$r/workplans/HUB-WP-0001.md" # every todo of one file
done
start=$(date +%s%N)
sync_all
check 2 $((workplans * 3 + 7)) 8
echo "  $(( ($(date +%s%N) - start) / 1000000 )) ms"
start=$(date +%s%N)
sync_all
check 3 $((workplans * 3 + 7)) 0
echo "  $(( ($(date +%s%N) - start) / 1000000 )) ms"
psql -q "$server/postgres" -c "DROP DATABASE $database" || true
