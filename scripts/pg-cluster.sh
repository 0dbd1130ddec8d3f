#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on a loopback port, in a folder of its own.
#   scripts/pg-cluster.sh start DIR [PORT]   initdb (if needed) and start (on PORT or one of the next
#                                            four); prints the URL to use
#   scripts/pg-cluster.sh stop DIR           stop it (the folder stays; remove it yourself)
# Installs Debian's postgresql when initdb is missing. As root, the cluster runs as the
# `postgres` user (PostgreSQL refuses to run as root).
set -euo pipefail
command=${1:?usage: pg-cluster.sh start|stop DIR [PORT]}
dir=${2:?usage: pg-cluster.sh start|stop DIR [PORT]}
port=${3:-55432}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "installing postgresql from Debian's packages" >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case $command in
start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then
        as_owner "$bin/initdb" -D "$dir" -U workplan --auth=trust --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null
        # `workplan` (the superuser) connects without a password; every other role needs its
        # password (SCRAM), so that wrong credentials can be tested.
        printf '%s\n' 'local all all trust' 'host all workplan 127.0.0.1/32 trust' \
            'host all all 127.0.0.1/32 scram-sha-256' > "$dir/pg_hba.conf"
        # TLS with a self-signed certificate, so that sslmode can be tested (plain connections
        # are still accepted).
        as_owner openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
            -keyout "$dir/server.key" -out "$dir/server.crt" 2>/dev/null
        chmod 600 "$dir/server.key"
        printf '%s\n' "ssl = on" "ssl_cert_file = 'server.crt'" "ssl_key_file = 'server.key'" >> "$dir/postgresql.conf"
    fi
    # A port another process took meanwhile: the next ones are tried; the log says why on failure.
    for attempt in 1 2 3 4 5; do
        if as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
            -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null; then
            echo "postgres://workplan@127.0.0.1:$port/postgres?sslmode=disable"
            exit 0
        fi
        echo "pg-cluster: the server did not start on port $port (attempt $attempt); its log ends:" >&2
        tail -n 5 "$dir/server.log" >&2 || true
        port=$((port + 1))
    done
    exit 1
    ;;
stop)
    as_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
    ;;
*)
    echo "usage: pg-cluster.sh start|stop DIR [PORT]" >&2
    exit 2
    ;;
esac
