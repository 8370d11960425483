"""The Bürgerbudget in the admin: one module per area, imported here so Django's
autodiscovery registers them."""

from . import ballots, budgets, proposals, results, review  # noqa: F401
