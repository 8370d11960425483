"""Who may manage which measure. Checked inside the services; views and the admin ask
the same functions so that every entry point gives the same answer.

* Administrators (superusers) and strategy staff holding the *global*
  ``measures.change_measure`` permission manage every measure.
* A measure manager holds the *object* permission ``measures.change_measure`` on a
  measure (django-guardian), granted to the person or to the group of an organisational
  unit; they manage that measure with its milestones, updates and indicators only.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from guardian.shortcuts import get_objects_for_user

from core.rules import Refusal, cached, has_global_perm, has_object_perm, is_active_user

from .models import Measure

CHANGE_MEASURE = "measures.change_measure"


def manages_all_measures(user) -> bool:
    return has_global_perm(user, CHANGE_MEASURE)


def manages_measure(user, measure: Measure) -> bool:
    return manages_all_measures(user) or has_object_perm(user, CHANGE_MEASURE, measure)


def measures_managed_by(user) -> QuerySet[Measure]:
    """The measures ``user`` may change: all, some (object permissions) or none."""
    if not is_active_user(user):
        return Measure.objects.none()
    if manages_all_measures(user):
        return Measure.objects.all()
    return get_objects_for_user(user, CHANGE_MEASURE, klass=Measure, accept_global_perms=False)


def is_measure_manager(user) -> bool:
    """Staff who may open the admin's measure pages at all."""
    return manages_all_measures(user) or cached(
        user, "manages_some_measure", lambda: measures_managed_by(user).exists()
    )


def may_manage_units(user, *, adding: bool = False) -> Refusal | None:
    """Create or change the city's organisational units (who manages which measures
    follows from them): holders of the model permission (administrators)."""
    perm = "measures.add_organisationalunit" if adding else "measures.change_organisationalunit"
    if has_global_perm(user, perm):
        return None
    return Refusal("forbidden", _("Nur die Verwaltung darf Organisationseinheiten ändern."))
