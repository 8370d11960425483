"""Downloads of a project's ideas, comments and votes for evaluation (CSV, XLSX), linked
from the moderation queue ("Auswertung exportieren") and the project's admin page.

Thin: ``participation.ideas.exports.project_export`` checks who may export and what they get
(personal data only for staff); a refusal is a 403, anonymous people go to the login.
The response is never cached (it may hold personal data).
"""

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from participation.ideas import exports
from projects.selectors import visible_project_or_404


@require_safe
@never_cache
def export(request, project_slug: str, what: str, fmt: str):
    project = visible_project_or_404(user=request.user, slug=project_slug, with_phases=False)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    file = exports.project_export(
        user=request.user,
        project=project,
        what=what,
        fmt=fmt,
        absolute=request.build_absolute_uri,
    )
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=file.filename
    )
    return response


