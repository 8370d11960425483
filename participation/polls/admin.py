"""Polls in the Django admin: staff with the model permissions build a questionnaire.

* "Umfragen": the poll (its phase, title, introduction, mode, results visibility) with
  its sections inline (order by number), a link to the questions and to the preview on
  the site (``polls:poll-preview``).
* "Fragen": a question with its choices and matrix rows inline, and its condition. The
  form checks that a condition refers to an earlier question of the same poll and one
  of its choices. Order: type the numbers (list and inlines), or select questions and
  run "nach oben"/"nach unten" — both work by keyboard.

A question with answers cannot be deleted or change its kind (``services.answered_refusal``
says why); its choices and rows cannot be deleted either (the database refuses, the
inline says so).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import DomainErrorsAdminMixin

from . import services
from .models import CONDITION_KINDS, Choice, MatrixRow, Poll, Question, Section
from .selectors import poll_has_answers


class SectionInline(admin.TabularInline):
    model = Section
    fields = ("order", "title", "description")
    extra = 0
    formfield_overrides = {}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "description":
            field.widget = forms.Textarea(attrs={"rows": 2, "cols": 40})
        return field


@admin.register(Poll)
class PollAdmin(DomainErrorsAdminMixin, admin.ModelAdmin):
    list_display = ("title", "project", "phase", "anonymous", "answers_changeable")
    list_select_related = ("phase__project",)
    list_filter = ("anonymous", "results_visibility")
    search_fields = ("title", "phase__project__title")
    inlines = (SectionInline,)
    fields = (
        "phase",
        "title",
        "intro",
        "anonymous",
        "answers_changeable",
        "results_visibility",
        "links",
    )
    readonly_fields = ("links",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("phase__project")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and poll_has_answers(obj):
            # Answers were given under one mode; switching would mislead those people.
            fields += ["phase", "anonymous"]
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "phase":
            from projects.models import Phase

            kwargs["queryset"] = Phase.objects.filter(type=Phase.Type.POLL).select_related(
                "project"
            )
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "phase":
            field.label_from_instance = lambda phase: f"{phase.project.title}: {phase}"
        return field

    @admin.display(description=_("Projekt"), ordering="phase__project__title")
    def project(self, poll: Poll) -> str:
        return poll.phase.project.title

    @admin.display(description=_("Fragen, Vorschau, Ergebnisse"))
    def links(self, poll: Poll) -> str:
        if poll is None or poll.pk is None:
            return gettext("Nach dem Speichern: Abschnitte anlegen, dann die Fragen.")
        questions = reverse("admin:polls_question_changelist")
        questions += f"?section__poll__id__exact={poll.pk}"
        add = reverse("admin:polls_question_add")
        preview = reverse(
            "polls:poll-preview", kwargs={"slug": poll.phase.project.slug, "pk": poll.pk}
        )
        parts = [
            (questions, gettext("Fragen dieser Umfrage")),
            (add, gettext("Frage hinzufügen")),
            (preview, gettext("Vorschau auf der Website")),
        ]
        kwargs = {"slug": poll.phase.project.slug, "pk": poll.pk}
        parts += [
            (reverse("polls:poll-results", kwargs=kwargs), gettext("Ergebnisse auf der Website")),
            (
                reverse("polls:poll-export", kwargs={**kwargs, "fmt": "csv"}),
                gettext("Antworten herunterladen (CSV)"),
            ),
            (
                reverse("polls:poll-export", kwargs={**kwargs, "fmt": "xlsx"}),
                gettext("Antworten herunterladen (XLSX)"),
            ),
        ]
        note = ""
        if poll_has_answers(poll):
            note = gettext(
                "Es gibt schon Antworten: Fragen lassen sich nicht mehr löschen oder in der Art "
                "ändern, und die Umfrage bleibt anonym oder nicht anonym, wie sie war."
            )
        line_break = format_html("<{}>", "br")
        return format_html(
            "{}{}{}",
            format_html_join(line_break, '<a href="{}">{}</a>', parts),
            line_break if note else "",
            note,
        )


class ChoiceInline(admin.TabularInline):
    model = Choice
    fields = ("order", "text", "is_other")
    extra = 0


class MatrixRowInline(admin.TabularInline):
    model = MatrixRow
    fields = ("order", "text")
    extra = 0
    verbose_name_plural = _("Matrixzeilen (nur für Matrixfragen)")


def _position(question: Question) -> tuple:
    return (question.section.order, question.section_id, question.order, question.pk or 0)


class QuestionAdminForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = [
            "section", "order", "kind", "text", "help_text", "required", "min_choices",
            "max_choices", "condition_question", "condition_operator", "condition_choice",
            "confidential",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "section" in self.fields:
            self.fields["section"].queryset = Section.objects.select_related("poll")
            self.fields["section"].label_from_instance = (
                lambda section: f"{section.poll.title} – {section.title}"
            )
        poll_id = self.instance.section.poll_id if self.instance.section_id else None
        questions = Question.objects.filter(kind__in=CONDITION_KINDS).select_related(
            "section__poll"
        )
        choices = Choice.objects.filter(question__kind__in=CONDITION_KINDS).select_related(
            "question"
        )
        if poll_id is not None:
            questions = questions.filter(section__poll_id=poll_id).exclude(pk=self.instance.pk)
            choices = choices.filter(question__section__poll_id=poll_id)
        if "condition_question" in self.fields:
            self.fields["condition_question"].queryset = questions
            self.fields["condition_question"].label_from_instance = lambda q: q.text
        if "condition_choice" in self.fields:
            self.fields["condition_choice"].queryset = choices
            self.fields["condition_choice"].label_from_instance = (
                lambda c: f"{c.question.text} → {c.text}"
            )
        reason = services.answered_refusal(self.instance) if self.instance.pk else None
        if reason and "kind" in self.fields:
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = reason

    def clean(self):
        cleaned = super().clean()
        section = cleaned.get("section")
        question = cleaned.get("condition_question")
        choice = cleaned.get("condition_choice")
        if self.instance.pk and "kind" in self.changed_data:
            reason = services.answered_refusal(self.instance)
            if reason:
                self.add_error("kind", reason)
        if section is None:
            return cleaned
        me = Question(pk=self.instance.pk, section=section, order=cleaned.get("order") or 0)
        if question is not None:
            if question.section.poll_id != section.poll_id:
                self.add_error(
                    "condition_question",
                    gettext("Die Bedingung muss sich auf eine Frage derselben Umfrage beziehen."),
                )
            elif _position(question) >= _position(me):
                self.add_error(
                    "condition_question",
                    gettext(
                        "Die Bedingung muss sich auf eine frühere Frage beziehen (früherer "
                        "Abschnitt oder weiter oben im selben Abschnitt)."
                    ),
                )
            if choice is not None and choice.question_id != question.pk:
                self.add_error(
                    "condition_choice",
                    gettext("Bitte wählen Sie eine Antwort der Frage „%(question)s“.")
                    % {"question": question.text},
                )
        if self.instance.pk:
            for dependent in self.instance.dependents.select_related("section"):
                if _position(dependent) <= _position(me):
                    self.add_error(
                        "order",
                        gettext(
                            "Die Frage „%(question)s“ hängt von dieser ab und muss danach "
                            "kommen."
                        )
                        % {"question": dependent.text},
                    )
        return cleaned


@admin.register(Question)
class QuestionAdmin(DomainErrorsAdminMixin, admin.ModelAdmin):
    form = QuestionAdminForm
    list_display = ("text", "poll", "section", "order", "kind", "required", "condition")
    list_display_links = ("text",)
    list_editable = ("order",)
    list_filter = ("section__poll", "kind")
    list_select_related = ("section__poll", "condition_question", "condition_choice")
    search_fields = ("text", "section__poll__title")
    ordering = ("section__poll", "section__order", "section", "order", "pk")
    inlines = (ChoiceInline, MatrixRowInline)
    actions = ("move_up", "move_down")
    fieldsets = (
        (None, {"fields": ("section", "order", "kind", "text", "help_text", "required")}),
        (
            _("Anzahl der Antworten"),
            {
                "fields": (("min_choices", "max_choices"),),
                "description": _(
                    "Für Mehrfachauswahl, Rangfolge und Matrix mit mehreren Antworten je Zeile."
                ),
            },
        ),
        (
            _("Bedingung"),
            {
                "fields": ("condition_question", "condition_operator", "condition_choice"),
                "description": _(
                    "Die Frage wird nur gezeigt, wenn die Antwort auf eine frühere Frage "
                    "(Einfach- oder Mehrfachauswahl) eine Antwortmöglichkeit ist, nicht ist "
                    "oder enthält. Speichern Sie die Antwortmöglichkeiten der früheren Frage "
                    "zuerst."
                ),
            },
        ),
        (_("Später"), {"fields": ("confidential",)}),
    )

    @admin.display(description=_("Umfrage"), ordering="section__poll__title")
    def poll(self, question: Question) -> str:
        return question.section.poll.title

    @admin.display(description=_("Bedingung"))
    def condition(self, question: Question) -> str:
        if not question.has_condition:
            return "–"
        return " ".join(
            (
                question.condition_question.text,
                str(question.get_condition_operator_display()),
                question.condition_choice.text,
            )
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and services.answered_refusal(obj):
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj) -> None:
        services.question_delete(question=obj)

    def delete_queryset(self, request, queryset) -> None:
        for question in queryset:
            services.question_delete(question=question)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        question = self.get_object(request, object_id)
        if question is not None and request.method == "GET":
            reason = services.answered_refusal(question)
            if reason:
                self.message_user(request, reason, level=messages.INFO)
        return super().change_view(request, object_id, form_url, extra_context)

    def _move(self, request, queryset, steps: int) -> None:
        questions = list(queryset.order_by("section__order", "section", "order", "pk"))
        if steps > 0:
            questions.reverse()  # the lowest first, so that neighbours keep their order
        for question in questions:
            services.question_move(question=question, steps=steps)
        self.message_user(request, gettext("Die Reihenfolge ist geändert."), messages.SUCCESS)

    @admin.action(description=_("Ausgewählte Fragen nach oben"), permissions=["change"])
    def move_up(self, request, queryset) -> None:
        self._move(request, queryset, -1)

    @admin.action(description=_("Ausgewählte Fragen nach unten"), permissions=["change"])
    def move_down(self, request, queryset) -> None:
        self._move(request, queryset, +1)
