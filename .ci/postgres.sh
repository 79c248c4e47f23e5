# Sourced by .ci/run: starts a throwaway PostgreSQL 15 cluster on a unix socket in a temp dir
# and exports VEEDOR_TEST_DATABASE_URL. The cluster is stopped and removed on exit.
set -euo pipefail

pg_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
    if [ -z "$dir" ]; then
        echo "installing PostgreSQL server" >&2
        apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    fi
    echo "$dir"
}

PG_BIN=$(pg_bin)
PG_DIR=$(mktemp -d /tmp/veedor-pg.XXXXXX)
as_pg() {
    if [ "$(id -u)" = 0 ]; then
        su postgres -s /bin/sh -c "$*"
    else
        sh -c "$*"
    fi
}
if [ "$(id -u)" = 0 ]; then chown postgres "$PG_DIR"; fi
as_pg "'$PG_BIN/initdb' -D '$PG_DIR/data' -U postgres -A trust --locale=C.UTF-8 --encoding=UTF8" >/dev/null
as_pg "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -l '$PG_DIR/log' -w -o \"-k $PG_DIR -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start" >/dev/null
stop_postgres() {
    as_pg "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -m immediate stop" >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
}
trap stop_postgres EXIT
export VEEDOR_TEST_DATABASE_URL="postgresql:///postgres?host=$PG_DIR&user=postgres"
echo "PostgreSQL running at $VEEDOR_TEST_DATABASE_URL" >&2
