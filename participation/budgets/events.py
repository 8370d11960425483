"""Domain events of the Bürgerbudget.

The services send them inside the action's transaction, so what a receiver writes
(notifications) is committed or rolled back with the action itself. Higher apps
connect their receivers in ``AppConfig.ready()``; budgets never imports them.
"""

from django.dispatch import Signal

# kwargs: proposal (Proposal), actor (the reviewer): the published decision or its
# reason changed (valid, invalid, merged)
proposal_reviewed = Signal()
# kwargs: confirmation (BoardConfirmation), actor: the board confirmed the ballot (frozen)
board_confirmed = Signal()
# kwargs: correction (Correction), proposal (Proposal), actor: a change after the freeze
proposal_corrected = Signal()
