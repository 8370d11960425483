"""Every main page, as the people who use it, in German and English: axe-core finds no
WCAG 2.1 A/AA violation, the strict CSP is never violated, and no host other than this
site is contacted (map tiles are the one allowed exception, served blank here)."""

import json

import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from measures.models import Measure, MeasureBundle
from participation.ideas.models import Idea
from projects.models import Project
from projects.phases import phase_allowing
from reports.models import StatusReport
from tests.demo_snapshot import demo_site
from tests.e2e.helpers import check_axe, sign_in
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(transactional_db, settings, demo_snapshot_dir):
    settings.DEBUG = False
    demo_site(demo_snapshot_dir)
    project = Project.objects.order_by("pk").first()
    measure = Measure.objects.filter(location__isnull=False).first() or Measure.objects.first()
    open_for_ideas = next(p for p in Project.objects.order_by("pk") if phase_allowing(p, "ideas"))
    idea = Idea.objects.filter(project=project, is_hidden=False).first()
    report = StatusReport.objects.create(
        title="Bericht", period_start="2026-01-01", period_end="2026-06-30", as_of="2026-06-30"
    )
    return {
        "project": project, "idea": idea, "report": report, "open": open_for_ideas,
        "measure": measure, "bundle": MeasureBundle.objects.first(),
    }


def visit_all(page, paths: list[str], *, status: int | None = None) -> dict:
    """axe's findings on each page; each answers below 400 (or exactly ``status``)."""
    found: dict = {}
    for path in paths:
        response = page.goto(path)
        assert response is not None, path
        if status is None:
            assert response.status < 400, (path, response.status)
        else:
            assert response.status == status, (path, response.status)
        check_axe(page, found)
    return found


def test_main_pages_for_residents_council_and_staff(page, browser_log, demo):
    project, idea, report = demo["project"], demo["idea"], demo["report"]
    measure_slug = demo["measure"].slug
    public = [
        "/", "/strategie/", "/strategie/massnahmen/", "/beteiligung/",
        f"/beteiligung/{project.slug}/", f"/beteiligung/{project.slug}/ideen/",
        f"/beteiligung/{project.slug}/ideen/{idea.pk}/", "/strategie/berichte/",
        "/offene-daten/", "/datenschutz/", "/accounts/password/reset/",
        # issue 16: Leichte Sprache, sign language, barrier feedback, API documentation
        "/leichte-sprache/", "/leichte-sprache/bedienung/", "/gebaerdensprache/",
        "/barriere-melden/?seite=/strategie/", "/barrierefreiheit/", "/api/docs/",
        # the strategy's pages, a filter that names unknown values, the account forms
        f"/strategie/buendel/{demo['bundle'].slug}/", f"/strategie/massnahmen/{measure_slug}/",
        "/impressum/", "/accounts/login/", "/accounts/signup/",
    ]
    english = public[:6] + ["/leichte-sprache/", "/gebaerdensprache/", "/barriere-melden/",
                            "/barrierefreiheit/", f"/strategie/massnahmen/{measure_slug}/",
                            "/offene-daten/"]
    found = visit_all(page, public + [f"/en{path}" for path in english])

    resident = UserFactory(email="anna@example.org")
    sign_in(page, resident)
    found |= visit_all(page, [
        "/konto/profil/", "/konto/daten/", "/konto/loeschen/",
        "/beteiligung/abonnements/", "/beteiligung/benachrichtigungen/",
        "/beteiligung/benachrichtigungen/einstellungen/",
        f"/beteiligung/{demo['open'].slug}/ideen/neu/",
        "/en/konto/profil/",
    ])

    council = UserFactory(email="rat@example.org")
    council.groups.add(Group.objects.get_or_create(name=settings.COUNCIL_GROUP_NAME)[0])
    sign_in(page, council)
    found |= visit_all(page, ["/strategie/dashboard/", f"/strategie/berichte/{report.pk}/",
                              "/en/strategie/dashboard/"])

    staff = StaffFactory(email="moderation@example.org", is_superuser=True)
    sign_in(page, staff)
    found |= visit_all(page, [f"/beteiligung/{project.slug}/moderation/",
                              "/beteiligung/moderation/", "/strategie/berichte/neu/"])

    assert found == {}, json.dumps(found, indent=2, ensure_ascii=False)
    assert browser_log.foreign_requests == []
    browser_log.assert_clean()

    # A filter that names unknown values answers 400 with the form's errors, accessible
    # too (checked last: the browser logs the 400 itself as a console error).
    found = visit_all(page, ["/strategie/massnahmen/?status=foo&delayed=true"], status=400)
    assert found == {}, json.dumps(found, indent=2, ensure_ascii=False)
