#!/usr/bin/env bash
# The load test (issue #7): a voting phase opens and many residents vote, comment and
# browse at once, against the site as it runs in production — gunicorn, PostgreSQL, Redis,
# a real Celery worker and beat, SMTP — on this machine.
#
#   scripts/loadtest.sh      the full form: 200 residents for 5 minutes (README, "Load test")
#   scripts/loadtest.sh --users 20 --spawn-rate 20 --run-time 25s --wait 1,2
#                            the short form, in .ci/run
#
# Options (each also as an environment variable, e.g. LOADTEST_USERS=50):
#   --users N          simulated residents at once (default 200)
#   --spawn-rate R     users started per second (default 10)
#   --run-time T       how long the load lasts, locust's format: 40s, 5m (default 5m)
#   --ideas N          ideas in the voting-phase project (default 60)
#   --web-workers N    gunicorn worker processes (default 3, as docker-compose.yml)
#   --wait MIN,MAX     seconds a resident reads before the next action (default 5,15)
#   --out DIR          where the run's files go (default var/loadtest)
#   --scenario S       ideas (default: the voting phase above) or ballots: a Bürgerbudget
#                      in its voting phase, --voters verified residents cast their ballots
#                      through the API as fast as --users at once can (loadtest/
#                      prepare_ballots.py, ballots_locustfile.py, verify_ballots.py);
#                      --run-time is then the upper bound, the run ends when all voted
#   --voters N         voters of the ballots scenario (default 10000)
#   LOADTEST_DB, LOADTEST_REDIS_DB (environment only): the database and the Redis
#                      database the run empties and uses (default jena_load and 11)
#   LOADTEST_TEMPLATE_DB (environment only): a migrated empty database the run's
#                      database is copied from (CI: its own); default: a new one
#
# What it does: a fresh database jena_load (migrations, the Jena demo data of `make run`,
# then loadtest/prepare.py: a voting-phase project, one verified resident per user, who
# follow ideas so that comments are mailed); Redis database 11, flushed; an SMTP sink
# (loadtest/smtp_sink.py); gunicorn with loadtest/settings.py (the production settings
# over plain HTTP, static files without collectstatic); `celery worker` and `celery beat`;
# then locust headless (loadtest/locustfile.py) and loadtest/verify.py, which waits for
# the worker to send what is pending and checks counters, rows and mails. Prints the
# table of requests per page with p50/p95/p99; exits non-zero if a check fails.
# Everything it starts is stopped when it ends, also on failure or Ctrl+C.
#
# Needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust) and Redis at 127.0.0.1:6379
# (scripts/wait_for_services.sh --start starts them), and `make setup`.
set -euo pipefail
cd "$(dirname "$0")/.."

USERS="${LOADTEST_USERS:-200}"
SPAWN_RATE="${LOADTEST_SPAWN_RATE:-10}"
RUN_TIME="${LOADTEST_RUN_TIME:-5m}"
IDEAS="${LOADTEST_IDEAS:-60}"
WEB_WORKERS="${LOADTEST_WEB_WORKERS:-3}"
WAIT="${LOADTEST_WAIT:-5,15}"
OUT="${LOADTEST_OUT:-var/loadtest}"
SCENARIO="${LOADTEST_SCENARIO:-ideas}"
VOTERS="${LOADTEST_VOTERS:-10000}"
while [ $# -gt 0 ]; do
    case "$1" in
        --users) USERS="$2"; shift 2 ;;
        --spawn-rate) SPAWN_RATE="$2"; shift 2 ;;
        --run-time) RUN_TIME="$2"; shift 2 ;;
        --ideas) IDEAS="$2"; shift 2 ;;
        --web-workers) WEB_WORKERS="$2"; shift 2 ;;
        --wait) WAIT="$2"; shift 2 ;;
        --out) OUT="$2"; shift 2 ;;
        --scenario) SCENARIO="$2"; shift 2 ;;
        --voters) VOTERS="$2"; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

VENV="${VENV:-.venv}"
PY="$VENV/bin/python"
# Where a run writes: its own database and Redis database, so that two runs (CI runs
# both scenarios at once) never meet.
DB="${LOADTEST_DB:-jena_load}"
REDIS_DB="${LOADTEST_REDIS_DB:-11}"
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
WEB_PORT="$(free_port)"
SMTP_PORT="$(free_port)"
BASE="http://127.0.0.1:$WEB_PORT"

# allauth allows 30 sign-ins a minute from one address, and every simulated user comes
# from 127.0.0.1: a tenth of the users (at most 20) sign in through the form, the others
# bring a session (see loadtest/prepare.py).
FORM_LOGINS=$(( USERS / 10 < 20 ? USERS / 10 : 20 ))

# The production settings (DEBUG off) with the load test's few changes; nothing of the
# caller's environment decides where the run writes or mails.
export DJANGO_SETTINGS_MODULE=loadtest.settings
export DEBUG=false
export SECRET_KEY="loadtest-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export REDIS_URL="redis://127.0.0.1:6379/$REDIS_DB"
export EMAIL_URL="smtp://127.0.0.1:$SMTP_PORT"
export ALLOWED_HOSTS="127.0.0.1,localhost"
export SITE_URL="$BASE"
export LOG_LEVEL=WARNING
export PYTHONUNBUFFERED=1
unset CSRF_TRUSTED_ORIGINS RATE_LIMIT_IDEAS RATE_LIMIT_COMMENTS RATE_LIMIT_REPORTS \
    RATE_LIMIT_VOTES API_THROTTLE_ANON API_THROTTLE_USER API_THROTTLE_WRITE

started=$SECONDS
step() { printf '\n--- %s (%ss)\n' "$*" "$((SECONDS - started))"; }

# The run's folder is emptied first: only one that an earlier run made (its marker file).
if [ -d "$OUT" ] && [ -n "$(ls -A "$OUT")" ] && [ ! -f "$OUT/.loadtest-run" ]; then
    echo "refusing to empty $OUT: not a folder of an earlier load test (choose --out)" >&2
    exit 2
fi
rm -rf "$OUT"
mkdir -p "$OUT/static"
touch "$OUT/.loadtest-run"
OUT="$(cd "$OUT" && pwd)"
# Empty: static files come from their source folders (loadtest/settings.py).
export STATIC_ROOT="$OUT/static"

pids=()
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    for pid in "${pids[@]}"; do
        # Each was started in a session of its own: stop the whole group (gunicorn's and
        # celery's children too), gently first.
        kill -TERM -- "-$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL -- "-$pid" 2>/dev/null || true
    done
    if [ $rc -ne 0 ]; then
        echo "LOAD TEST FAILED (exit $rc). Logs: $OUT/*.log" >&2
        for log in "$OUT"/{web,worker,beat,smtp,locust}.log; do
            [ -s "$log" ] && { echo "--- last lines of $log" >&2; tail -n 15 "$log" >&2; }
        done
    fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME COMMAND...: in the background, in a session of its own, output to NAME.log.
start() {
    local name="$1"; shift
    setsid "$@" >"$OUT/$name.log" 2>&1 &
    pids+=("$!")
}

# run COMMAND...: in the foreground as far as the output goes, but started like the
# services and waited for with `wait`, which a signal interrupts (bash runs a trap only
# after a foreground command ends), so Ctrl+C or a TERM stops everything at once.
run() {
    setsid "$@" &
    local pid=$!
    pids+=("$pid")
    wait "$pid"
}

answers() {  # answers URL: prints the body if the URL answers 200 (no curl needed)
    "$PY" -c 'import sys, urllib.request
print(urllib.request.urlopen(sys.argv[1], timeout=3).read().decode())' "$1"
}

wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...
    local seconds="$1" what="$2"; shift 2
    local deadline=$((SECONDS + seconds))
    until "$@" >/dev/null 2>&1; do
        if [ $SECONDS -ge $deadline ]; then echo "timed out waiting for $what" >&2; return 1; fi
        sleep 0.2
    done
}

step "Fresh database $DB, Redis database $REDIS_DB flushed"
# LOADTEST_TEMPLATE_DB: a migrated, otherwise empty database to copy (CI's own, which
# `make setup` migrated), so the migrations find nothing left to do (~10 s less).
psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
if [ -n "${LOADTEST_TEMPLATE_DB:-}" ]; then
    for attempt in 1 2 3 4 5; do
        # Two copies of one template at the same moment: PostgreSQL may refuse the second.
        psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q \
            -c "CREATE DATABASE $DB TEMPLATE $LOADTEST_TEMPLATE_DB" && break
        [ "$attempt" -lt 5 ] || exit 1
        sleep 1
    done
else
    psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q -c "CREATE DATABASE $DB"
fi
redis-cli -n "$REDIS_DB" flushdb >/dev/null

case "$SCENARIO" in
    ideas) LOCUSTFILE=loadtest/locustfile.py ;;
    ballots) LOCUSTFILE=loadtest/ballots_locustfile.py ;;
    *) echo "unknown scenario $SCENARIO (ideas or ballots)" >&2; exit 2 ;;
esac
if [ "$SCENARIO" = ballots ]; then
    step "Migrations, a Bürgerbudget in its voting phase, $VOTERS verified voters"
    REDIS_URL= EMAIL_URL=dummymail://localhost run "$PY" -m loadtest.prepare_ballots \
        --voters "$VOTERS" --out "$OUT/plan.json"
else
    step "Migrations, the Jena demo data, the voting-phase project ($IDEAS ideas, $USERS residents)"
    # Celery eager and mails to nowhere while loading: the demo's own notifications are
    # settled before the run, so the e-mail check counts only what the run caused.
    REDIS_URL= EMAIL_URL=dummymail://localhost run "$PY" -m loadtest.prepare --with-demo \
        --demo-log "$OUT/demo.log" --ideas "$IDEAS" --residents "$USERS" \
        --form-logins "$FORM_LOGINS" --out "$OUT/plan.json"
fi

step "SMTP sink :$SMTP_PORT, celery worker and beat, gunicorn ($WEB_WORKERS workers) :$WEB_PORT"
start smtp "$PY" -m loadtest.smtp_sink --port "$SMTP_PORT" --out "$OUT/mails.jsonl"
start worker "$VENV/bin/celery" -A jena_smart worker --loglevel=INFO \
    --without-mingle --without-gossip
start beat "$VENV/bin/celery" -A jena_smart beat --loglevel=WARNING \
    --schedule "$OUT/celerybeat-schedule"
start web "$VENV/bin/gunicorn" jena_smart.wsgi --bind "127.0.0.1:$WEB_PORT" \
    --workers "$WEB_WORKERS" --access-logfile "$OUT/access.log"
wait_for 20 "the SMTP sink" grep -q listening "$OUT/smtp.log"
wait_for 60 "gunicorn" answers "$BASE/healthz"
wait_for 60 "the celery worker" grep -q " ready." "$OUT/worker.log"
answers "$BASE/healthz"

step "Load: $USERS users (spawn rate $SPAWN_RATE/s) for $RUN_TIME"
uptime
load_started=$SECONDS
# --stop-timeout: at the end every user finishes the action it is in, so what locust
# recorded is what the site did. locust exits 1 when a request failed; verify says why.
LOADTEST_PLAN="$OUT/plan.json" LOADTEST_OUTCOMES="$OUT/outcomes.json" LOADTEST_WAIT="$WAIT" \
    start locust "$VENV/bin/locust" -f "$LOCUSTFILE" --headless --host "$BASE" \
    --users "$USERS" --spawn-rate "$SPAWN_RATE" --run-time "$RUN_TIME" --stop-timeout 60 \
    --csv "$OUT/locust" --only-summary --loglevel WARNING
wait "${pids[-1]}" || true
load_seconds=$((SECONDS - load_started))
echo "load ran ${load_seconds}s; machine load afterwards: $(uptime)"

step "Waiting for the worker, then the checks"
if [ "$SCENARIO" = ballots ]; then
    run "$PY" -m loadtest.verify_ballots --dir "$OUT" --seconds "$load_seconds"
else
    run "$PY" -m loadtest.verify --dir "$OUT"
fi

step "Done"
echo "Load test passed in $((SECONDS - started))s. Files: $OUT"
