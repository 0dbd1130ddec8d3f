#!/usr/bin/env bash
# `make hub-demo`: a team hub on this machine. Starts a throwaway PostgreSQL cluster (installing
# Debian's postgresql if needed), syncs this repository and two generated ones into it, and
# prints the hub's status. HUB_KEEP=1 leaves the cluster running and prints how to stop it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/system-deps.sh
root=$(pwd)
swift build --enable-all-traits --product workplan >/dev/null
tool="$root/.build/debug/workplan"

work=$(mktemp -d)
chmod 755 "$work"
url=$(scripts/pg-cluster.sh start "$work/cluster" "${HUB_PORT:-55433}")
if [ -z "${HUB_KEEP:-}" ]; then
    trap 'scripts/pg-cluster.sh stop "$work/cluster" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
fi

# Two more repositories, each with its own workplans (ids may repeat across repositories).
for name in payments mobile-app; do
    repo="$work/$name"
    mkdir -p "$repo/workplans"
    git -C "$repo" init -q
    printf 'repository: example.com/team/%s\n' "$name" > "$repo/.workplan.yml"
    for number in 1 2 3; do
        id=$(printf 'TEAM-WP-%04d' "$number")
        cat > "$repo/workplans/$id.md" <<EOF
---
id: $id
type: workplan
title: "$name: milestone $number"
domain: $name
status: active
created: "2026-11-0$number"
---

# $name: milestone $number

## Phase 1

### Design

\`\`\`task
id: $id-T01
status: done
priority: high
\`\`\`

### Build

\`\`\`task
id: $id-T02
status: $([ "$number" = 1 ] && echo in_progress || echo todo)
priority: medium
depends_on: [$id-T01]
\`\`\`
EOF
    done
done

echo "== hub: $url"
echo "== sync this repository"
"$tool" sync --db "$url"
for name in payments mobile-app; do
    echo "== sync $name"
    (cd "$work/$name" && "$tool" sync --db "$url")
done
echo
"$tool" status --all --db "$url"
if [ -n "${HUB_KEEP:-}" ]; then
    echo
    echo "The hub keeps running: $url"
    echo "Serve it (then open http://127.0.0.1:8080/): $tool serve --db '$url'"
    echo "Stop it with: scripts/pg-cluster.sh stop $work/cluster && rm -rf $work"
fi
