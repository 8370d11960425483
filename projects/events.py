"""Domain events of participation projects, sent inside the action's transaction.

Higher apps connect receivers in their ``AppConfig.ready()``; projects never imports
them."""

from django.dispatch import Signal

# kwargs: project (Project): its master data, status, phases or categories changed
project_changed = Signal()
