"""Ideas, comments and votes in the page cache (``core.pagecache``).

Pages: a project's idea list and the idea pages (their tags below), the map's districts,
and the API lists of ideas and comments. Changes: an idea created, edited, answered
(status, official response), hidden or restored, a vote cast or withdrawn, a comment
written, edited, deleted or hidden invalidate

* the idea's page (``idea:<pk>``), its project's list and page (``ideas:project:<slug>``:
  they count votes and comments), the API lists (``ideas``);
* for a comment on a measure or a project, that page (``measure:<slug>``,
  ``project:<slug>``);
* for an idea, the measures' pages showing the ideas they took up (``ideas:taken-up``).

Names of people are on many pages (``people``): a changed name or a deleted account
invalidates them all (``users``, ``contributions_release``).
"""

from django.core.exceptions import ObjectDoesNotExist

from core import pagecache
from measures.pagecache import STRATEGY, measure_tag
from participation.ideas.targets import spec_of_comment
from projects.pagecache import PROJECTS, project_ideas_tag, project_tag

IDEAS = "ideas"
PEOPLE = "people"
TAKEN_UP = "ideas:taken-up"


def idea_tag(pk) -> str:
    return f"idea:{pk}"


def _project_slug(project_id) -> str | None:
    from projects.models import Project

    return Project.objects.filter(pk=project_id).values_list("slug", flat=True).first()


def idea_tags(idea) -> tuple[str, ...]:
    slug = _project_slug(idea.project_id)
    return (idea_tag(idea.pk), IDEAS, TAKEN_UP, *([project_ideas_tag(slug)] if slug else []))


def _idea_tags_by_id(idea_id) -> tuple[str, ...]:
    from projects.models import Project

    slug = Project.objects.filter(ideas__pk=idea_id).values_list("slug", flat=True).first()
    return (idea_tag(idea_id), IDEAS, *([project_ideas_tag(slug)] if slug else []))


def comment_tags(comment) -> tuple[str, ...]:
    if comment.idea_id:
        return _idea_tags_by_id(comment.idea_id)
    try:
        if comment.measure_id:
            return (IDEAS, measure_tag(comment.measure.slug))
        if comment.project_id:
            return (IDEAS, project_tag(comment.project.slug))
        spec = spec_of_comment(comment)
        if spec is not None:  # a proposal: its budget's project page shows the budget
            return (IDEAS, project_tag(spec.project(getattr(comment, spec.kind)).slug))
    except ObjectDoesNotExist:  # deleted with its measure or project
        pass
    return (IDEAS,)


def vote_tags(vote) -> tuple[str, ...]:
    return _idea_tags_by_id(vote.idea_id)


def item_tags(item) -> tuple[str, ...]:
    """The tags of an idea, a comment or a vote (moderation and the admin use it)."""
    from .models import Comment, Idea, Vote

    if isinstance(item, Idea):
        return idea_tags(item)
    if isinstance(item, Comment):
        return comment_tags(item)
    if isinstance(item, Vote):
        return vote_tags(item)
    return (IDEAS,)


def item_changed(item) -> None:
    pagecache.invalidate(*item_tags(item))


# --- receivers of the domain events ----------------------------------------------------


def on_idea_event(sender, *, idea, **kwargs) -> None:
    item_changed(idea)


def on_comment_created(sender, *, comment, **kwargs) -> None:
    item_changed(comment)


def on_vote_cast(sender, *, vote, idea, **kwargs) -> None:
    item_changed(vote)


# --- routes ---------------------------------------------------------------------------------


def _idea_list_tags(request, project_slug, **kwargs):
    return (PROJECTS, project_ideas_tag(project_slug), PEOPLE)


def _idea_page_tags(request, project_slug, pk, **kwargs):
    # STRATEGY: the page names the measure the idea was taken up by.
    return (PROJECTS, STRATEGY, idea_tag(pk), PEOPLE)


def _api_idea_tags(request, pk=None, **kwargs):
    return (PROJECTS, PEOPLE, idea_tag(pk) if pk is not None else IDEAS)


def connect() -> None:
    from projects.pagecache import seconds_until_phase_change

    from . import events

    pagecache.cache_for_anonymous(
        "ideas:idea-list", tags=_idea_list_tags, expires=seconds_until_phase_change
    )
    pagecache.cache_for_anonymous(
        "ideas:idea-detail", tags=_idea_page_tags, expires=seconds_until_phase_change
    )
    pagecache.cache_for_anonymous("ideas:districts-geojson", tags=["districts"])
    for kind in ("list", "detail"):
        # The API shows nothing that a phase's start or end changes.
        pagecache.cache_for_anonymous(
            f"ideas-api:idea-{kind}", tags=_api_idea_tags, vary_on_accept=True
        )
        pagecache.cache_for_anonymous(
            f"ideas-api:comment-{kind}", tags=[IDEAS, PEOPLE], vary_on_accept=True
        )

    for signal, receiver in (
        (events.idea_created, on_idea_event),
        (events.idea_answered, on_idea_event),
        (events.comment_created, on_comment_created),
        (events.vote_cast, on_vote_cast),
    ):
        signal.connect(receiver, dispatch_uid=f"pagecache.{receiver.__name__}")
    pagecache.invalidate_on_change(pagecache.app_models("ideas"), item_tags, uid="pagecache.ideas")
