# Jena Smart – one image for the web server (gunicorn), the Celery worker and Celery beat.
# docker-compose.yml shows the production shape.

# --- front-end packages (KERN UX, leaflet.markercluster) from npm ---------------------------
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

# --- the application ------------------------------------------------------------------------
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# GDAL/GEOS for GeoDjango (django-leaflet imports it); psycopg[binary] brings its own libpq;
# pg_dump, pg_restore and psql (15, as the db service) for manage.py backup and restore;
# ffprobe (ffmpeg) checks the sign-language videos staff upload (pages/video.py).
RUN apt-get update \
    && apt-get install -y --no-install-recommends gdal-bin libpango-1.0-0 libpangoft2-1.0-0 \
        postgresql-client ffmpeg \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app

WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY --from=assets /app/node_modules ./node_modules
COPY . .

# Static files are collected into the image (WhiteNoise serves them, hashed and compressed).
# The key exists only for this build step; the container refuses to start without its own.
RUN DEBUG=false SECRET_KEY=collectstatic-only-build-key-not-used-at-run-time-0123456789 \
        python manage.py collectstatic --noinput -v 0 \
    && mkdir -p var/media var/private \
    && chown -R app:app var

USER app
EXPOSE 8000
ENTRYPOINT ["scripts/docker-entrypoint.sh"]
CMD ["gunicorn", "jena_smart.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
