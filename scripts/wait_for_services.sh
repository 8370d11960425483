#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) answer, for CI and for
# running the suite against real services on a developer machine.
#
#   scripts/wait_for_services.sh           wait (bounded) until both answer
#   scripts/wait_for_services.sh --start   start a service that does not answer, then wait
#
# PG_HOST/PG_PORT/REDIS_HOST/REDIS_PORT override the addresses; WAIT_SECONDS (default 30)
# bounds the wait for each service.
set -euo pipefail

PG_HOST="${PG_HOST:-127.0.0.1}"
PG_PORT="${PG_PORT:-5432}"
REDIS_HOST="${REDIS_HOST:-127.0.0.1}"
REDIS_PORT="${REDIS_PORT:-6379}"
WAIT_SECONDS="${WAIT_SECONDS:-30}"
start=false
[ "${1:-}" = "--start" ] && start=true

tcp_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

postgres_answers() {
    if command -v pg_isready >/dev/null 2>&1; then
        pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 2
    else
        tcp_open "$PG_HOST" "$PG_PORT"
    fi
}

redis_answers() {
    if command -v redis-cli >/dev/null 2>&1; then
        [ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]
    else
        tcp_open "$REDIS_HOST" "$REDIS_PORT"
    fi
}

start_postgres() {
    if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! [ -d /etc/postgresql ]; then
        echo "PostgreSQL is not installed (Debian: apt-get install postgresql)." >&2
        return 1
    fi
    echo "Starting PostgreSQL ..."
    # shellcheck disable=SC2046  # one cluster version directory, as on Debian
    pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start || true
}

start_redis() {
    if ! command -v redis-server >/dev/null 2>&1; then
        echo "Redis is not installed (Debian: apt-get install redis-server)." >&2
        return 1
    fi
    echo "Starting Redis ..."
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no
}

wait_for() { # name, check function
    local name="$1" check="$2" i
    for ((i = 0; i < WAIT_SECONDS; i++)); do
        if "$check"; then
            echo "$name answers."
            return 0
        fi
        sleep 1
    done
    echo "$name does not answer after ${WAIT_SECONDS}s." >&2
    return 1
}

if ! postgres_answers; then
    if $start; then start_postgres; fi
    wait_for "PostgreSQL at $PG_HOST:$PG_PORT" postgres_answers
else
    echo "PostgreSQL at $PG_HOST:$PG_PORT answers."
fi

if ! redis_answers; then
    if $start; then start_redis; fi
    wait_for "Redis at $REDIS_HOST:$REDIS_PORT" redis_answers
else
    echo "Redis at $REDIS_HOST:$REDIS_PORT answers."
fi
