"""The shapes of the polls in the API: the poll with its questionnaire, its results and
the answers a person submits. Output serializers take plain dicts and objects built by
the views (``views.py``); the input serializer checks the shape only, the services
check the answers."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import ConditionOperator, QuestionKind, ResultsVisibility

STATES = (
    ("upcoming", _("noch nicht begonnen")),
    ("open", _("läuft")),
    ("ended", _("beendet")),
)


class PollSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    intro = serializers.CharField(allow_blank=True)
    project = serializers.SlugField(help_text=_("Kurzname des Projekts."))
    project_title = serializers.CharField()
    start = serializers.DateTimeField(help_text=_("Beginn der Umfrage (Phase)."))
    end = serializers.DateTimeField(help_text=_("Ende der Umfrage (Phase)."))
    state = serializers.ChoiceField(
        choices=STATES, help_text=_("upcoming: noch nicht begonnen, open: läuft, ended: beendet.")
    )
    anonymous = serializers.BooleanField(
        help_text=_("Anonym: die Antworten werden ohne Verbindung zur Person gespeichert.")
    )
    answers_changeable = serializers.BooleanField(
        help_text=_("Abgeschickte Antworten können bis zum Ende geändert werden.")
    )
    results_visibility = serializers.ChoiceField(
        choices=ResultsVisibility.choices,
        help_text=_(
            "live: Ergebnisse schon während der Umfrage, after_phase: nach ihrem Ende, "
            "staff: nur für die Verwaltung."
        ),
    )
    results_available = serializers.BooleanField(
        help_text=_("Ob Sie die Ergebnisse jetzt abrufen dürfen (…/results/).")
    )
    url = serializers.URLField(help_text=_("Die Seite der Umfrage."))


class ChoiceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    is_other = serializers.BooleanField(
        help_text=_("„Sonstiges, nämlich …“: wer sie wählt, schreibt einen Text dazu (other).")
    )


class RowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()


class ConditionSerializer(serializers.Serializer):
    question = serializers.IntegerField(help_text=_("Die frühere Frage."))
    operator = serializers.ChoiceField(choices=ConditionOperator.choices)
    choice = serializers.IntegerField(help_text=_("Die Antwortmöglichkeit der früheren Frage."))


class QuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=QuestionKind.choices)
    text = serializers.CharField()
    help_text = serializers.CharField(allow_blank=True)
    required = serializers.BooleanField()
    min_choices = serializers.IntegerField(allow_null=True)
    max_choices = serializers.IntegerField(allow_null=True)
    confidential = serializers.BooleanField(
        help_text=_("Vertraulich: in den Ergebnissen nur die Zahl der Antworten.")
    )
    condition = ConditionSerializer(
        allow_null=True, help_text=_("Nur zu beantworten, wenn die Bedingung gilt.")
    )
    choices = ChoiceSerializer(many=True)
    rows = RowSerializer(many=True, help_text=_("Die Zeilen einer Matrix."))


class SectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    questions = QuestionSerializer(many=True)


class PollDetailSerializer(PollSerializer):
    sections = SectionSerializer(many=True)


# --- Results ------------------------------------------------------------------------------


class CountSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text=_("Antwortmöglichkeit oder Ortsteil."))
    text = serializers.CharField(allow_blank=True)
    count = serializers.IntegerField()
    percent = serializers.FloatField(
        help_text=_("Anteil an allen, die die Frage (die Zeile) beantwortet haben.")
    )


class RowResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    answered = serializers.IntegerField()
    choices = CountSerializer(many=True)


class RankSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    places = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("Wie oft auf Platz 1, 2, …")
    )
    mean_rank = serializers.FloatField(allow_null=True)
    borda = serializers.IntegerField(
        help_text=_("Punkte: Platz 1 so viele, wie es Antworten gibt, der letzte einen.")
    )


class NumberStatsSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    minimum = serializers.DecimalField(max_digits=20, decimal_places=6, allow_null=True)
    maximum = serializers.DecimalField(max_digits=20, decimal_places=6, allow_null=True)
    mean = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    median = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)


class MonthSerializer(serializers.Serializer):
    month = serializers.CharField(help_text=_("Jahr und Monat, z. B. 2026-05."))
    count = serializers.IntegerField()


class DateStatsSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    earliest = serializers.DateField(allow_null=True)
    latest = serializers.DateField(allow_null=True)
    months = MonthSerializer(many=True)


class QuestionResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField(help_text=_("Nummer in der Reihenfolge der Umfrage."))
    kind = serializers.ChoiceField(choices=QuestionKind.choices)
    text = serializers.CharField()
    answered = serializers.IntegerField(help_text=_("Antwortbögen mit einer Antwort hierauf."))
    restricted = serializers.BooleanField(
        help_text=_("Vertrauliche Frage: nur die Zahl der Antworten wird veröffentlicht.")
    )
    choices = CountSerializer(many=True, help_text=_("Einfach- und Mehrfachauswahl, Ortsteil."))
    rows = RowResultSerializer(many=True, help_text=_("Matrix: je Zeile."))
    ranks = RankSerializer(many=True, help_text=_("Rangfolge, nach Punkten."))
    numbers = NumberStatsSerializer(allow_null=True)
    dates = DateStatsSerializer(allow_null=True)
    points = serializers.DictField(
        allow_null=True, help_text=_("Orte auf der Karte als GeoJSON FeatureCollection.")
    )
    point_districts = CountSerializer(many=True, help_text=_("Die Orte je Ortsteil."))
    texts = serializers.ListField(
        child=serializers.CharField(), help_text=_("Freitexte: nur für die Verwaltung.")
    )
    other_texts = serializers.ListField(
        child=serializers.CharField(), help_text=_("Texte zu „Sonstiges“: nur für die Verwaltung.")
    )


class BreakdownSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    districts = serializers.ListField(
        child=serializers.CharField(allow_blank=True),
        help_text=_("Die Spalten: Ortsteile, zuletzt leer für „ohne Angabe“."),
    )
    rows = serializers.ListField(
        child=serializers.DictField(),
        help_text=_("Je Antwortmöglichkeit: text und counts (je Spalte)."),
    )


class PollResultsSerializer(serializers.Serializer):
    poll = serializers.IntegerField()
    submissions = serializers.IntegerField(help_text=_("Abgeschickte Antwortbögen."))
    questions = QuestionResultSerializer(many=True)
    district_question = serializers.IntegerField(
        allow_null=True, help_text=_("Die Ortsteil-Frage der Aufschlüsselung.")
    )
    breakdowns = BreakdownSerializer(many=True)


# --- Submitting ---------------------------------------------------------------------------


def _digits(value, what: str) -> int:
    text = str(value)
    if not text.isdigit() or len(text) > 9:
        raise serializers.ValidationError(
            _("%(what)s: bitte die Nummer (id) angeben.") % {"what": what}
        )
    return int(text)


class AnswerInputSerializer(serializers.Serializer):
    values = serializers.ListField(
        child=serializers.CharField(max_length=5000, allow_blank=True, trim_whitespace=False),
        required=False,
        max_length=100,
        help_text=_(
            "Die gewählten Antwortmöglichkeiten (ids) oder der eine Wert: Text, Zahl "
            "(12 oder 3,5), Datum (2026-05-01), Ortsteil (id)."
        ),
    )
    other = serializers.CharField(
        max_length=300, required=False, allow_blank=True, help_text=_("Text zu „Sonstiges“.")
    )
    cells = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField(max_length=20), max_length=100),
        required=False,
        help_text=_("Matrix: Zeile (id) → gewählte Antwortmöglichkeiten (ids)."),
    )
    ranks = serializers.DictField(
        child=serializers.CharField(max_length=5, allow_blank=True),
        required=False,
        help_text=_("Rangfolge: Antwortmöglichkeit (id) → Rang (1 …)."),
    )
    latitude = serializers.CharField(max_length=30, required=False, allow_blank=True)
    longitude = serializers.CharField(max_length=30, required=False, allow_blank=True)
    district = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        help_text=_("Ort ohne Karte: Ortsteil (id), dazu description."),
    )
    description = serializers.CharField(
        max_length=300, required=False, allow_blank=True, help_text=_("Beschreibung des Orts.")
    )

    def validate_cells(self, value):
        if len(value) > 100:
            raise serializers.ValidationError(_("Zu viele Zeilen."))
        return {_digits(key, _("Zeile")): choices for key, choices in value.items()}

    def validate_ranks(self, value):
        if len(value) > 100:
            raise serializers.ValidationError(_("Zu viele Antwortmöglichkeiten."))
        return {_digits(key, _("Antwortmöglichkeit")): rank for key, rank in value.items()}


class SubmissionInputSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=AnswerInputSerializer(),
        help_text=_(
            "Frage (id) → Antwort. Fragen, deren Bedingung nicht gilt, werden übergangen; "
            "Pflichtfragen müssen beantwortet sein."
        ),
    )

    def validate_answers(self, value):
        if len(value) > 500:
            raise serializers.ValidationError(_("Zu viele Fragen."))
        return {_digits(key, _("Frage")): answer for key, answer in value.items()}


class SubmissionSerializer(serializers.Serializer):
    id = serializers.UUIDField(
        allow_null=True,
        help_text=_("Der Antwortbogen (zufällige Kennung); leer bei anonymen Umfragen."),
    )
    submitted_on = serializers.DateField()
    anonymous = serializers.BooleanField()


class RefusalSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("Warum es nicht geht."))
    code = serializers.CharField(
        help_text=_(
            "sign_in, verify, resident, not_eligible, closed, duplicate, forbidden: was "
            "im Weg steht."
        )
    )
