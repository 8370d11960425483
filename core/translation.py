"""Content in more languages: the helpers every app uses with django-modeltranslation.

The apps register their translated fields in their own ``translation.py`` (modeltranslation
imports these modules at start-up, this one first: ``core`` is the lowest app). A
translated field ``title`` has one column per language (``title_de``, ``title_en``);
``obj.title`` reads the active language and falls back to German
(``settings.MODELTRANSLATION_FALLBACK_LANGUAGES``).

modeltranslation also rewrites queries: ``filter(title=…)`` and ``order_by("title")``
become ``title_<active language>``. In English that column is often empty, so

- order by ``localized("title")`` (the active language's text, else the German one),
- search with ``in_any_language("title", "icontains", text)`` (a German word finds its
  measure on an English page too).
"""

from functools import partial

from django.conf import settings
from django.db.models import F, Field, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.translation import get_language
from modeltranslation.manager import MultilingualQuerySet, rewrite_order_lookup_key
from modeltranslation.translator import translator

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def content_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def active_content_language() -> str:
    language = (get_language() or SOURCE_LANGUAGE).split("-")[0]
    return language if language in content_languages() else SOURCE_LANGUAGE


def shown_language(obj, field: str) -> str:
    """The language in which ``obj.<field>`` is shown now: the active one where that text
    exists, else the first fallback language that has it (German)."""
    active = active_content_language()
    languages = [active] + [
        code for code in settings.MODELTRANSLATION_FALLBACK_LANGUAGES if code != active
    ]
    for language in languages:
        if getattr(obj, f"{field}_{language}", None):
            return language
    return active


def localized(lookup: str):
    """An expression for ``lookup`` (e.g. ``"title"``, ``"project__title"``) in the active
    language, falling back to German where that text is empty: for ``order_by`` and
    ``annotate``."""
    language = active_content_language()
    source = F(f"{lookup}_{SOURCE_LANGUAGE}")
    if language == SOURCE_LANGUAGE:
        return source
    return Coalesce(NullIf(F(f"{lookup}_{language}"), Value("")), source)


def language_columns(lookup: str) -> list[str]:
    """``["measure__title_de", "measure__title_en"]`` for ``"measure__title"``: what an
    ``only()`` of a model that is not translated must name, or ``measure.title`` loads each
    language column with a query of its own."""
    return [f"{lookup}_{language}" for language in content_languages()]


def in_any_language(lookup: str, operator: str, value) -> Q:
    """``Q(title_de__icontains=value) | Q(title_en__icontains=value) | …``."""
    query = Q()
    for language in content_languages():
        query |= Q(**{f"{lookup}_{language}__{operator}": value})
    return query


def _source_language_value(field, instance, add):
    with translation.override(SOURCE_LANGUAGE):
        return Field.pre_save(field, instance, add)


def keep_original_columns_german() -> None:
    """The original column (``title``) of a translated field always holds the German text.

    modeltranslation keeps that column and writes into it whatever ``obj.title`` reads
    when the object is saved, i.e. the text of the language active then: saved from an
    English admin page it would turn English. Queries of models that are not translated
    read it directly (``Idea.objects.values("project__title")``, the open data, the admin
    searches, ``Budget.Meta.ordering``), so it must stay German. Called once by
    ``CoreConfig.ready`` (after modeltranslation has registered every app's fields).
    """
    for model in translator.get_registered_models():
        for name in translator.get_options_for_model(model).fields:
            field = model._meta.get_field(name)
            field.pre_save = partial(_source_language_value, field)


# modeltranslation's query set copies a model's Meta.ordering into every query set as an
# explicit order_by (so that it could rewrite translated names in it). An explicit
# order_by, unlike Meta.ordering, is part of GROUP BY: Measure.objects.values("status")
# .annotate(Count("pk")) would then group by bundle and code as well and count 1 per row.
# Keep Meta.ordering as Meta.ordering unless it names a translated field.
def _post_init_keeping_meta_ordering(self) -> None:
    self._rewrite = True
    self._populate = None
    if self.model and self.query.default_ordering and not self.query.order_by:
        ordering = self.model._meta.ordering or []
        rewritten = [rewrite_order_lookup_key(self.model, key) for key in ordering]
        if rewritten != list(ordering):
            self.query.add_ordering(*rewritten)


MultilingualQuerySet._post_init = _post_init_keeping_meta_ordering
