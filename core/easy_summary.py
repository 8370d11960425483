"""The summary in Leichte Sprache (BITV 2.0 §4) that measures, bundles, projects, phases
and Bürgerbudget proposals carry: one definition, so the label, the hint for the
writers and the limit are the same in every admin form.

The text is German only (Leichte Sprache is a German standard) and is not translated;
pages show it behind the toggle "In Leichter Sprache" (``includes/easy_summary.html``),
marked ``lang="de"`` on pages in other languages.
"""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

EASY_SUMMARY_MAX_LENGTH = 3000


def easy_summary_field() -> models.TextField:
    """The optional ``easy_summary`` field of a model."""
    return models.TextField(
        _("Zusammenfassung in Leichter Sprache"),
        blank=True,
        validators=[MaxLengthValidator(EASY_SUMMARY_MAX_LENGTH)],
        help_text=_(
            "Optional. Nach den Regeln des Netzwerks Leichte Sprache: kurze Sätze, eine "
            "Aussage je Satz, jeder Satz in einer eigenen Zeile; bekannte Wörter; lange "
            "Wörter mit Medio·punkt trennen (Bürger·budget); die Leserinnen und Leser mit "
            "„Sie“ ansprechen. Erscheint auf der Seite hinter „In Leichter Sprache“."
        ),
    )


# What the API schema says about the field (the readers of the API, not the writers).
EASY_SUMMARY_API_HELP = _(
    "Zusammenfassung in Leichter Sprache (nur Deutsch, ein Satz je Zeile); leer, wenn es "
    "keine gibt."
)
