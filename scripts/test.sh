#!/usr/bin/env bash
# `make test`: every test, built with the PostgreSQL trait. The hub tests need a server: unless
# WORKPLAN_TEST_POSTGRES_URL names one, a throwaway cluster is started on a loopback port when
# PostgreSQL is installed, or always under CI=true (installing Debian's postgresql), and stopped
# at the end. Without a server the hub tests say so and pass; under CI=true they fail instead.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/system-deps.sh
if [ -z "${WORKPLAN_TEST_POSTGRES_URL:-}" ]; then
    if [ "${CI:-}" = true ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
        cluster=$(mktemp -d)
        chmod 755 "$cluster"
        trap 'scripts/pg-cluster.sh stop "$cluster/data" 2>/dev/null || true; rm -rf "$cluster"' EXIT
        WORKPLAN_TEST_POSTGRES_URL=$(scripts/pg-cluster.sh start "$cluster/data" $((55000 + RANDOM % 1000)))
        export WORKPLAN_TEST_POSTGRES_URL
    fi
fi
swift test --enable-all-traits "$@"
