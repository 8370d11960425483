"""What ideas stores about one person, for their copy of their data (GDPR art. 15) and
for the retention rules: a fixed number of queries whatever the amount of data."""

from __future__ import annotations

from django.db.models import QuerySet

from participation.ideas.models import Comment, Idea, Vote
from participation.ideas.targets import comment_select_related, spec_of_comment


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _comment_target(comment: Comment) -> dict:
    if comment.idea_id:
        return {"type": "idea", "id": comment.idea_id, "title": comment.idea.title}
    if comment.measure_id:
        return {"type": "measure", "code": comment.measure.code, "title": comment.measure.title}
    spec = spec_of_comment(comment)
    if spec is not None:  # a Bürgerbudget proposal
        return {"type": spec.kind, "id": getattr(comment, f"{spec.kind}_id"),
                "title": spec.title(getattr(comment, spec.kind))}
    return {"type": "project", "slug": comment.project.slug, "title": comment.project.title}


def photo_path(idea: Idea) -> str:
    """Where a person's idea photo lies in their copy of their data."""
    return f"fotos/idee-{idea.pk}-{idea.image.name.rsplit('/', 1)[-1]}"


def personal_data(user) -> tuple[dict, list[tuple[str, object]]]:
    """({"ideas", "comments", "votes"} as JSON values, [(path, file field)] of photos)."""
    ideas = list(
        Idea.objects.filter(author=user).select_related("project", "category", "district")
    )
    comments = Comment.objects.filter(author=user).select_related(
        "idea", "measure", "project", *comment_select_related()
    )
    data = {
        "ideas": [
            {
                "id": idea.pk,
                "project": idea.project.title,
                "title": idea.title,
                "text": idea.text,
                "category": idea.category.name if idea.category_id else None,
                "district": idea.district.name if idea.district_id else None,
                "location": idea.location or None,
                "place_description": idea.place_description,
                "photo": photo_path(idea) if idea.image else None,
                "photo_description": idea.image_alt,
                "status": idea.status,
                "official_response": idea.official_response,
                "hidden": idea.is_hidden,
                "created_at": _iso(idea.created_at),
                "updated_at": _iso(idea.updated_at),
            }
            for idea in ideas
        ],
        "comments": [
            {
                "id": c.pk,
                "on": _comment_target(c),
                "reply_to": c.parent_id,
                "text": c.text,
                "deleted": c.is_deleted,
                "hidden": c.is_hidden,
                "created_at": _iso(c.created_at),
                "edited_at": _iso(c.edited_at),
            }
            for c in comments
        ],
        "votes": [
            {"idea": v.idea_id, "idea_title": v.idea.title, "created_at": _iso(v.created_at)}
            for v in Vote.objects.filter(user=user).select_related("idea")
        ],
    }
    photos = [(photo_path(idea), idea.image) for idea in ideas if idea.image]
    return data, photos


def without_contributions(users: QuerySet) -> QuerySet:
    """``users`` less the people who wrote an idea or a comment."""
    return users.exclude(
        pk__in=Idea.objects.exclude(author=None).values("author_id")
    ).exclude(pk__in=Comment.objects.exclude(author=None).values("author_id"))
