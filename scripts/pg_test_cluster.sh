#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the test suite (tests/unit/store runs on it as well as SQLite).
#
#   scripts/pg_test_cluster.sh start        start a fresh cluster, print its URL
#   scripts/pg_test_cluster.sh stop         stop it and delete its directory (a no-op if none)
#   scripts/pg_test_cluster.sh run CMD...   start, run CMD with POLEVENT_TEST_PG_URL set, stop
#                                           (also when CMD fails or is interrupted); CMD's status
#
# The cluster lives in var/pgtest/ inside the clone (git-ignored; $POLEVENT_PGTEST_DIR overrides),
# listens on a unix socket in that directory only (no TCP port, so runs never collide on ports),
# trusts local connections and runs with fsync off: it is for tests, never for data.
# PostgreSQL is installed with apt-get when no initdb is found (Debian `postgresql` package; its
# binaries are in /usr/lib/postgresql/NN/bin, not on PATH). initdb and postgres refuse to run as
# root, so as root (CI) they run as the `postgres` user (or `nobody`) via runuser; the cluster
# directory is owned by that user ($POLEVENT_PGTEST_USER picks another). If that user cannot reach the clone (e.g. under a 0700 home),
# or the socket path would be too long, the cluster goes to a mktemp directory under /tmp instead.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# where the running cluster lives: one record per cluster directory, so runs given different
# $POLEVENT_PGTEST_DIR values never stop each other's clusters
if [ -n "${POLEVENT_PGTEST_DIR:-}" ]; then
    STATE=${POLEVENT_PGTEST_DIR%/}.location
else
    STATE=$ROOT/var/pgtest.location
fi
PORT=5432                         # only names the socket file: there is no TCP listener

log() { printf 'pg_test_cluster: %s\n' "$*" >&2; }

find_bindir() {
    local found
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return
    fi
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$found" ] && [ -x "$found/initdb" ]; then
        echo "$found"
        return
    fi
    return 1
}

ensure_postgres() {
    if find_bindir >/dev/null; then
        return
    fi
    if [ "$(id -u)" -ne 0 ]; then
        log "PostgreSQL is not installed: run 'sudo apt-get install -y postgresql' (Debian/Ubuntu)"
        exit 1
    fi
    log "installing PostgreSQL (apt-get install postgresql) ..."
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    find_bindir >/dev/null || { log "initdb still not found after installing postgresql"; exit 1; }
}

# The user that owns and runs the cluster: ourselves, or (as root) postgres / nobody.
cluster_user() {
    if [ -n "${POLEVENT_PGTEST_USER:-}" ]; then
        echo "$POLEVENT_PGTEST_USER"
    elif [ "$(id -u)" -ne 0 ]; then
        id -un
    elif id postgres >/dev/null 2>&1; then
        echo postgres
    else
        echo nobody
    fi
}

as_owner() {  # as_owner DIR CMD...: run CMD as the cluster user, from DIR
    local dir=$1
    shift
    if [ "$(id -u)" -eq 0 ]; then
        (cd "$dir" && runuser -u "$(cluster_user)" -- "$@")
    else
        (cd "$dir" && "$@")
    fi
}

choose_base() {
    local base=${POLEVENT_PGTEST_DIR:-$ROOT/var/pgtest}
    mkdir -p "$base"
    [ "$(id -u)" -eq 0 ] && chown "$(cluster_user)" "$base"
    # 107 bytes is the unix socket path limit; keep a margin for "/.s.PGSQL.5432".
    if [ ${#base} -gt 80 ] || ! as_owner / test -w "$base"; then
        rm -rf "$base"
        base=$(mktemp -d /tmp/polevent-pgtest.XXXXXX)
        [ "$(id -u)" -eq 0 ] && chown "$(cluster_user)" "$base"
        log "clone not reachable by $(cluster_user) (or path too long): using $base"
    fi
    echo "$base"
}

start() {
    stop
    ensure_postgres
    local bindir base started
    bindir=$(find_bindir)
    started=$(date +%s.%N)
    mkdir -p "$ROOT/var"
    base=$(choose_base)
    echo "$base" >"$STATE"
    as_owner "$base" "$bindir/initdb" -D "$base/data" -U postgres --auth=trust --no-sync \
        --encoding=UTF8 --locale=C.UTF-8 >"$base/initdb.log" 2>&1 \
        || { cat "$base/initdb.log" >&2; log "initdb failed"; exit 1; }
    as_owner "$base" "$bindir/pg_ctl" -D "$base/data" -l "$base/server.log" -w -t 60 start \
        -o "-c listen_addresses='' -k $base -p $PORT -c fsync=off -c synchronous_commit=off \
            -c full_page_writes=off -c max_connections=50" >/dev/null \
        || { cat "$base/server.log" >&2; log "pg_ctl start failed"; exit 1; }
    log "cluster up in $base ($(awk "BEGIN {printf \"%.2f\", $(date +%s.%N) - $started}") s)"
    echo "postgresql://postgres@/postgres?host=$base&port=$PORT"
}

stop() {
    [ -f "$STATE" ] || return 0
    local base bindir
    base=$(cat "$STATE")
    if [ -f "$base/data/postmaster.pid" ] && bindir=$(find_bindir); then
        as_owner / "$bindir/pg_ctl" -D "$base/data" -m immediate -w stop >/dev/null 2>&1 \
            || log "pg_ctl stop failed (see $base/server.log)"
    fi
    rm -rf "$base"
    rm -f "$STATE"
}

run() {
    local url status=0
    url=$(start)
    trap stop EXIT
    trap 'exit 130' INT TERM
    POLEVENT_TEST_PG_URL=$url "$@" || status=$?
    return "$status"
}

case ${1:-} in
start) start ;;
stop) stop ;;
run)
    shift
    [ $# -gt 0 ] || { log "usage: $0 run CMD..."; exit 2; }
    run "$@"
    ;;
*)
    echo "usage: $0 start|stop|run CMD..." >&2
    exit 2
    ;;
esac
