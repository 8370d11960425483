"""Domain events of moderation, sent inside the action's transaction (see
``participation.ideas.events``); notifications connects its receivers in ``ready()``."""

from django.dispatch import Signal

# kwargs: flag (Flag): someone flagged an idea or a comment
flag_created = Signal()
# kwargs: decision (ModerationDecision): content was hidden, by a moderator or automatically
content_hidden = Signal()
# kwargs: review (the decision under review), decision (the new one): a review was answered
review_decided = Signal()
# kwargs: item (Idea or Comment), hidden (bool): an item was hidden or made visible again,
# by whatever decision (hide, restore, automatic hiding, a review)
visibility_changed = Signal()
