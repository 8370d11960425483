"""Prepare the load test in its fresh database (after the Jena demo data is loaded).

Creates a published project in its voting phase ("Lasttest: …", votes and comments
allowed, ``--votes-per-person`` votes per person) with ``--ideas`` ideas spread over
Jena's districts, and ``--residents`` verified residents. The residents are the authors
of the ideas, follow the project and ``--follows`` ideas each, so every comment in the
run notifies the idea's author and followers by e-mail at once (the default delivery of
``comment_on_my_idea``); replies notify the parent comment's author.

How the simulated residents are signed in: ``--form-logins`` of them (every k-th, so
their sign-ins spread over the ramp-up) get a password and sign in through the real
allauth form (PBKDF2 and allauth's limit of 30 sign-ins a minute per address included:
every simulated user comes from 127.0.0.1, so the runner keeps this number under that
limit). Every other resident gets a session made here, as if they had signed in earlier
in the day (sessions last 4 hours): the run is about a voting phase, not about 200 people
signing in within a minute from one address.

With ``--with-demo`` it first migrates the (empty) database and loads the Jena demo data
as ``make run`` does (``load_jena_demo``, ``load_participation_demo``; not the council
report, which no page of the test shows), in this one process to save start-ups. The
runner calls it with Celery eager and a dummy mail backend, so the demo's own
notification e-mails are settled before the run and the run's e-mail check counts only
what the run caused (checked here: nothing pending).

Writes the plan (JSON) that the locustfile and ``verify`` read.

    DJANGO_SETTINGS_MODULE=loadtest.settings REDIS_URL= EMAIL_URL=dummymail://localhost \
        python -m loadtest.prepare --with-demo --out plan.json
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import sys
from pathlib import Path

LOGIN_PASSWORD = "Lasttest-Anmeldung-2026"  # noqa: S105 - throw-away accounts of a test db
PROJECT_SLUG = "lasttest-abstimmung"
EMAIL_DOMAIN = "loadtest.jena-smart.example"

TOPICS = (
    ("Sensoren für freie Parkplätze", "an der Haltestelle und am Markt"),
    ("Smarte Bank mit Ladefunktion", "im Park neben dem Spielplatz"),
    ("Offenes WLAN", "rund um den Stadtteiltreff"),
    ("Digitale Anzeigetafel für den Nahverkehr", "an der Straßenbahnhaltestelle"),
    ("Bodenfeuchte-Sensoren für Stadtbäume", "in der Allee"),
    ("Lastenrad-Verleih mit App", "am Einkaufszentrum"),
    ("Lärm-Messstation", "an der Hauptstraße"),
    ("Intelligente Straßenbeleuchtung", "auf dem Fußweg zur Schule"),
    ("Füllstandsmelder für Glascontainer", "am Wertstoffhof"),
    ("Mängelmelder-Stele", "vor dem Bürgerbüro"),
)


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ideas", type=int, default=60)
    parser.add_argument("--residents", type=int, default=200)
    parser.add_argument("--follows", type=int, default=2, help="ideas each resident follows")
    parser.add_argument("--votes-per-person", type=int, default=3)
    parser.add_argument("--form-logins", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--with-demo", action="store_true", help="migrate and load the Jena demo data first"
    )
    parser.add_argument("--demo-log", type=Path, help="the demo loaders' output (else stdout)")
    parser.add_argument("--out", type=Path, required=True)
    return parser.parse_args()


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loadtest.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()


def _points(districts, rng: random.Random) -> list[tuple[object, dict]]:
    """(district, GeoJSON point inside it) per district."""
    from django.contrib.gis.geos import Point

    from geo.validation import geometry_from_geojson

    found = []
    for district in districts:
        geometry = geometry_from_geojson(district.boundary)
        xmin, ymin, xmax, ymax = geometry.extent
        point = geometry.point_on_surface
        for _attempt in range(200):
            candidate = Point(rng.uniform(xmin, xmax), rng.uniform(ymin, ymax), srid=4326)
            if geometry.covers(candidate):
                point = candidate
                break
        found.append(
            (district, {"type": "Point", "coordinates": [round(point.x, 6), round(point.y, 6)]})
        )
    return found


def load_demo(log: Path | None) -> None:
    from django.core.management import call_command

    out = log.open("w", encoding="utf-8") if log else sys.stdout
    try:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_jena_demo", stdout=out)
        call_command("load_participation_demo", stdout=out)
    finally:
        if log:
            out.close()


def prepare(args: argparse.Namespace) -> dict:
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction
    from django.db.models import Max
    from django.utils import timezone

    from geo.models import District
    from measures.models import Measure
    from participation.ideas.models import Comment, Idea, Vote
    from participation.notifications import delivery
    from participation.notifications.models import Delivery, Follow, Notification
    from projects import services as project_services
    from projects.models import Phase, Project

    rng = random.Random(args.seed)
    now = timezone.now()
    User = get_user_model()

    pending = delivery.pending(Delivery.IMMEDIATE).count()
    if pending:
        raise SystemExit(f"{pending} notification e-mails of the demo are still pending")

    with transaction.atomic():
        project = project_services.project_save(
            project=Project(
                title="Lasttest: Welche Ideen soll Jena zuerst umsetzen?",
                slug=PROJECT_SLUG,
                summary="Abstimmungsphase für den Lasttest: viele Menschen unterstützen, "
                "kommentieren und lesen zugleich.",
                description="Von scripts/loadtest.sh angelegt; nur in der Datenbank des Lasttests.",
            ),
            actor=None,
        )
        project_services.project_phases_save(
            project=project,
            phases=[
                Phase(
                    type=Phase.Type.VOTING,
                    title="Abstimmung",
                    start=now - datetime.timedelta(days=1),
                    end=now + datetime.timedelta(days=14),
                    allows_comments=True,
                    allows_votes=True,
                    votes_per_person=args.votes_per_person,
                )
            ],
            deleted=[],
            actor=None,
        )
        project_services.project_publish(project=project, actor=None)

        # Residents: bulk rows like the notification benchmark (signing up is not what
        # is measured). Unusable passwords except for the form-login share.
        login_hash = make_password(LOGIN_PASSWORD)
        # Every k-th resident, so that their sign-ins spread over the ramp-up.
        step = max(1, args.residents // args.form_logins) if args.form_logins else 0
        signs_in = set(range(step, args.residents + 1, step)[: args.form_logins]) if step else set()
        residents = User.objects.bulk_create(
            [
                User(
                    email=f"resident{n:04d}@{EMAIL_DOMAIN}",
                    display_name=f"Lasttest {n:04d}",
                    password=login_hash if n in signs_in else make_password(None),
                )
                for n in range(1, args.residents + 1)
            ],
            batch_size=1000,
        )
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in residents],
            batch_size=1000,
        )

        # Ideas of the voting phase: written as rows, as the demo writes the ideas of a
        # phase that is over (idea_create refuses them outside an ideas phase).
        districts = list(District.objects.order_by("name"))
        points = _points(districts, rng)
        ideas = []
        for number in range(1, args.ideas + 1):
            district, location = points[number % len(points)]
            topic, place = TOPICS[number % len(TOPICS)]
            ideas.append(
                Idea(
                    project=project,
                    author=residents[(number - 1) % len(residents)],
                    title=f"{topic} in {district.name} ({number})",
                    text=f"Vorschlag {number}: {topic} {place} in {district.name}.",
                    location=location,
                    district=district,
                )
            )
        ideas = Idea.objects.bulk_create(ideas)

        follows = [Follow(user=u, project=project) for u in residents]
        for user in residents:
            for idea in rng.sample(ideas, min(args.follows, len(ideas))):
                follows.append(Follow(user=user, idea=idea))
        Follow.objects.bulk_create(follows, batch_size=2000, ignore_conflicts=True)

    # Sessions as allauth's sign-in leaves them (user id, backend, password hash).
    backend = settings.AUTHENTICATION_BACKENDS[0]
    plan_residents = []
    for number, user in enumerate(residents, start=1):
        entry = {"id": user.pk, "email": user.email}
        if number in signs_in:
            entry["password"] = LOGIN_PASSWORD
        else:
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = backend
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            entry["session"] = session.session_key
        plan_residents.append(entry)

    measures = list(
        Measure.objects.filter(is_public=True).order_by("code").values_list("slug", flat=True)
    )
    return {
        "created_at": now.isoformat(),
        "project_slug": project.slug,
        "project_id": project.pk,
        "votes_per_person": args.votes_per_person,
        "idea_ids": [idea.pk for idea in ideas],
        "measure_slugs": measures,
        "session_cookie_name": settings.SESSION_COOKIE_NAME,
        "residents": plan_residents,
        "baseline": {
            "notification_max_pk": Notification.objects.aggregate(m=Max("pk"))["m"] or 0,
            "comment_max_pk": Comment.objects.aggregate(m=Max("pk"))["m"] or 0,
            "votes_in_project": Vote.objects.filter(idea__project=project).count(),
        },
    }


def main() -> None:
    args = _parse()
    _setup_django()
    if args.with_demo:
        load_demo(args.demo_log)
        print("migrated and loaded the Jena demo data (load_jena_demo, load_participation_demo)")
    plan = prepare(args)
    args.out.write_text(json.dumps(plan, indent=1))
    print(
        f"prepared: project {plan['project_slug']} with {len(plan['idea_ids'])} ideas, "
        f"{len(plan['residents'])} residents ({args.form_logins} sign in through the form), "
        f"{args.votes_per_person} votes per person"
    )


if __name__ == "__main__":
    main()
