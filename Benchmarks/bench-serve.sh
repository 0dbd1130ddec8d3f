#!/usr/bin/env bash
# `make bench-serve`: `workplan serve` under load from wrk (Debian's package), on the generated
# 10,000-workplan corpus synced into SQLite and into a PostgreSQL hub on loopback. For each
# store: the first answer (the rows read into memory), requests/s and p99 of the ready tasks and
# of one workstream at 64 connections, the dashboard overview, and the server's peak memory.
# usage: Benchmarks/bench-serve.sh   (BENCH_SERVE_SIZE=1000 for a quick run)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/system-deps.sh
root=$(pwd)
size=${BENCH_SERVE_SIZE:-10000}
duration=${BENCH_SERVE_SECONDS:-10}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
swift build -c release --enable-all-traits --product workplan >/dev/null
swift build -c release --package-path Benchmarks --product generate-corpus >/dev/null
tool=$root/.build/release/workplan
generate=$root/Benchmarks/.build/release/generate-corpus

work=$(mktemp -d)
chmod 755 "$work"
pg_port=$((57000 + RANDOM % 900))
server=
cleanup() {
    [ -z "$server" ] || kill "$server" 2>/dev/null || true
    scripts/pg-cluster.sh stop "$work/pg" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

corpus=$work/corpus
mkdir -p "$corpus" && git -C "$corpus" init -q
printf 'repository: example.com/bench\n' > "$corpus/.workplan.yml"
"$generate" "$corpus/workplans" "$size" 1
(cd "$corpus" && "$tool" sync --no-write-ids >/dev/null)
hub=$(scripts/pg-cluster.sh start "$work/pg" "$pg_port")
(cd "$corpus" && "$tool" sync --no-write-ids --db "$hub" >/dev/null)
workstream=$(ls "$corpus/workplans" | sed -n "$((size / 2))p" | sed 's/\.md$//' | cut -c1-12)

# wrk's summary: requests/s and the 99th percentile in ms.
load() { # url
    wrk -t1 -c64 -d"${duration}s" --latency "$1" | python3 -c '
import re, sys
text = sys.stdin.read()
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", text).groups()
p99 = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"{rate:.0f} {p99:.1f} {errors.group(1) if errors else 0}")'
}

millis() { # url: the time of one request, in ms
    curl -s -o /dev/null -w '%{time_total}' "$1" | python3 -c 'import sys; print(f"{float(sys.stdin.read()) * 1000:.0f}")'
}

printf '%-8s %-34s %10s %9s %8s  %s\n' store measurement value p99-ms non-2xx target
for store in sqlite hub; do
    db=$corpus/.workplan/state.sqlite
    [ "$store" = hub ] && db=$hub
    "$tool" serve --db "$db" --port 0 2> "$work/serve.log" &
    server=$!
    for _ in $(seq 100); do grep -q "serving" "$work/serve.log" && break; sleep 0.1; done
    base=$(sed -n 's/.* on \(http:[^ ]*\)\/$/\1/p' "$work/serve.log")
    first=$(millis "$base/api/v1/summary")
    printf '%-8s %-34s %8s ms %9s %8s  %s\n' "$store" "first answer (rows read)" "$first" "" "" ""
    # Each page once (rendered), then again (kept until the store changes).
    for path in "/" "/?status=active" "/w/example.com%2Fbench/$workstream"; do
        printf '%-8s %-34s %8s ms %9s %8s  %s\n' "$store" "dashboard ${path:0:24}" "$(millis "$base$path")" "" "" \
            "< 200 ms (then $(millis "$base$path") ms)"
    done
    for path in "/api/v1/tasks?ready=true&limit=100" "/api/v1/workstreams/$workstream" "/"; do
        millis "$base$path" >/dev/null
        read -r rate p99 errors < <(load "$base$path")
        printf '%-8s %-34s %8s/s %9s %8s  %s\n' "$store" "${path:0:34}" "$rate" "$p99" "$errors" \
            "≥ 2000/s, p99 < 50 ms"
    done
    peak=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$server/status")
    printf '%-8s %-34s %8s MB %9s %8s  %s\n' "$store" "server peak memory" "$peak" "" "" "< 200 MB"
    kill "$server"
    wait "$server" 2>/dev/null || true
    server=
done
