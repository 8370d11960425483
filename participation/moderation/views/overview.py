"""All moderation queues of the signed-in person on one page (the header's
"Moderation" link): each project they moderate, the comments on measures for the city's
moderation, the Bürgerbudget's review and paper-ballot queues, with what waits there."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from participation.moderation import selectors
from participation.moderation.rules import moderates_anything


@login_required
@require_GET
def overview(request):
    if not moderates_anything(request.user):
        raise PermissionDenied(_("Sie moderieren keinen Bereich dieser Website."))
    queues = selectors.moderation_overview(user=request.user)
    moderation = [queue for queue in queues if queue.kind in ("project", "measures")]
    budgets = [queue for queue in queues if queue.kind.startswith("budget-")]
    return render(
        request,
        "moderation/overview.html",
        {
            "moderation_queues": moderation,
            "budget_queues": budgets,
            "waiting": sum(queue.total for queue in queues),
        },
    )
