"""The strategy's texts in more languages (django-modeltranslation).

Each field listed here gets one column per language of ``settings.LANGUAGES``
(``title_de``, ``title_en``); ``measure.title`` reads the active language's column and
falls back to German. German is the source and required where the field is.

Not translated, on purpose: a ProgressUpdate's ``text`` and ``reason`` are a dated,
published record of one measure manager's report (it set the measure's status, was sent
to followers and feeds the "as of date D" reports); a translation added later would
change what was published. Indicators' names and units are figures' labels shown with
the numbers; they can follow when staff ask for them.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import CoreArea, FieldOfAction, Measure, MeasureBundle, Milestone


@register(CoreArea)
class CoreAreaTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(FieldOfAction)
class FieldOfActionTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(MeasureBundle)
class MeasureBundleTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(Measure)
class MeasureTranslation(TranslationOptions):
    fields = ("title", "summary", "description")


@register(Milestone)
class MilestoneTranslation(TranslationOptions):
    # A milestone's title is a short, stable name shown on the measure's page.
    fields = ("title",)


# django-simple-history copies every field of a saved measure into its historical model,
# which it built before modeltranslation added the language columns: the historical
# models get the same columns, so the admin's history keeps each language's text.
@register(Measure.history.model)
class HistoricalMeasureTranslation(TranslationOptions):
    fields = MeasureTranslation.fields


@register(Milestone.history.model)
class HistoricalMilestoneTranslation(TranslationOptions):
    fields = MilestoneTranslation.fields
