#!/bin/sh
# Entry point of the Jena Smart image. With MIGRATE_ON_START=true (the web service of
# docker-compose.yml) it applies migrations and collects static files before it starts
# the command; worker and beat start their command directly.
set -eu

if [ "${MIGRATE_ON_START:-false}" = "true" ]; then
    python manage.py migrate --noinput
    python manage.py collectstatic --noinput -v 0
fi

exec "$@"
