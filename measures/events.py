"""Domain events of the strategy tracker.

Higher apps (participation: follows and notifications) connect receivers in their
``AppConfig.ready()``; measures never imports them. Events are sent after commit.
"""

from django.dispatch import Signal

# kwargs: update (ProgressUpdate), measure (Measure)
progress_update_published = Signal()
# kwargs: milestone (Milestone), measure (Measure)
milestone_reached = Signal()
