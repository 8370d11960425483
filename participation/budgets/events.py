"""Domain events of the Bürgerbudget.

The services send them inside the action's transaction, so what a receiver writes
(notifications, automatic follows) is committed or rolled back with the action itself.
Higher apps (``participation.notifications``) connect their receivers in
``AppConfig.ready()``; budgets never imports them.
"""

from django.dispatch import Signal

# kwargs: proposal (Proposal), author (the user who submitted it online)
proposal_submitted = Signal()
# kwargs: proposal (Proposal, now merged), into (Proposal), actor (staff), reason (str)
proposal_merged = Signal()
# kwargs: proposal (Proposal), actor (the reviewer): the published decision or its
# reason changed (valid, invalid, merged)
proposal_reviewed = Signal()
# kwargs: confirmation (BoardConfirmation), actor: the board confirmed the ballot (frozen)
board_confirmed = Signal()
# kwargs: correction (Correction), proposal (Proposal), actor: a change after the freeze
proposal_corrected = Signal()
# kwargs: budget (Budget), count (the published Count), actor (who published it); sent
# after the publication's commit (the protocol PDF is stored by then)
budget_results_published = Signal()
