"""Texts in every language in the API (see core/translation.py).

A serializer with ``TranslatedFieldsMixin`` and ``translated_fields = ("title", "summary")``
shows, for each of these fields, the field as before – always the German text, whatever
language the request asks for, so existing clients keep what they read – and right after
it one field per language: ``title_de``, ``title_en`` (null where there is no text in
that language).
"""

from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


class LanguageTextField(serializers.CharField):
    """One language's text; null where that language has none (also for an empty text)."""

    def to_representation(self, value):
        return super().to_representation(value) if value else None


class SourceLanguageTextField(serializers.CharField):
    """The German text under the field's old name: a string as before ("" where empty)."""

    def get_attribute(self, instance):
        return super().get_attribute(instance) or ""


class TranslatedFieldsMixin:
    translated_fields: tuple[str, ...] = ()
    # Fields the serializer declares itself (e.g. a computed German title): kept as they are.
    translated_fields_keep: tuple[str, ...] = ()

    def get_fields(self):
        fields = super().get_fields()
        model = self.Meta.model
        result = {}
        for name, field in fields.items():
            if name not in self.translated_fields:
                result[name] = field
                continue
            label = model._meta.get_field(name).verbose_name
            if name in self.translated_fields_keep:
                result[name] = field
            else:
                result[name] = SourceLanguageTextField(
                    source=f"{name}_{SOURCE_LANGUAGE}",
                    read_only=True,
                    label=label,
                    help_text=format_lazy(
                        "{} {}",
                        label,
                        _(
                            "auf Deutsch (bleibt für bestehende Anwendungen; alle Sprachen: "
                            "die Felder mit Sprachkürzel)."
                        ),
                    ),
                )
            for code, language in settings.LANGUAGES:
                result[f"{name}_{code}"] = LanguageTextField(
                    read_only=True,
                    allow_null=True,
                    label=format_lazy("{} ({})", label, language),
                    help_text=(
                        format_lazy("{} ({})", label, language)
                        if code == SOURCE_LANGUAGE
                        else format_lazy(
                            "{} ({}); {}", label, language, _("null: keine Übersetzung.")
                        )
                    ),
                )
        return result
