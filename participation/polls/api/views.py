"""The polls in the REST API under /api/v1/polls/.

* ``GET polls/``: the polls of the projects the caller may see (published ones for
  everybody), with their mode and state; two queries (three signed in).
* ``GET polls/<id>/``: one poll with its sections, questions, choices, matrix rows and
  conditions.
* ``GET polls/<id>/results/``: the aggregate results, as ``rules.may_see_results``
  allows (403 with ``detail`` and ``code`` otherwise); free texts and the distributions
  of confidential questions only for the poll's staff.
* ``POST polls/<id>/submission/``: submit one's answers (signed in, e.g. with a token):
  ``{"answers": {"<question id>": {"values": […], …}}}``. The same services as the
  pages: the answers replace the person's draft, then it is submitted. 403 with the
  Refusal's ``code`` and ``detail`` (sign_in, verify, resident, not_eligible, closed,
  duplicate), 400 with the reasons per question (``q<id>``), 409 already submitted.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from core.api.errors import CONFLICT, NOT_FOUND, THROTTLED, ValidationErrorSerializer
from core.rules import Refusal, has_global_perm, is_active_user
from projects.rules import can_see_project, manages_projects, projects_moderated_by
from projects.selectors import projects_visible_to

from .. import results as poll_results
from .. import services
from ..models import Poll
from ..rules import (
    CHANGE_POLL,
    builds_polls,
    may_answer,
    may_see_results,
    public_results_refusal,
)
from ..selectors import questionnaire
from .serializers import (
    PollDetailSerializer,
    PollResultsSerializer,
    PollSerializer,
    RefusalSerializer,
    SubmissionInputSerializer,
    SubmissionSerializer,
)

TAG = "polls"
POLL_ID = OpenApiParameter(
    "id", int, OpenApiParameter.PATH, description=gettext_lazy("Nummer (id) der Umfrage.")
)
REFUSED = OpenApiResponse(
    RefusalSerializer,
    description=gettext_lazy("Nicht erlaubt; detail sagt warum, code was im Weg steht."),
)


def _state(poll: Poll, now) -> str:
    if now < poll.phase.start:
        return "upcoming"
    if now >= poll.phase.end:
        return "ended"
    return "open"


def _represent(request, poll: Poll, *, results_available: bool, now) -> dict:
    project = poll.phase.project
    path = reverse("polls:poll-detail", kwargs={"slug": project.slug, "pk": poll.pk})
    return {
        "id": poll.pk,
        "title": poll.title,
        "intro": poll.intro,
        "project": project.slug,
        "project_title": project.title,
        "start": poll.phase.start,
        "end": poll.phase.end,
        "state": _state(poll, now),
        "anonymous": poll.anonymous,
        "answers_changeable": poll.answers_changeable,
        "results_visibility": poll.results_visibility,
        "results_available": results_available,
        "url": request.build_absolute_uri(path),
    }


def _poll(request, pk: int) -> Poll:
    poll = Poll.objects.select_related("phase__project").filter(pk=pk).first()
    if poll is None or not can_see_project(request.user, poll.phase.project):
        raise NotFound(_("Diese Umfrage gibt es nicht."))
    return poll


def _refused(refusal: Refusal) -> Response:
    return Response(
        {"detail": refusal.message, "code": refusal.code}, status=status.HTTP_403_FORBIDDEN
    )


class PollList(GenericAPIView):
    serializer_class = PollSerializer
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):
        return Poll.objects.none()

    @extend_schema(
        tags=[TAG],
        operation_id="polls_list",
        summary=gettext_lazy("Umfragen"),
        description=gettext_lazy(
            "Die Umfragen der Projekte, die Sie sehen dürfen (veröffentlichte für alle), "
            "nach Beginn geordnet: Modus, Zeitraum, Stand und ob Sie die Ergebnisse "
            "abrufen dürfen."
        ),
        responses={200: PollSerializer(many=True), 429: THROTTLED},
    )
    def get(self, request):
        user = request.user
        polls = list(
            Poll.objects.filter(phase__project__in=projects_visible_to(user))
            .select_related("phase__project")
            .order_by("phase__start", "pk")
        )
        # builds_polls for all polls at once: the projects moderated, one query.
        staff_of: set[int] = set()
        staff_everywhere = False
        if is_active_user(user):
            staff_everywhere = manages_projects(user) or has_global_perm(user, CHANGE_POLL)
            if not staff_everywhere:
                staff_of = set(projects_moderated_by(user).values_list("pk", flat=True))
        now = timezone.now()
        data = [
            _represent(
                request,
                poll,
                results_available=staff_everywhere
                or poll.phase.project_id in staff_of
                or public_results_refusal(poll, now=now) is None,
                now=now,
            )
            for poll in polls
        ]
        return Response(PollSerializer(data, many=True).data)


def _questions(q) -> list[dict]:
    return [
        {
            "id": section.pk,
            "title": section.title,
            "description": section.description,
            "questions": [
                {
                    "id": question.pk,
                    "kind": question.kind,
                    "text": question.text,
                    "help_text": question.help_text,
                    "required": question.required,
                    "min_choices": question.min_choices,
                    "max_choices": question.max_choices,
                    "confidential": question.confidential,
                    "condition": {
                        "question": question.condition_question_id,
                        "operator": question.condition_operator,
                        "choice": question.condition_choice_id,
                    }
                    if question.has_condition
                    else None,
                    "choices": [
                        {"id": c.pk, "text": c.text, "is_other": c.is_other}
                        for c in question.choices_list
                    ],
                    "rows": [{"id": r.pk, "text": r.text} for r in question.rows_list],
                }
                for question in section.items
            ],
        }
        for section in q.sections
    ]


class PollDetail(GenericAPIView):
    serializer_class = PollDetailSerializer
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):
        return Poll.objects.none()

    @extend_schema(
        tags=[TAG],
        operation_id="polls_retrieve",
        summary=gettext_lazy("Eine Umfrage mit ihren Fragen"),
        description=gettext_lazy(
            "Die Abschnitte in ihrer Reihenfolge mit den Fragen, Antwortmöglichkeiten, "
            "Matrixzeilen und Bedingungen."
        ),
        parameters=[POLL_ID],
        responses={200: PollDetailSerializer, 404: NOT_FOUND, 429: THROTTLED},
    )
    def get(self, request, id: int):  # noqa: A002 - the path's name
        poll = _poll(request, id)
        now = timezone.now()
        data = _represent(
            request, poll, results_available=may_see_results(request.user, poll) is None, now=now
        )
        data["sections"] = _questions(questionnaire(poll))
        return Response(PollDetailSerializer(data).data)


def _counts(bars) -> list[dict]:
    return [
        {
            "id": bar.key if isinstance(bar.key, int) else None,
            "text": bar.label,
            "count": bar.count,
            "percent": bar.percent,
        }
        for bar in bars
    ]


def _results_data(data: poll_results.PollResults) -> dict:
    questions = []
    for result in data.questions:
        question = result.question
        questions.append(
            {
                "id": question.pk,
                "number": result.number,
                "kind": question.kind,
                "text": question.text,
                "answered": result.answered,
                "restricted": result.restricted,
                "choices": _counts(result.bars),
                "rows": [
                    {
                        "id": row.row_id,
                        "text": row.text,
                        "answered": row.answered,
                        "choices": _counts(row.bars),
                    }
                    for row in result.rows
                ],
                "ranks": [
                    {
                        "id": rank.choice_id,
                        "text": rank.text,
                        "places": rank.places,
                        "mean_rank": rank.mean_rank,
                        "borda": rank.borda,
                    }
                    for rank in result.ranks
                ],
                "numbers": vars(result.numbers) if result.numbers else None,
                "dates": {
                    "count": result.dates.count,
                    "earliest": result.dates.earliest,
                    "latest": result.dates.latest,
                    "months": [{"month": b.label, "count": b.count} for b in result.dates.months],
                }
                if result.dates
                else None,
                "points": result.map_features if result.points else None,
                "point_districts": _counts(result.point_districts),
                "texts": result.texts,
                "other_texts": result.other_texts,
            }
        )
    return {
        "poll": data.poll.pk,
        "submissions": data.submissions,
        "questions": questions,
        "district_question": data.district_question.pk if data.district_question else None,
        "breakdowns": [
            {
                "question": b.question.pk,
                "districts": b.columns,
                "rows": [{"text": label, "counts": counts} for label, counts in b.rows],
            }
            for b in data.breakdowns
        ],
    }


class PollResultsView(GenericAPIView):
    serializer_class = PollResultsSerializer
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):
        return Poll.objects.none()

    @extend_schema(
        tags=[TAG],
        operation_id="polls_results_retrieve",
        summary=gettext_lazy("Ergebnisse einer Umfrage"),
        description=gettext_lazy(
            "Je Frage die Zahlen der abgeschickten Antworten: je Antwortmöglichkeit, "
            "Matrixzeile und Platz, Kennzahlen von Zahlen und Daten, Ortsteile, Orte, und "
            "die Aufschlüsselung nach Ortsteil. Sichtbar je nach Einstellung der Umfrage "
            "(laufend, nach dem Ende, nur Verwaltung); vertrauliche Fragen nur mit der Zahl "
            "der Antworten, Freitexte nur für die Verwaltung."
        ),
        parameters=[POLL_ID],
        responses={200: PollResultsSerializer, 403: REFUSED, 404: NOT_FOUND, 429: THROTTLED},
    )
    def get(self, request, id: int):  # noqa: A002 - the path's name
        poll = _poll(request, id)
        refusal = may_see_results(request.user, poll)
        if refusal is not None:
            return _refused(refusal)
        staff = builds_polls(request.user, poll)
        data = poll_results.for_viewer(poll_results.poll_results(poll, texts=staff), staff=staff)
        return Response(PollResultsSerializer(_results_data(data)).data)


class PollSubmissionView(GenericAPIView):
    serializer_class = SubmissionInputSerializer
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):
        return Poll.objects.none()

    @extend_schema(
        tags=[TAG],
        operation_id="polls_submission_create",
        summary=gettext_lazy("Antworten abschicken"),
        description=gettext_lazy(
            "Angemeldet (z. B. mit Token), mit bestätigter E-Mail-Adresse und wie die "
            "Phase es verlangt, solange die Umfrage läuft. Die Antworten ersetzen Ihren "
            "Entwurf und werden abgeschickt; einmal je Person (bei änderbaren Antworten "
            "ersetzt ein neues Abschicken die früheren)."
        ),
        parameters=[POLL_ID],
        request=SubmissionInputSerializer,
        responses={
            201: SubmissionSerializer,
            400: OpenApiResponse(
                ValidationErrorSerializer,
                description=gettext_lazy(
                    "Ungültige Antworten: je Frage (q<id>) eine Liste von Meldungen."
                ),
            ),
            403: REFUSED,
            404: NOT_FOUND,
            409: CONFLICT,
            429: THROTTLED,
        },
    )
    def post(self, request, id: int):  # noqa: A002 - the path's name
        poll = _poll(request, id)
        refusal = may_answer(request.user, poll)
        if refusal is not None:
            return _refused(refusal)
        given = SubmissionInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        answers = given.validated_data["answers"]
        q = questionnaire(poll)
        unknown = [pk for pk in answers if pk not in q.by_id]
        if unknown:
            raise ValidationError(
                {
                    services.field_key(pk): [_("Diese Frage gibt es in der Umfrage nicht.")]
                    for pk in unknown
                }
            )
        raws = {pk: services.RawAnswer(**fields) for pk, fields in answers.items()}
        with transaction.atomic():
            for section in q.sections:
                services.section_save(
                    user=request.user,
                    poll=poll,
                    section=section,
                    raw={item.pk: raws[item.pk] for item in section.items if item.pk in raws},
                    q=q,
                )
            submission = services.poll_submit(user=request.user, poll=poll)
        data = {
            "id": None if poll.anonymous else submission.pk,
            "submitted_on": submission.submitted_on,
            "anonymous": poll.anonymous,
        }
        return Response(SubmissionSerializer(data).data, status=status.HTTP_201_CREATED)
