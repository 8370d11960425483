"""Domain events of ideas, comments and votes.

The services send them inside the action's transaction, so what a receiver writes
(notifications, automatic follows) is committed or rolled back with the action itself.
Higher apps connect their receivers in ``AppConfig.ready()``; ideas never imports them.
"""

from django.dispatch import Signal

# kwargs: idea (Idea), author (the user who proposed it)
idea_created = Signal()
# kwargs: idea (Idea), actor (the moderator): its status or the city's response changed
idea_answered = Signal()
# kwargs: comment (Comment), target (the Idea, Measure or Project it is on)
comment_created = Signal()
# kwargs: vote (Vote), idea (Idea, locked), user (the voter)
vote_cast = Signal()
