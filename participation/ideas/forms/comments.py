"""The comment form: one text field, used for new comments, replies and edits.

Several forms share one page (the new comment, a reply form per comment, an edit form
per own comment): ``auto_id`` gives each its own element ids, while the field name stays
``text`` so every endpoint reads the same POST data.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import HoneypotMixin
from participation.ideas.services.comments import TEXT_MAX_LENGTH


class CommentForm(HoneypotMixin, forms.Form):
    text = forms.CharField(
        label=_("Ihr Kommentar"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Höchstens 3.000 Zeichen, nur Text; Links werden verlinkt. Ihr Anzeigename "
            "wird mit dem Kommentar veröffentlicht."
        ),
        error_messages={
            "required": _("Bitte schreiben Sie einen Kommentar."),
            "max_length": _(
                "Ein Kommentar hat höchstens %(limit_value)d Zeichen (dieser hat "
                "%(show_value)d)."
            ),
        },
    )

    def __init__(self, *args, label: str | None = None, id_prefix: str = "comment", **kwargs):
        kwargs.setdefault("auto_id", f"id_{id_prefix}_%s")
        super().__init__(*args, **kwargs)
        if label:
            self.fields["text"].label = label


def reply_form(comment, data=None) -> CommentForm:
    name = comment.author.public_name if comment.author_id and comment.author else ""
    label = (
        _("Ihre Antwort an %(name)s") % {"name": name} if name else _("Ihre Antwort")
    )
    form = CommentForm(data, label=label, id_prefix=f"reply_{comment.pk}")
    form.fields["text"].help_text = ""  # said once, at the new-comment form
    return form


def edit_form(comment, data=None) -> CommentForm:
    form = CommentForm(
        data,
        initial={"text": comment.text},
        label=_("Ihr Kommentar"),
        id_prefix=f"edit_{comment.pk}",
    )
    form.fields["text"].help_text = ""
    return form
