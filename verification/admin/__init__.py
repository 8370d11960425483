"""Verified residents in the Django admin (issue #14, the staff side).

* ``register``: the imports of the register extract — import a CSV file, delete the
  extract now; never a list of register entries (``RegisterEntry`` is not registered).
* ``verifications``: the confirmations (read-only), revoking one with a reason the
  person reads, the counts by method and district, and confirming at the desk.

Every write is a service call (``verification.register_import``,
``verification.services``, ``verification.desk``).
"""

from . import register, verifications  # noqa: F401  (registers the model admins)
