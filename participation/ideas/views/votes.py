"""Supporting an idea from any page that shows ``{% vote_widget idea %}``: two POST
endpoints (no JavaScript needed). After the POST the browser goes back to the page it
came from (``next``, same host only) at ``#vote-<idea id>``, with a message saying what
happened or why not.

URLs (under /beteiligung/, namespace ``participation``):

* ``<project_slug>/ideen/<idea_pk>/unterstuetzen/``               vote-cast      POST
* ``<project_slug>/ideen/<idea_pk>/unterstuetzung-zurueckziehen/`` vote-withdraw  POST
"""


from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.navigation import safe_next
from participation.ideas.models import Idea
from participation.ideas.services import votes as services
from projects.rules import can_see_project


def _idea_or_404(request, project_slug: str, idea_pk: int) -> Idea:
    idea = (
        Idea.objects.select_related("project")
        .prefetch_related("project__phases")
        .filter(pk=idea_pk, project__slug=project_slug)
        .first()
    )
    if idea is None or not can_see_project(request.user, idea.project):
        raise Http404(_("Diese Idee gibt es nicht."))
    return idea


def _act(request, project_slug: str, idea_pk: int, *, cast: bool):
    idea = _idea_or_404(request, project_slug, idea_pk)
    back = safe_next(request, idea.get_absolute_url(), anchor=f"vote-{idea.pk}")
    if not request.user.is_authenticated:
        login = reverse("account_login")
        return HttpResponseRedirect(f"{login}?{urlencode({'next': back})}")
    try:
        if cast:
            services.vote_cast(user=request.user, idea=idea)
        else:
            services.vote_withdraw(user=request.user, idea=idea)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        idea.refresh_from_db(fields=["vote_count"])
        count = ngettext(
            "Sie hat jetzt %(count)s Unterstützung.",
            "Sie hat jetzt %(count)s Unterstützungen.",
            idea.vote_count,
        ) % {"count": idea.vote_count}
        done = (
            _("Danke! Sie unterstützen jetzt die Idee „%(title)s“.") % {"title": idea.title}
            if cast
            else _("Sie unterstützen die Idee „%(title)s“ nicht mehr.") % {"title": idea.title}
        )
        messages.success(request, f"{done} {count}")
    return HttpResponseRedirect(back)


@require_POST
def vote_cast(request, project_slug: str, idea_pk: int):
    return _act(request, project_slug, idea_pk, cast=True)


@require_POST
def vote_withdraw(request, project_slug: str, idea_pk: int):
    return _act(request, project_slug, idea_pk, cast=False)


