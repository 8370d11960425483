"""The strategy tracker in the Django admin.

Who sees what (the rules are in ``measures.rules``; the admin only asks them):

* Strategy staff (superusers, or the *global* ``measures.change_measure`` permission)
  see and change everything, assign object permissions, import the catalogue.
* A measure manager (staff with the *object* permission ``measures.change_measure``,
  directly or through the group of their organisational unit) sees only their measures
  with their Sachstände, milestones and indicators, and changes only what is not
  reserved to strategy staff. Everything else is absent: another unit's measure URL gets
  the admin's usual "does not exist" redirect, on its history page too.
* Staff with the *global* ``measures.view_measure`` permission see everything read-only.

Every write goes through ``services``; a refusal from a service comes back as an admin
error message, never as a 500 (``core.admin.DomainErrorsAdminMixin``).

The package: ``permissions`` (the answers above, asked once per request, and the mixins
that scope rows to a measure), ``refusals`` (the guarded revert page),
``parts`` (rows saved through the measure-part services), ``filters``, ``widgets``, and
one module per page: ``measures``, ``progress``, ``milestones``, ``indicators``,
``structure``. Importing them registers the admin classes.
"""

from . import indicators, measures, milestones, progress, structure  # noqa: F401  (registers)
from .widgets import LocationWidget

__all__ = ["LocationWidget"]
