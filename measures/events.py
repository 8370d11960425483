"""Domain events of the strategy tracker.

Higher apps (participation: follows and notifications) connect receivers in their
``AppConfig.ready()``; measures never imports them. Events are sent after commit,
except ``measure_changed`` (inside the transaction, for the page cache).
"""

from django.dispatch import Signal

# kwargs: update (ProgressUpdate), measure (Measure)
progress_update_published = Signal()
# kwargs: milestone (Milestone), measure (Measure)
milestone_reached = Signal()
# kwargs: measure (Measure): its master data was created or changed (measure_save,
# measure_create); sent inside the transaction
measure_changed = Signal()
