"""Verified residents in the Django admin (issue #14, the staff side).

* ``register``: the imports of the register extract — import a CSV file, delete the
  extract now; never a list of register entries (``RegisterEntry`` is not registered).
* ``verifications``: the confirmations (read-only), revoking one with a reason the
  person reads, the counts by method and district, and confirming at the desk.
* ``letters``: the letters with a code (never a code or an address shown) and printing
  the waiting ones as one PDF for the print shop.

Every write is a service call (``verification.register_import``,
``verification.services``, ``verification.desk``).
"""

from . import letters, register, verifications  # noqa: F401  (registers the model admins)
