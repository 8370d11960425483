"""The results page of a poll and the staff's downloads of its answers.

URLs (under /beteiligung/, namespace ``polls``):

* ``<slug>/umfragen/<pk>/ergebnisse/``                 poll-results  GET
* ``<slug>/umfragen/<pk>/ergebnisse/antworten.<fmt>``  poll-export   GET (staff; csv, xlsx)

Who sees what is the rules' (``may_see_results``, ``may_see_texts``, ``may_export``);
the numbers come from ``results.poll_results`` in a fixed number of queries. The page
works without JavaScript: every chart is a table with the numbers and shares in text,
the map of points has the same points counted per district beside it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.rules import is_active_user

from . import exports, results
from .models import QuestionKind
from .rules import is_open, may_export, may_see_results, may_see_texts
from .views import _poll_or_404, _refused


@require_safe
def poll_results(request, slug: str, pk: int):
    poll = _poll_or_404(request, slug, pk)
    refusal = may_see_results(request.user, poll)
    if refusal is not None:
        return _refused(request, poll, refusal)
    staff = may_see_texts(request.user, poll)
    data = results.for_viewer(results.poll_results(poll, texts=staff), staff=staff)
    has_points = any(
        r.points for r in data.questions if r.question.kind == QuestionKind.POINT
    )
    context = {
        "poll": poll,
        "project": poll.phase.project,
        "phase": poll.phase,
        "results": data,
        "staff": staff,
        "running": is_open(poll),
        "can_export": may_export(request.user, poll) is None,
        "formats": exports.FORMATS,
        "has_points": has_points,
        "map_tiles_url": settings.MAP_TILES_URL,
        "map_attribution": settings.MAP_TILES_ATTRIBUTION,
        "map_labels": {
            "zoomIn": _("Karte vergrößern"),
            "zoomOut": _("Karte verkleinern"),
        },
    }
    return render(request, "polls/results.html", context)


@require_safe
@never_cache
def poll_export(request, slug: str, pk: int, fmt: str):
    poll = _poll_or_404(request, slug, pk)
    if not is_active_user(request.user):
        return redirect_to_login(request.get_full_path())
    if fmt not in exports.FORMATS:
        raise Http404
    refusal = may_export(request.user, poll)
    if refusal is not None:
        return _refused(request, poll, refusal)
    file = exports.poll_export(user=request.user, poll=poll, fmt=fmt)
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=file.filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
