"""Moderation in the page cache (``core.pagecache``): hiding and restoring change the
item's pages (the placeholder with the statement of reasons instead of the text), and
so does any decision shown beside an item. The tags are the item's own
(``participation.ideas.pagecache.item_tags``)."""

from django.core.exceptions import ObjectDoesNotExist

from core import pagecache
from participation.ideas.pagecache import item_changed, item_tags


def _decision_item(decision):
    return decision.idea if decision.idea_id else decision.comment


def on_content_hidden(sender, *, decision, **kwargs) -> None:
    item_changed(_decision_item(decision))


def on_review_decided(sender, *, review, decision, **kwargs) -> None:
    item_changed(_decision_item(decision))


def on_visibility_changed(sender, *, item, **kwargs) -> None:
    item_changed(item)


def _decision_tags(decision):
    try:
        return item_tags(_decision_item(decision))
    except ObjectDoesNotExist:  # the item was deleted with it
        return ("ideas",)


def connect() -> None:
    from . import events
    from .models import ModerationDecision

    for signal, receiver in (
        (events.content_hidden, on_content_hidden),
        (events.review_decided, on_review_decided),
        (events.visibility_changed, on_visibility_changed),
    ):
        signal.connect(receiver, dispatch_uid=f"pagecache.{receiver.__name__}")
    pagecache.invalidate_on_change([ModerationDecision], _decision_tags, uid="pagecache.moderation")
