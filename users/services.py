"""Writes to a person's own account data. Sign-up, e-mail addresses and passwords are
django-allauth's flows (see adapter.py); the public profile is changed here.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import Invalid, NotAllowed
from geo.models import District

from .models import User

DISPLAY_NAME_MAX_LENGTH = User._meta.get_field("display_name").max_length


def language_codes() -> set[str]:
    """The languages a person can choose: the site's languages."""
    return {code for code, _name in settings.LANGUAGES}


def clean_display_name(value: str) -> str:
    """The display name as it will be shown, or ValidationError with a clear message.

    Shown next to everything a person writes, so it must not be empty and must not be an
    e-mail address (which would make a private address public by mistake)."""
    value = " ".join((value or "").split())
    if not value:
        raise Invalid(
            _("Bitte geben Sie einen Anzeigenamen an. Ein Pseudonym ist erlaubt."),
            code="required",
        )
    if len(value) > DISPLAY_NAME_MAX_LENGTH:
        raise Invalid(
            _("Der Anzeigename darf höchstens %(max)d Zeichen lang sein.")
            % {"max": DISPLAY_NAME_MAX_LENGTH},
            code="max_length",
        )
    if "@" in value:
        raise Invalid(
            _(
                "Bitte verwenden Sie keine E-Mail-Adresse als Anzeigenamen: "
                "er ist öffentlich sichtbar."
            ),
            code="email_as_name",
        )
    return value


@transaction.atomic
def user_profile_update(
    *,
    user: User,
    display_name: str,
    home_district: District | None,
    preferred_language: str,
) -> User:
    """Change the public profile of ``user``: display name, home district, language.

    Called for the signed-in person themself (the profile page passes ``request.user``);
    staff change other people's data in the admin. Notifies no one. Raises
    ValidationError (per field) for bad values and PermissionDenied for a visitor or a
    deactivated account.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        raise NotAllowed(_("Bitte melden Sie sich an, um Ihr Profil zu ändern."))
    errors: dict[str, ValidationError] = {}
    try:
        display_name = clean_display_name(display_name)
    except ValidationError as exc:
        errors["display_name"] = exc
    if preferred_language not in language_codes():
        errors["preferred_language"] = ValidationError(
            _("Diese Sprache wird nicht angeboten."), code="invalid_choice"
        )
    if home_district is not None and home_district.pk is None:
        errors["home_district"] = ValidationError(
            _("Diesen Ortsteil gibt es nicht."), code="invalid_choice"
        )
    if errors:
        raise Invalid(errors)

    user.display_name = display_name
    user.home_district = home_district
    user.preferred_language = preferred_language
    user.save(update_fields=["display_name", "home_district", "preferred_language"])
    return user
