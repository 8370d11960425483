"""The texts of participation projects and their phases in more languages
(django-modeltranslation, see measures/translation.py). The Bürgerbudget's public texts
are its project's and phases' (a Budget has no texts of its own); residents' ideas,
proposals and comments are their authors' words and stay as written.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Phase, Project


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("title", "summary", "description", "image_alt")


@register(Phase)
class PhaseTranslation(TranslationOptions):
    fields = ("title", "description")
