"""What moderation adds to other apps' pages (registered in ``apps.py``)."""

from core.sections import PageSection
from projects.rules import moderates_project


def project_moderation_section(request, project):
    """On the project page, for its moderators only: the link to the moderation queue."""
    if not moderates_project(request.user, project):
        return None
    return PageSection(
        template="moderation/sections/moderation_project.html",
        context={"project": project},
        order=10,
    )
