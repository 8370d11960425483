"""The public pages of participation projects: the list of projects and a project's page
with its phase timeline and "what you can do now".

Thin views: selectors read (a fixed number of queries), ``projects.phases`` decides what
is open, templates put it into words. Participation (ideas, comments) adds its parts to
the project page through the page sections registry, so this app imports nothing of it.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.sections import page_sections

from . import selectors
from .models import Project
from .rules import manages_projects, moderates_project
from .templatetags.projects_tags import card_phase_text

PROJECTS_PER_PAGE = 12


@dataclass(frozen=True)
class ProjectCard:
    project: Project
    phase_text: str
    districts: list


def project_list(request):
    now = timezone.now()
    paginator = Paginator(
        selectors.projects_for_list(user=request.user, now=now), PROJECTS_PER_PAGE
    )
    page = paginator.get_page(request.GET.get("page"))
    cards = [
        ProjectCard(
            project=project,
            phase_text=card_phase_text(project, now=now),
            districts=list(project.districts.all()),
        )
        for project in page.object_list
    ]
    context = {
        "page_obj": page,
        "cards": cards,
        "page_range": paginator.get_elided_page_range(page.number),
        "result_count": paginator.count,
    }
    return render(request, "projects/project_list.html", context)


def project_detail(request, slug):
    try:
        project = selectors.project_for_detail(user=request.user, slug=slug)
    except Project.DoesNotExist as exc:
        raise Http404(
            _("Dieses Beteiligungsprojekt gibt es nicht oder es ist nicht öffentlich.")
        ) from exc
    now = timezone.now()
    context = {
        "project": project,
        "now": now,
        "timeline": selectors.phase_timeline(project, now=now),
        "summary": selectors.participation_summary(project, now),
        "measures": list(project.measures.all()),
        "districts": list(project.districts.all()),
        "categories": list(project.categories.all()),
        "moderates_project": moderates_project(request.user, project),
        "can_manage": manages_projects(request.user),
        "extra_sections": page_sections("project", request, project),
    }
    return render(request, "projects/project_detail.html", context)
