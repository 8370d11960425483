"""Forms of the moderation: reporting, the moderators' decisions (single and bulk), and
the author's review request. The rules live in ``services.moderation``; these forms
ask the same checks early so an error lands next to its field.

Radio groups render as a fieldset with a legend: the templates include
``RADIO_TEMPLATE`` for them (the site's form renderer only knows app templates).
Several action forms share the queue page: ``auto_id`` gives each its own element ids
while the field names stay the same for every endpoint.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from participation.moderation import services
from participation.moderation.models import FlagReason, ModerationDecision
from participation.moderation.selectors import parse_item_key

RADIO_TEMPLATE = "moderation/includes/radio_field.html"
RADIO_ATTRS = {"class": "kern-form-check__radio"}

STATEMENT_HELP = _(
    "Die Verfasserin oder der Verfasser sieht diese Begründung. Nennen Sie, was "
    "ausgeblendet wird, warum, und gegen welche Regel der Beitrag verstößt."
)


def _rule_field(required: bool = False) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Regel, gegen die der Beitrag verstößt"),
        choices=[("", _("– bitte wählen –")), *FlagReason.choices],
        required=required,
        help_text=_("Pflicht beim Ausblenden."),
    )


def _statement_field(label, help_text=STATEMENT_HELP) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=services.STATEMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
    )


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Warum melden Sie diesen Beitrag?"),
        choices=FlagReason.choices,
        widget=forms.RadioSelect(attrs=RADIO_ATTRS),
        error_messages={"required": _("Bitte wählen Sie einen Grund für die Meldung.")},
    )
    text = forms.CharField(
        label=_("Erläuterung"),
        required=False,
        max_length=services.REPORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Was genau ist nicht in Ordnung? Bei „Sonstiges“ bitte ausfüllen. Die "
            "Verfasserin oder der Verfasser erfährt nicht, wer gemeldet hat."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        text = (cleaned.get("text") or "").strip()
        if cleaned.get("reason") == FlagReason.OTHER and not text:
            self.add_error(
                "text", _("Bitte erläutern Sie kurz, was an dem Beitrag nicht in Ordnung ist.")
            )
        return cleaned


class ModerationActionForm(forms.Form):
    """One item: hide (rule and statement required), restore or dismiss the reports.
    The action comes from the submit button pressed (``name="action"``)."""

    hide_optional_marker = True  # rule and statement: required for hiding only (hint)

    action = forms.ChoiceField(
        choices=[(action, action) for action in services.BULK_ACTIONS],
        error_messages={"required": _("Bitte wählen Sie eine Aktion.")},
    )
    rule = _rule_field()
    statement = _statement_field(_("Begründung"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "hide":
            _check_hide(self, cleaned)
        return cleaned


def _check_hide(form: forms.Form, cleaned: dict) -> None:
    try:
        services.validate_hide(
            rule=cleaned.get("rule") or "", statement=cleaned.get("statement") or ""
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                if name not in form.errors or message not in form.errors[name]:
                    form.add_error(name, message)


class ItemKeysField(forms.Field):
    """The checked items of the bulk form: values like ``idea:5`` or ``comment:7``."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else [value] if value else []
        keys = []
        for raw in values:
            key = parse_item_key(str(raw))
            if key is None:
                raise ValidationError(_("Ungültige Auswahl."), code="invalid")
            if key not in keys:
                keys.append(key)
        return keys

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")


class BulkActionForm(forms.Form):
    """Several items at once; the checkboxes sit beside each item on the queue page and
    belong to this form through their ``form`` attribute (no JavaScript needed)."""

    hide_optional_marker = True

    items = ItemKeysField(
        label=_("Ausgewählte Beiträge"),
        error_messages={"required": _("Bitte wählen Sie mindestens einen Beitrag aus.")},
    )
    action = forms.ChoiceField(
        label=_("Aktion für die ausgewählten Beiträge"),
        choices=[
            ("", _("– bitte wählen –")),
            ("hide", _("Ausblenden")),
            ("restore", _("Wiederherstellen")),
            ("dismiss", _("Meldungen zurückweisen")),
        ],
        error_messages={"required": _("Bitte wählen Sie eine Aktion.")},
    )
    rule = _rule_field()
    statement = _statement_field(
        _("Gemeinsame Begründung"),
        help_text=_(
            "Gilt für alle ausgewählten Beiträge und ist für ihre Verfasserinnen und "
            "Verfasser sichtbar. Pflicht beim Ausblenden: was, warum, welche Regel."
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "bulk_%s")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "hide":
            _check_hide(self, cleaned)
        return cleaned


class ReviewRequestForm(forms.Form):
    text = forms.CharField(
        label=_("Warum soll die Entscheidung überprüft werden?"),
        max_length=services.REVIEW_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Eine Moderatorin oder ein Moderator prüft die Entscheidung erneut und "
            "teilt Ihnen das Ergebnis mit. Sie können die Überprüfung nur einmal beantragen."
        ),
        error_messages={
            "required": _("Bitte schreiben Sie, warum die Entscheidung überprüft werden soll.")
        },
    )


class ReviewDecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Ergebnis der Überprüfung"),
        choices=[
            (
                ModerationDecision.ReviewOutcome.UPHELD,
                _("Entscheidung bestätigen (bleibt ausgeblendet)"),
            ),
            (
                ModerationDecision.ReviewOutcome.REVERSED,
                _("Entscheidung aufheben (Beitrag wieder sichtbar)"),
            ),
        ],
        widget=forms.RadioSelect(attrs=RADIO_ATTRS),
        error_messages={"required": _("Bitte wählen Sie das Ergebnis der Überprüfung.")},
    )
    statement = forms.CharField(
        label=_("Begründung für die Verfasserin oder den Verfasser"),
        max_length=services.STATEMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Bitte begründen Sie das Ergebnis der Überprüfung.")
        },
    )
