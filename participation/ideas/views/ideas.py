"""Pages of ideas: the project's map and list, an idea's page, proposing, editing,
deleting, and the city's response. Plus the ideas' sections on the measure page and the
project page, and the districts as GeoJSON for the maps.

Thin views: selectors read (a fixed number of queries), services write and decide;
their refusals become plain words on the page, their validation errors form errors (the
typed text is never lost). Everything works without JavaScript; the maps add to the list
and to the district/place fields, they do not replace them.
"""

import hashlib
import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_http_methods

from core.exceptions import Invalid
from core.forms import answer_status
from core.rules import Refusal
from core.sections import PageSection
from geo.models import District
from geo.selectors import districts_geojson
from participation.ideas.forms.ideas import IdeaForm, IdeaResponseForm
from participation.ideas.models import Idea
from participation.ideas.rules import (
    may_delete_idea,
    may_propose_idea,
    may_respond_to_idea,
    may_update_idea,
)
from participation.ideas.selectors.comments import idea_comment_count_for
from participation.ideas.selectors.ideas import (
    IdeaFilter,
    idea_count_visible,
    idea_for_detail,
    ideas_for_list,
    ideas_taken_up_by,
)
from participation.ideas.services.ideas import (
    idea_create,
    idea_delete,
    idea_set_status_and_response,
    idea_update,
)
from projects.models import Project
from projects.phases import allows, next_phase_allowing, phase_allowing
from projects.selectors import visible_project_or_404

IDEAS_PER_PAGE = 20
FILTER_PARAMS = ("q", "district", "category", "status", "sort")


# --- Helpers ---------------------------------------------------------------------------------


def _idea_or_404(request, project: Project, pk: int) -> Idea:
    try:
        return idea_for_detail(user=request.user, project=project, pk=pk)
    except Idea.DoesNotExist as exc:
        raise Http404(_("Diese Idee gibt es nicht oder sie ist nicht sichtbar.")) from exc


def _map_context(project: Project) -> dict:
    """What every idea map needs; the template hands ``project_area`` (GeoJSON geometry,
    or None for the whole city) and the page's ``map_labels`` over with ``json_script``."""
    return {
        "map_tiles_url": settings.MAP_TILES_URL,
        "map_attribution": settings.MAP_TILES_ATTRIBUTION,
        "districts_url": reverse("ideas:districts-geojson"),
        "project_area": project.area or None,
    }


# The maps' words for the scripts (site-map.js reads them with ``JenaSmartMap.labels``), in
# the page's language; "{n}", "{lat}" and "{lon}" are filled in by the scripts.


def _zoom_labels() -> dict[str, str]:
    return {"zoomIn": _("Karte vergrößern"), "zoomOut": _("Karte verkleinern")}


def _idea_map_labels() -> dict[str, str]:
    """The words of idea-map.js: popups, clusters and the status line below the map."""
    return {
        **_zoom_labels(),
        "votes": _("Unterstützungen"),
        "comments": _("Kommentare"),
        "cluster": _("Ideen an dieser Stelle – zum Vergrößern auswählen"),
        "countOne": _("1 Idee auf der Karte."),
        "countMany": _("{n} Ideen auf der Karte."),
        "omitted": _("{n} ohne Punkt stehen nur in der Liste."),
        "error": _(
            "Die Ideen konnten nicht auf die Karte geladen werden. Die Liste zeigt sie alle."
        ),
        "throttled": _(
            "Die Karte ist gerade nicht verfügbar: Aus Ihrem Netz kamen in kurzer Zeit sehr "
            "viele Anfragen (etwa aus einer Schule oder einem Amt). Die Liste zeigt alle "
            "Ideen; in einigen Minuten klappt es wieder."
        ),
        "close": _("Hinweis zur Idee schließen"),
        "clusterOpened": _("Gruppe mit {n} Ideen geöffnet."),
    }


def _picker_labels() -> dict[str, str]:
    """The words of idea-location-picker.js: the marker and what the status line says."""
    return {
        **_zoom_labels(),
        "marker": _("Punkt Ihrer Idee (verschiebbar)"),
        "set": _("Punkt gesetzt bei {lat} Nord, {lon} Ost."),
        "removed": _("Punkt entfernt. Bitte wählen Sie den Ortsteil und beschreiben Sie den Ort."),
    }


def _put_errors_into_form(form, exc: Invalid) -> None:
    """A service's errors, field by field; keys the form lacks become form-wide errors."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _refused(request, project: Project, refusal: Refusal, *, idea=None):
    """The page that says why (and offers to sign in or confirm the address)."""
    context = {"project": project, "idea": idea, "refusal": refusal}
    return render(request, "ideas/idea_refused.html", context, status=403)


def _filter_query(form) -> dict[str, str]:
    """The valid filter values as query parameters (invalid ones are left out, as in the
    list), so the map's GeoJSON asks for exactly the list's set."""
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})  # holds only the valid fields
    query = {}
    for name in FILTER_PARAMS:
        value = cleaned.get(name)
        if value in (None, ""):
            continue
        query[name] = getattr(value, "slug", value)
    return query


# --- The project's ideas: map and list -----------------------------------------------------


def idea_list(request, project_slug: str):
    project = visible_project_or_404(user=request.user, slug=project_slug)
    filterset = IdeaFilter(
        request.GET, queryset=ideas_for_list(user=request.user, project=project), project=project
    )
    form = filterset.form
    if not project.categories.exists():
        del form.fields["category"]  # nothing to choose: no empty select on the page
    form.is_valid()  # invalid values are reported and left out of the filter
    page = Paginator(filterset.qs, IDEAS_PER_PAGE).get_page(request.GET.get("page"))
    filters = _filter_query(form)
    geojson_query = urlencode({"project": project.slug, "format": "geojson", **filters})
    context = {
        "project": project,
        "filter_form": form,
        "page_obj": page,
        "ideas": page.object_list,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "result_count": page.paginator.count,
        "is_filtered": any(name in filters for name in ("q", "district", "category", "status")),
        "geojson_url": f"{reverse('ideas-api:idea-list')}?{geojson_query}",
        "refusal": may_propose_idea(request.user, project),
        **_map_context(project),
        "map_labels": _idea_map_labels(),
    }
    return render(
        request, "ideas/idea_list.html", context, status=answer_status(form)
    )


# --- One idea ------------------------------------------------------------------------------


def idea_detail(request, project_slug: str, pk: int):
    project = visible_project_or_404(user=request.user, slug=project_slug)
    idea = _idea_or_404(request, project, pk)
    measure = idea.measure if idea.measure_id and idea.measure.is_public else None
    context = {
        "project": project,
        "idea": idea,
        "measure": measure,
        "can_edit": may_update_idea(request.user, idea) is None,
        "can_delete": may_delete_idea(request.user, idea) is None,
        "can_respond": may_respond_to_idea(request.user, idea) is None,
        "is_author": request.user.is_authenticated and idea.author_id == request.user.pk,
        "comment_count": idea_comment_count_for(user=request.user, idea=idea),
        **_map_context(project),
        "map_labels": _zoom_labels(),
    }
    return render(request, "ideas/idea_detail.html", context)


def _render_form(request, project, form, *, idea=None, status=200):
    context = {
        "project": project,
        "form": form,
        "idea": idea,
        "image_lost": bool(request.method == "POST" and request.FILES.get("image")),
        **_map_context(project),
        "map_labels": _picker_labels(),
    }
    return render(request, "ideas/idea_form.html", context, status=status)


@login_required
def idea_create_view(request, project_slug: str):
    project = visible_project_or_404(user=request.user, slug=project_slug)
    refusal = may_propose_idea(request.user, project)
    if refusal is not None:
        return _refused(request, project, refusal)
    form = IdeaForm(request.POST or None, request.FILES or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            idea = idea_create(author=request.user, project=project, **form.service_kwargs())
        except Invalid as exc:
            _put_errors_into_form(form, exc)
        else:
            messages.success(request, _("Danke! Ihre Idee ist eingereicht."))
            return redirect(idea.get_absolute_url())
    return _render_form(request, project, form, status=400 if form.errors else 200)


@login_required
def idea_update_view(request, project_slug: str, pk: int):
    project = visible_project_or_404(user=request.user, slug=project_slug)
    idea = _idea_or_404(request, project, pk)
    refusal = may_update_idea(request.user, idea)
    if refusal is not None:
        return _refused(request, project, refusal, idea=idea)
    form = IdeaForm(request.POST or None, request.FILES or None, project=project, idea=idea)
    if request.method == "POST" and form.is_valid():
        try:
            idea_update(idea=idea, actor=request.user, **form.service_kwargs())
        except Invalid as exc:
            _put_errors_into_form(form, exc)
        else:
            messages.success(request, _("Ihre Änderungen sind gespeichert."))
            return redirect(idea.get_absolute_url())
    return _render_form(request, project, form, idea=idea, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def idea_delete_view(request, project_slug: str, pk: int):
    project = visible_project_or_404(user=request.user, slug=project_slug)
    idea = _idea_or_404(request, project, pk)
    refusal = may_delete_idea(request.user, idea)
    if refusal is not None:
        return _refused(request, project, refusal, idea=idea)
    if request.method == "POST":
        idea_delete(idea=idea, actor=request.user)
        messages.success(request, _("Die Idee „%(title)s“ ist gelöscht.") % {"title": idea.title})
        return redirect("ideas:idea-list", project_slug=project.slug)
    context = {"project": project, "idea": idea}
    return render(request, "ideas/idea_confirm_delete.html", context)


@login_required
def idea_respond_view(request, project_slug: str, pk: int):
    project = visible_project_or_404(user=request.user, slug=project_slug)
    idea = _idea_or_404(request, project, pk)
    refusal = may_respond_to_idea(request.user, idea)
    if refusal is not None:
        return _refused(request, project, refusal, idea=idea)
    form = IdeaResponseForm(request.POST or None, initial=IdeaResponseForm.initial_from(idea))
    if request.method == "POST" and form.is_valid():
        try:
            idea_set_status_and_response(
                idea=idea,
                actor=request.user,
                status=form.cleaned_data["status"],
                official_response=form.cleaned_data["official_response"],
                measure=form.cleaned_data["measure"],
            )
        except Invalid as exc:
            _put_errors_into_form(form, exc)
        else:
            messages.success(request, _("Status und Antwort sind gespeichert."))
            return redirect(idea.get_absolute_url())
    context = {"project": project, "idea": idea, "form": form}
    return render(
        request,
        "ideas/idea_respond.html",
        context,
        status=400 if form.errors else 200,
    )


# --- The districts layer of the maps ------------------------------------------------------


def _districts_state(request) -> dict:
    if not hasattr(request, "_districts_state"):
        request._districts_state = District.objects.aggregate(
            n=Count("pk"), changed=Max("updated_at")
        )
    return request._districts_state


def _districts_etag(request) -> str:
    state = _districts_state(request)
    source = f"{state['n']}|{state['changed'].isoformat() if state['changed'] else ''}"
    return f'"{hashlib.sha256(source.encode()).hexdigest()[:32]}"'


@condition(
    etag_func=lambda request: _districts_etag(request),
    last_modified_func=lambda request: _districts_state(request)["changed"],
)
def districts_geojson_view(request):
    """Jena's districts (name, slug, boundary) as a GeoJSON FeatureCollection, the
    boundaries layer of the idea maps: /beteiligung/ortsteile.geojson."""
    response = HttpResponse(
        json.dumps(districts_geojson(), separators=(",", ":")),
        content_type="application/geo+json",
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response


# --- Sections on the measure page and the project page -------------------------------------


def measure_ideas_section(request, measure) -> PageSection | None:
    """ "Ideen, die in diese Maßnahme eingeflossen sind": one query."""
    ideas = ideas_taken_up_by(measure=measure)
    if not ideas:
        return None
    return PageSection(
        "ideas/sections/ideas_measure.html",
        {"ideas": ideas, "measure": measure},
        order=60,
    )


def project_ideas_section(request, project) -> PageSection | None:
    """The number of ideas, the way to the map and list, and "Idee einreichen"."""
    phases = list(project.phases.all())
    takes_ideas = any(allows(phase, "ideas") for phase in phases)
    count = idea_count_visible(user=request.user, project=project)
    if not takes_ideas and not count:
        return None
    return PageSection(
        "ideas/sections/ideas_project.html",
        {
            "project": project,
            "idea_count": count,
            "refusal": may_propose_idea(request.user, project),
            "ideas_phase": phase_allowing(project, "ideas"),
            "next_ideas_phase": next_phase_allowing(project, "ideas"),
        },
        order=20,
    )
