"""Residents in a voting phase: they browse, support ideas, take support back and
comment, all at once. Run by ``scripts/loadtest.sh`` (which prepares the plan); by hand:

    LOADTEST_PLAN=var/loadtest/plan.json LOADTEST_OUTCOMES=var/loadtest/outcomes.json \\
        .venv/bin/locust -f loadtest/locustfile.py --headless --host http://127.0.0.1:8000 \\
        --users 20 --spawn-rate 5 --run-time 30s --stop-timeout 30

Each simulated user is one distinct verified resident of the plan (``loadtest.prepare``):
those the plan gives a password (a tenth, spread out) sign in through the real allauth
form, the others bring the session they signed in with earlier. Tasks are weighted like
a voting phase's traffic: mostly reading (the idea list and idea pages, the map's
GeoJSON), some supporting, a few comments and replies. Requests are named by page kind,
so the statistics are per page.

Answers the site gives on purpose count as successes of their kind, and what they were
is recorded (``LOADTEST_OUTCOMES``, written when the run stops), so ``loadtest.verify``
can compare with the rows in the database:

* a support beyond the phase's votes per person: the site redirects back with the limit
  message (a resident with a second tab open can send it; the page itself no longer
  offers the button);
* a posting limit per person (``RATE_LIMIT_*``): the 429 page.

Anything else — a support refused although votes were left, a support accepted beyond the
limit, a comment not published, a status the page should not have — is a failure.

Two ``Hurried`` users share one more resident and only post comments, as fast as they
can: the posting limit per person must hold while several gunicorn workers count it.
"""

from __future__ import annotations

import html
import json
import os
import random
import re
import threading
from collections import Counter
from http.cookiejar import Cookie
from pathlib import Path
from urllib.parse import urlsplit

from locust import between, constant, events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.exception import StopUser

PLAN = json.loads(Path(os.environ.get("LOADTEST_PLAN", "var/loadtest/plan.json")).read_text())
OUTCOMES_PATH = Path(os.environ.get("LOADTEST_OUTCOMES", "var/loadtest/outcomes.json"))
WAIT_MIN, WAIT_MAX = (float(x) for x in os.environ.get("LOADTEST_WAIT", "5,15").split(","))

PROJECT = PLAN["project_slug"]
IDEAS = PLAN["idea_ids"]
MEASURES = PLAN["measure_slugs"]
VOTES_PER_PERSON = PLAN["votes_per_person"]

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MESSAGES_START = '<div class="site-messages">'
# One message of templates/base.html (Django's messages framework).
MESSAGE = re.compile(
    r'\s*<div class="kern-alert [^"]*" role="\w+">\s*'
    r'<div class="kern-alert__body"><p class="kern-body">(.*?)</p></div>\s*</div>',
    re.S,
)
REPLY_ACTION = re.compile(r'action="(/beteiligung/kommentare/(\d+)/antworten/)"')
COMMENT_ANCHOR = re.compile(r"#comment-(\d+)$")

# What the site says after a support (participation/services/votes.py, views/votes.py).
CAST_OK = "Danke! Sie unterstützen jetzt"
WITHDRAW_OK = "nicht mehr."
LIMIT = "in dieser Phase schon vergeben"

SENTENCES = (
    "Das wäre für unseren Ortsteil ein echter Gewinn.",
    "Ich finde die Idee gut, aber was kostet der Betrieb im Jahr?",
    "Bitte auch an Menschen mit Rollator und Kinderwagen denken.",
    "Wer wertet die Daten aus, und werden sie veröffentlicht?",
    "Am Wochenende ist dort besonders viel los.",
    "Gute Idee – könnte man das erst ein Jahr lang testen?",
    "Die Stadtwerke haben so etwas schon einmal ausprobiert.",
    "Ich unterstütze das, wenn der Datenschutz geklärt ist.",
)

# --- What the users did, for loadtest.verify ------------------------------------------------

_residents = iter(PLAN["residents"])
_lock = threading.Lock()
outcomes: Counter = Counter()
votes_held: dict[int, set[int]] = {}  # resident id -> ideas they support (as the site said)
comments_created: list[int] = []
hurried_ids: list[int] = []  # the resident the Hurried users share


@events.test_stop.add_listener
def _write_outcomes(**_kwargs) -> None:
    OUTCOMES_PATH.write_text(
        json.dumps(
            {
                "counts": dict(outcomes),
                "votes": {str(k): sorted(v) for k, v in votes_held.items()},
                "comments": sorted(comments_created),
                "hurried": hurried_ids,
            },
            indent=1,
        )
    )


def _message(page: str) -> str:
    """The messages shown at the top of the page (what the site says about the last
    action), nothing of the page's content."""
    start = page.find(MESSAGES_START)
    if start < 0:
        return ""
    position, texts = start + len(MESSAGES_START), []
    while found := MESSAGE.match(page, position):
        texts.append(html.unescape(found.group(1)))
        position = found.end()
    return " ".join(texts)


def _csrf(page: str) -> str | None:
    found = CSRF_FIELD.search(page)
    return found.group(1) if found else None


def _local(location: str) -> str:
    """The path (and query) of a redirect's Location."""
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class _Participant(FastHttpUser):
    """Signs in as one resident of the plan; what it does is its subclass's tasks."""

    abstract = True
    network_timeout = 60.0
    connection_timeout = 30.0

    def _resident(self) -> dict | None:
        with _lock:
            return next(_residents, None)

    def on_start(self) -> None:
        self.me = self._resident()
        if self.me is None:
            raise StopUser("more simulated users than prepared residents")
        self.votes = votes_held.setdefault(self.me["id"], set())
        if "session" in self.me:
            self._use_session(self.me["session"])
        else:
            self._sign_in()
        self.client.get("/static/css/site.css", name="static file")

    def _use_session(self, key: str) -> None:
        host = urlsplit(self.host).hostname
        self.client.cookiejar.set_cookie(
            Cookie(
                version=0,
                name=PLAN["session_cookie_name"],
                value=key,
                port=None,
                port_specified=False,
                domain=host,
                domain_specified=False,
                domain_initial_dot=False,
                path="/",
                path_specified=True,
                secure=False,
                expires=None,
                discard=True,
                comment=None,
                comment_url=None,
                rest={},
            )
        )

    def _sign_in(self) -> None:
        page = self.client.get("/accounts/login/", name="sign-in form")
        token = _csrf(page.text or "")
        with self.client.post(
            "/accounts/login/",
            data={
                "login": self.me["email"],
                "password": self.me["password"],
                "csrfmiddlewaretoken": token or "",
            },
            name="sign-in (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                response.success()
                outcomes["sign_in_ok"] += 1
            else:
                response.failure(f"sign-in answered {response.status_code}")
                raise StopUser()

    def _idea_url(self, idea_id: int) -> str:
        return f"/beteiligung/{PROJECT}/ideen/{idea_id}/"

    def _comment(self, *, reply_share: float, kind: str = "") -> None:
        """A comment on a random idea, or (``reply_share`` of the time, where there are
        comments) a reply to one: both notify by e-mail (idea author and followers; the
        parent comment's author). ``kind`` goes into the request's name, for statistics of
        their own."""
        idea_id = random.choice(IDEAS)
        page = self.client.get(self._idea_url(idea_id), name="idea page")
        text = page.text or ""
        token = _csrf(text)
        if page.status_code != 200 or token is None:
            return
        replies = REPLY_ACTION.findall(text)
        if replies and random.random() < reply_share:
            action, name = random.choice(replies)[0], f"reply (POST{kind})"
        else:
            action, name = f"/beteiligung/kommentare/idee/{idea_id}/neu/", f"comment (POST{kind})"
        words = " ".join(random.sample(SENTENCES, 2))
        with self.client.post(
            action,
            data={"csrfmiddlewaretoken": token, "text": f"{words} ({self.me['id']})"},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 429:
                response.success()
                outcomes["comment_rate_limited"] += 1
                if self.me["id"] in hurried_ids:
                    outcomes["hurried_rate_limited"] += 1
                return
            found = COMMENT_ANCHOR.search(response.headers.get("Location", "") or "")
            if response.status_code != 302 or not found:
                response.failure(f"comment not published: {response.status_code}")
                return
            response.success()
            outcomes["comment_ok"] += 1
            with _lock:
                comments_created.append(int(found.group(1)))
        self.client.get(_local(response.headers["Location"]), name="idea page")


class Resident(_Participant):
    wait_time = between(WAIT_MIN, WAIT_MAX)

    # --- reading ---------------------------------------------------------------------------

    @task(8)
    def home(self) -> None:
        self.client.get("/", name="home")

    @task(3)
    def strategy(self) -> None:
        self.client.get("/strategie/", name="strategy overview")

    @task(5)
    def measure(self) -> None:
        slug = random.choice(MEASURES)
        self.client.get(f"/strategie/massnahmen/{slug}/", name="measure page")

    @task(4)
    def projects(self) -> None:
        self.client.get("/beteiligung/", name="project list")

    @task(6)
    def project(self) -> None:
        self.client.get(f"/beteiligung/{PROJECT}/", name="project page")

    @task(10)
    def idea_list(self) -> None:
        query = random.choice(("", "?page=2", "?sort=most_supported", "?sort=most_discussed"))
        self.client.get(f"/beteiligung/{PROJECT}/ideen/{query}", name="idea list")

    @task(16)
    def idea(self) -> None:
        self.client.get(self._idea_url(random.choice(IDEAS)), name="idea page")

    @task(8)
    def map_geojson(self) -> None:
        self.client.get(
            f"/api/v1/ideas/?project={PROJECT}&format=geojson", name="ideas GeoJSON (map)"
        )

    @task(3)
    def api_ideas(self) -> None:
        self.client.get(f"/api/v1/ideas/?project={PROJECT}", name="API idea list")

    @task(2)
    def notifications(self) -> None:
        self.client.get("/beteiligung/benachrichtigungen/", name="notifications")

    # --- taking part -----------------------------------------------------------------------

    def _open_idea(self, idea_id: int) -> str | None:
        """The idea's page, as the resident sees it before acting; its CSRF token."""
        page = self.client.get(self._idea_url(idea_id), name="idea page")
        return _csrf(page.text or "") if page.status_code == 200 else None

    def _post_vote(self, idea_id: int, *, cast: bool) -> None:
        token = self._open_idea(idea_id)
        if token is None:
            return  # the page's own failure is recorded
        action = "unterstuetzen" if cast else "unterstuetzung-zurueckziehen"
        refused_expected = cast and len(self.votes) >= VOTES_PER_PERSON
        with self.client.post(
            f"/beteiligung/{PROJECT}/ideen/{idea_id}/{action}/",
            data={"csrfmiddlewaretoken": token, "next": self._idea_url(idea_id)},
            name="support (POST)" if cast else "withdraw support (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 429:
                response.success()
                outcomes["vote_rate_limited"] += 1
                return
            if response.status_code != 302:
                response.failure(f"answered {response.status_code}")
                return
            # Follow the redirect as a browser does: the page says what happened.
            back = self.client.get(_local(response.headers["Location"]), name="idea page")
            message = _message(back.text or "")
            if cast and CAST_OK in message:
                if refused_expected:
                    response.failure(f"support number {len(self.votes) + 1} was accepted")
                    outcomes["vote_over_limit_accepted"] += 1
                else:
                    response.success()
                    outcomes["vote_cast_ok"] += 1
                self.votes.add(idea_id)
            elif cast and LIMIT in message:
                if refused_expected:
                    response.success()
                    outcomes["vote_refused_limit"] += 1
                else:
                    response.failure(f"refused with {len(self.votes)} votes: {message!r}")
            elif not cast and WITHDRAW_OK in message:
                response.success()
                outcomes["vote_withdrawn_ok"] += 1
                self.votes.discard(idea_id)
            else:
                response.failure(f"unexpected answer: {message[:200]!r}")

    @task(10)
    def support(self) -> None:
        candidates = [i for i in IDEAS if i not in self.votes]
        if candidates:
            self._post_vote(random.choice(candidates), cast=True)

    @task(3)
    def withdraw(self) -> None:
        if self.votes:
            self._post_vote(random.choice(sorted(self.votes)), cast=False)
        else:
            self.support()

    @task(4)
    def comment(self) -> None:
        self._comment(reply_share=1 / 3)


class Hurried(_Participant):
    """One resident who posts comments as fast as two browser tabs allow: two simulated
    users share the resident, so the posting limit per person (``RATE_LIMIT_COMMENTS``) is
    counted by several gunicorn workers at once. ``loadtest.verify`` checks that no more
    comments than the limit got through in any window and that the limit answered 429."""

    fixed_count = 2
    wait_time = constant(0.2)
    shared: dict | None = None

    def _resident(self) -> dict | None:
        with _lock:
            if Hurried.shared is None:
                Hurried.shared = next(_residents, None)
                if Hurried.shared is not None:
                    hurried_ids.append(Hurried.shared["id"])
            return Hurried.shared

    @task
    def comment(self) -> None:
        self._comment(reply_share=0, kind=", hurried")
