#!/usr/bin/env bash
# Whole-command timings of workplan on generated corpora, against two floors measured in the same
# run on the same corpus: reading every file, and inserting as many rows with the sqlite3 tool.
# usage: Benchmarks/bench.sh            (sizes 1000 10000 100000; BENCH_SIZES="1000 10000" to choose)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
sizes=${BENCH_SIZES:-"1000 10000 100000"}
runs=${BENCH_RUNS:-5}

need() { command -v "$1" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need hyperfine hyperfine
need sqlite3 sqlite3
need python3 python3
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

swift build -c release --product workplan >/dev/null
swift build -c release --package-path Benchmarks --product generate-corpus >/dev/null
tool=$root/.build/release/workplan
generate=$root/Benchmarks/.build/release/generate-corpus

work=${BENCH_DIR:-$(mktemp -d)}
trap '[ -n "${BENCH_KEEP:-}" ] || rm -rf "$work"' EXIT
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
  measure "$size" sync-noop "true" "$tool sync --no-write-ids"
  measure "$size" sync-incremental "echo '<!-- touched -->' >> workplans/$first" "$tool sync --no-write-ids"
  # The pre-commit case, with the lint cache the full lints above left (as after any earlier
  # lint), and without it.
  measure "$size" lint-2-files "true" "$tool lint workplans/$first workplans/$second"
  measure "$size" lint-2-files-no-cache "true" "$tool lint --no-cache workplans/$first workplans/$second"
  rm -rf .workplan
  peak=$( { /usr/bin/time -f '%M' "$tool" sync --no-write-ids >/dev/null; } 2>&1 | tail -1 )
  printf '%s\t%s\t%s\n' "$size" "sync-cold-peak-rss-mb" "$((peak / 1024))" >> "$results"
  cd "$root"
  [ -n "${BENCH_KEEP:-}" ] || rm -rf "$corpus"
done

python3 - "$results" <<'PY'
import sys, collections
rows = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    size, name, value = line.rstrip("\n").split("\t")
    rows[int(size)][name] = float(value)
print(f"{'size':>7}  {'measurement':<21} {'median':>10}  {'× (read+insert floor)':>22}")
for size in sorted(rows):
    r = rows[size]
    floor = r.get("floor-read", 0) + r.get("floor-insert", 0)
    for name in ["floor-read", "floor-insert", "lint", "sync-cold", "sync-noop", "sync-incremental", "lint-2-files", "lint-2-files-no-cache"]:
        if name in r:
            ratio = f"{r[name] / floor:.1f}" if floor and not name.startswith("floor") else ""
            print(f"{size:>7}  {name:<21} {r[name]:>9.3f}s  {ratio:>22}")
    if "sync-cold-peak-rss-mb" in r:
        print(f"{size:>7}  {'sync-cold peak RSS':<21} {int(r['sync-cold-peak-rss-mb']):>8} MB")
PY
