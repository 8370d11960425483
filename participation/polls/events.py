"""Domain events of the polls, sent by the services inside the action's transaction.
Higher apps (notifications, the results slice) connect receivers in ``ready()``."""

from django.dispatch import Signal

# kwargs: poll (Poll), person (who took part), submission (Submission; None in an
# anonymous poll, so that no receiver can tie the answers to the person)
poll_submitted = Signal()
