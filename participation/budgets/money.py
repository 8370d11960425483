"""Amounts of a Bürgerbudget in text: whole euros with the thousands grouped as the
active language groups them (9.000 in German, 9,000 in English). The one formatter of
the app's Python code (services' messages, forms, the admin, the ``money`` filter);
the sign is part of each translated sentence."""

from django.utils import formats


def euros(amount: int) -> str:
    return formats.number_format(amount, use_l10n=True, force_grouping=True)
