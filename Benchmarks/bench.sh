#!/usr/bin/env bash
# Whole-command timings of workplan on generated corpora, against floors measured in the same run
# on the same corpus: reading every file, inserting as many rows with the sqlite3 tool, and
# writing exactly the rows a cold sync writes (Benchmarks/store_floor.py).
# usage: Benchmarks/bench.sh            (sizes 1000 10000 100000; BENCH_SIZES="1000 10000" to choose)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/system-deps.sh
root=$(pwd)
sizes=${BENCH_SIZES:-"1000 10000 100000"}
runs=${BENCH_RUNS:-5}

need() { command -v "$1" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need hyperfine hyperfine
need sqlite3 sqlite3
need python3 python3
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
# The yardstick (Benchmarks/naive.py) needs PyYAML with its C loader.
python3 -c 'import yaml; yaml.CSafeLoader' 2>/dev/null \
  || python3 -m pip install --quiet --root-user-action=ignore pyyaml
naive="python3 $root/Benchmarks/naive.py"

swift build -c release --enable-all-traits --product workplan >/dev/null
swift build -c release --package-path Benchmarks --product generate-corpus >/dev/null
tool=$root/.build/release/workplan
generate=$root/Benchmarks/.build/release/generate-corpus

work=${BENCH_DIR:-$(mktemp -d)}
chmod 755 "$work"
# The 10,000-workplan corpus is also synced into PostgreSQL on loopback (a throwaway cluster).
pg_port=$((56000 + RANDOM % 1000))
hub="postgres://workplan@127.0.0.1:$pg_port"
pg_started=
trap '[ -z "$pg_started" ] || scripts/pg-cluster.sh stop "$work/pg" >/dev/null 2>&1 || true
      [ -n "${BENCH_KEEP:-}" ] || rm -rf "$work"' EXIT
results=$work/results.tsv
: > "$results"

median() { # hyperfine JSON → median seconds
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$1"
}

measure() { # size name prepare command
  local size=$1 name=$2 prepare=$3 command=$4 json=$work/$size-$2.json
  hyperfine --runs "$runs" --warmup 1 --style none --prepare "$prepare" --export-json "$json" "$command" >/dev/null
  printf '%s\t%s\t%s\n' "$size" "$name" "$(median "$json")" >> "$results"
}

for size in $sizes; do
  corpus=$work/corpus-$size
  echo "== $size workplans" >&2
  rm -rf "$corpus" && mkdir -p "$corpus" && git -C "$corpus" init -q
  # A hub takes only a declared repository.
  printf 'repository: example.com/bench\n' > "$corpus/.workplan.yml"
  "$generate" "$corpus/workplans" "$size" 1
  (cd "$corpus" && "$tool" lint >/dev/null) || { echo "generated corpus does not lint clean" >&2; exit 1; }
  cd "$corpus"
  first=$(ls workplans | sed -n 1p); second=$(ls workplans | sed -n 2p)

  # Floors.
  measure "$size" floor-read "true" "find workplans -name '*.md' -print0 | xargs -0 cat > /dev/null"
  rows=$(( $(grep -c '^```task' -r workplans | awk -F: '{s+=$2} END {print s}') + size ))
  python3 - "$rows" > "$work/inserts.sql" <<'PY'
import sys
n = int(sys.argv[1])
print("PRAGMA journal_mode=WAL; CREATE TABLE t(id TEXT PRIMARY KEY, uuid TEXT UNIQUE, title TEXT, status TEXT, priority TEXT, line INTEGER);")
print("BEGIN;")
for i in range(n):
    print(f"INSERT INTO t VALUES('BN-WP-{i:07d}-T01','{i:08x}-0000-4000-8000-000000000000','Title of task {i}','todo','high',{i});")
print("COMMIT;")
PY
  measure "$size" floor-insert "rm -f $work/floor.sqlite*" "sqlite3 $work/floor.sqlite < $work/inserts.sql"

  # The tool.
  measure "$size" lint "true" "$tool lint"
  measure "$size" sync-cold "rm -rf .workplan" "$tool sync --no-write-ids"
  "$tool" sync --no-write-ids >/dev/null
  # The store floor: the rows this sync wrote, written again with nothing else to do
  # (Benchmarks/store_floor.py times itself; the median of the runs is kept).
  store_floor=$(for _ in $(seq "$runs"); do python3 "$root/Benchmarks/store_floor.py" .workplan/state.sqlite \
    "$work/store-floor.sqlite"; done | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
  printf '%s\t%s\t%s\n' "$size" floor-store "$store_floor" >> "$results"
  rm -f "$work"/store-floor.sqlite*
  measure "$size" sync-noop "true" "$tool sync --no-write-ids"
  if [ "$size" = 10000 ] && [ -z "${BENCH_NO_HUB:-}" ]; then
    (cd "$root" && scripts/pg-cluster.sh start "$work/pg" "$pg_port" >/dev/null) && pg_started=1
    fresh="psql -q '$hub/postgres' -c 'DROP DATABASE IF EXISTS bench' -c 'CREATE DATABASE bench'"
    measure "$size" sync-cold-pg "$fresh" "$tool sync --no-write-ids --db '$hub/bench?sslmode=disable'"
    measure "$size" sync-noop-pg "true" "$tool sync --no-write-ids --db '$hub/bench?sslmode=disable'"
  fi
  # The dashboard of the synced store: into a new folder each run (none deleted in between:
  # see docs/performance.md#dashboard), and rewriting one site.
  measure "$size" dashboard-new-folder "true" "$tool dashboard --out site-\$(date +%s%N)"
  measure "$size" dashboard-rewrite "true" "$tool dashboard --out site"
  printf '%s\t%s\t%s\n' "$size" dashboard-overview-kb "$(( $(stat -c %s site/index.html) / 1024 ))" >> "$results"
  measure "$size" sync-incremental "echo '<!-- touched -->' >> workplans/$first" "$tool sync --no-write-ids"
  # The pre-commit case, with the lint cache the full lints above left (as after any earlier
  # lint), and without it.
  measure "$size" lint-2-files "true" "$tool lint workplans/$first workplans/$second"
  measure "$size" lint-2-files-no-cache "true" "$tool lint --no-cache workplans/$first workplans/$second"
  # What a user would write instead: a check and a load in Python (Benchmarks/naive.py).
  measure "$size" naive-check "true" "$naive check workplans"
  measure "$size" naive-load "rm -f $work/naive.sqlite*" "$naive load workplans $work/naive.sqlite"
  peak() { # size name command...: the peak resident memory of one run, in MB
    local size=$1 name=$2; shift 2
    local kb; kb=$( { /usr/bin/time -f '%M' "$@" >/dev/null; } 2>&1 | tail -1 )
    printf '%s\t%s\t%s\n' "$size" "$name" "$((kb / 1024))" >> "$results"
  }
  rm -rf .workplan
  peak "$size" sync-cold-peak-rss-mb "$tool" sync --no-write-ids
  peak "$size" lint-peak-rss-mb "$tool" lint --no-cache
  peak "$size" naive-check-peak-rss-mb $naive check workplans
  rm -f "$work"/naive.sqlite*
  peak "$size" naive-load-peak-rss-mb $naive load workplans "$work/naive.sqlite"
  cd "$root"
  # Corpora are removed on exit, not here: creating files right after deleting thousands is
  # slow on ext4 for minutes, which the next size's dashboard rows would measure.
done

python3 - "$results" <<'PY'
import sys, collections
rows = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    size, name, value = line.rstrip("\n").split("\t")
    rows[int(size)][name] = float(value)
print(f"{'size':>7}  {'measurement':<21} {'median':>10}  {'× floors':>9}  {'× naive':>8}")
# Each measurement's floor (read, or read + insert) and its counterpart in the naive script.
floors = {"lint": ("floor-read",), "lint-2-files": ("floor-read",), "lint-2-files-no-cache": ("floor-read",)}
naive = {"lint": "naive-check", "sync-cold": "naive-load"}
for size in sorted(rows):
    r = rows[size]
    for name in ["floor-read", "floor-insert", "floor-store", "naive-check", "naive-load", "lint", "sync-cold", "sync-noop",
                 "sync-incremental", "lint-2-files", "lint-2-files-no-cache", "dashboard-new-folder",
                 "dashboard-rewrite"]:
        if name not in r:
            continue
        floor = sum(r.get(part, 0) for part in floors.get(name, ("floor-read", "floor-insert")))
        ratio = f"{r[name] / floor:.2f}" if floor and not name.startswith(("floor", "naive", "dashboard")) else ""
        versus = f"{r[name] / r[naive[name]]:.2f}" if name in naive and r.get(naive[name]) else ""
        print(f"{size:>7}  {name:<21} {r[name]:>9.3f}s  {ratio:>9}  {versus:>8}")
        if name == "sync-cold" and r.get("floor-store"):
            store = r[name] / (r["floor-read"] + r["floor-store"])
            print(f"{size:>7}  {'  × read + store floor':<21} {'':>10}  {store:>9.2f}")
    for name, sqlite in [("sync-cold-pg", "sync-cold"), ("sync-noop-pg", "sync-noop")]:
        if name in r:
            print(f"{size:>7}  {name:<21} {r[name]:>9.3f}s  {r[name] / r[sqlite]:>6.2f} × SQLite")
    if "dashboard-overview-kb" in r:
        print(f"{size:>7}  {'dashboard overview':<21} {int(r['dashboard-overview-kb']):>8} KB")
    for name in ["sync-cold", "lint", "naive-check", "naive-load"]:
        key = name + "-peak-rss-mb"
        if key in r:
            print(f"{size:>7}  {name + ' peak RSS':<21} {int(r[key]):>8} MB")

# The targets (docs/performance.md#targets-make-bench-checks): each with its measured value, its limit and whether
# it is met. A target whose measurements this run did not make is left out.
targets = []
for size, r in sorted(rows.items()):
    def limit(name, value, bound, unit, what):
        targets.append((size, name, value, bound, unit, what))
    if {"lint", "floor-read"} <= r.keys():
        limit("lint", r["lint"] / r["floor-read"], 2.2, "×", "× read floor")
    if {"sync-cold", "floor-read", "floor-store"} <= r.keys():
        limit("sync-cold", r["sync-cold"] / (r["floor-read"] + r["floor-store"]), 1.3, "×", "× (read + store floor)")
    if {"sync-cold-pg", "sync-cold"} <= r.keys():
        limit("sync-cold-pg", r["sync-cold-pg"] / r["sync-cold"], 1.3, "×", "× SQLite's cold sync")
    if {"sync-noop-pg", "sync-noop"} <= r.keys():
        limit("sync-noop-pg", r["sync-noop-pg"] / r["sync-noop"], 2.0, "×", "× SQLite's no-op sync")
    memory = {10000: {"lint": 100, "sync-cold": 150}, 100000: {"lint": 1024, "sync-cold": 1024}}.get(size, {})
    for name, bound in memory.items():
        if name + "-peak-rss-mb" in r:
            limit(name + " peak RSS", r[name + "-peak-rss-mb"], bound, "MB", "MB")
    if size == 100000 and 10000 in rows:
        for name in ["lint", "sync-cold", "sync-noop", "sync-incremental", "sync-cold-pg", "sync-noop-pg",
                     "lint-2-files", "lint-2-files-no-cache", "dashboard-new-folder", "dashboard-rewrite"]:
            if name in r and name in rows[10000]:
                limit(name, r[name] / rows[10000][name], 11.0, "×", "× its 10,000 figure")
if targets:
    print(f"\n{'size':>7}  {'target':<21} {'measured':>9}  {'limit':>7}  {'':<24} result")
    for size, name, value, bound, unit, what in targets:
        shown = f"{value:.0f}" if unit == "MB" else f"{value:.2f}"
        print(f"{size:>7}  {name:<21} {shown:>9}  {bound:>7g}  {what:<24} {'met' if value <= bound else 'MISSED'}")
PY
