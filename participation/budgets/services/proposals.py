"""Every write to a proposal of the Bürgerbudget: submit, edit and withdraw (its
author), record a proposal from a letter, an e-mail or the desk and edit it (staff),
merge duplicates (staff), support (residents, during the submission).

The pages, the admin and the API call these functions, so the rules hold wherever a
change comes from. Who may act and when is ``participation.budgets.rules.proposals``
(required first); what one proposal must satisfy in itself is the model (asked through
``full_clean``); what needs other objects is here: the cost within the budget's cap, the
category and district of the budget's project, the point inside its area. Bad input
raises ``Invalid`` (messages keyed by form field), refusals ``NotAllowed``/``Closed``.
"""

from __future__ import annotations

import datetime
import logging

from django.contrib.gis.geos import GEOSGeometry, Point, Polygon
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from core import ratelimit
from core.exceptions import Invalid
from core.files import delete_files_on_commit
from core.rules import require
from geo.models import District
from geo.selectors import district_for_point
from geo.services import CITY_BOUNDS
from geo.validation import geometry_from_geojson, validate_geojson_geometry
from participation.budgets import events
from participation.budgets.models import (
    Budget,
    Proposal,
    ProposalSource,
    ProposalStatus,
    Support,
)
from participation.budgets.money import euros
from participation.budgets.rules.proposals import (
    may_edit_easy_summary,
    may_edit_proposal_as_staff,
    may_enter_proposal,
    may_merge_proposal,
    may_submit_proposal,
    may_support_proposal,
    may_update_proposal,
    may_withdraw_proposal,
)
from participation.ideas.images import clean_idea_image
from projects.models import Category, Project

logger = logging.getLogger(__name__)

# Fields a resident (or staff, for a letter) writes.
PROPOSAL_FIELDS = (
    "title",
    "description",
    "estimated_cost",
    "category",
    "location",
    "district",
    "place_description",
    "image",
    "image_alt",
)
_ENTRY_FIELDS = ("source", "author_name", "author_contact", "received_on")
_NUMBER_ATTEMPTS = 5


def _plain(value: str | None) -> str:
    # PostgreSQL refuses NUL characters in text; nobody types them on purpose.
    return (value or "").replace("\x00", "").strip()


def _add(errors: dict, field: str, message: str) -> None:
    known = errors.setdefault(field, [])
    if message not in known:
        known.append(message)


def _add_all(errors: dict, message_dict: dict) -> None:
    for field, messages in message_dict.items():
        for message in messages:
            _add(errors, field, message)


def _full_clean(proposal: Proposal, *, fields: tuple[str, ...], errors: dict) -> None:
    exclude = [f.name for f in Proposal._meta.fields if f.name not in fields]
    try:
        proposal.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        _add_all(errors, exc.message_dict)


# --- The place: inside the project's area -------------------------------------------------


def _project_area(project: Project) -> GEOSGeometry | None:
    if not project.area:
        return None
    try:
        return geometry_from_geojson(project.area)
    except ValidationError:
        logger.warning("Project %s has an unreadable area; the whole city counts.", project.pk)
        return None


def _place(
    *,
    project: Project,
    location,
    district: District | None,
    place_description: str,
    errors: dict,
    place_required: bool,
) -> tuple[dict | None, District | None]:
    """The proposal's point (inside the budget's area; its district derived from it
    when none was chosen), or a district of the project and a description of the place.
    ``place_required``: residents must say where (staff record letters as they are)."""
    project_districts = {d.pk: d for d in project.districts.all()}
    if district is not None and project_districts and district.pk not in project_districts:
        _add(
            errors,
            "district",
            _("Der Ortsteil %(name)s gehört nicht zu diesem Bürgerbudget. Möglich sind: %(names)s.")
            % {
                "name": district.name,
                "names": ", ".join(sorted(d.name for d in project_districts.values())),
            },
        )
    if location:
        try:
            point = validate_geojson_geometry(location, allowed_types=("Point",))
        except ValidationError as exc:
            for message in exc.messages:
                _add(errors, "location", message)
            return None, district
        lon, lat = point.x, point.y
        derived = district_for_point(lon=lon, lat=lat)
        area = _project_area(project)
        if area is not None:
            inside = area.covers(point)
        elif project_districts:
            inside = derived is not None and derived.pk in project_districts
        else:
            inside = derived is not None or Polygon.from_bbox(CITY_BOUNDS).covers(
                Point(lon, lat, srid=4326)
            )
        if not inside:
            _add(
                errors,
                "location",
                _(
                    "Der Ort liegt außerhalb des Gebiets dieses Bürgerbudgets. Bitte setzen "
                    "Sie die Markierung in das Gebiet oder wählen Sie stattdessen den Ortsteil "
                    "und beschreiben den Ort."
                ),
            )
            return None, district
        point_json = {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]}
        return point_json, district or derived
    if place_required:
        if district is None:
            _add(
                errors,
                "district",
                _(
                    "Bitte wählen Sie den Ortsteil, in dem Ihr Vorschlag liegt, oder setzen Sie "
                    "eine Markierung auf der Karte."
                ),
            )
        if not place_description:
            _add(
                errors,
                "place_description",
                _(
                    "Bitte beschreiben Sie den Ort (zum Beispiel Straße und Hausnummer oder "
                    "ein bekannter Platz), wenn Sie keine Markierung auf der Karte setzen."
                ),
            )
    return None, district


def _check_cost(budget: Budget, cost, errors: dict) -> None:
    if cost is None:
        _add(errors, "estimated_cost", _("Bitte schätzen Sie die Kosten in ganzen Euro."))
        return
    if cost > budget.cap_per_proposal:
        _add(
            errors,
            "estimated_cost",
            _(
                "Die geschätzten Kosten von %(cost)s € liegen über dem Höchstbetrag von "
                "%(cap)s € je Vorschlag. Bitte verkleinern Sie den Vorschlag oder teilen Sie "
                "ihn auf."
            )
            % {
                "cost": euros(cost),
                "cap": euros(budget.cap_per_proposal),
            },
        )


def _write_input(
    proposal: Proposal,
    *,
    title: str,
    description: str,
    estimated_cost: int | None,
    category: Category | None,
    location,
    district: District | None,
    place_description: str,
    image,
    image_alt: str,
    remove_image: bool = False,
    place_required: bool = True,
    extra_fields: tuple[str, ...] = (),
) -> None:
    """Put the input into ``proposal`` (unsaved) after every check; raise ``Invalid``
    with all the problems at once (the instance is then left as it was)."""
    errors: dict[str, list] = {}
    budget = proposal.budget
    place_description = _plain(place_description)
    point, district = _place(
        project=budget.project,
        location=location,
        district=district,
        place_description=place_description,
        errors=errors,
        place_required=place_required,
    )
    _check_cost(budget, estimated_cost, errors)
    new_image = image
    if image:
        try:
            new_image = clean_idea_image(image)
        except ValidationError as exc:
            for message in exc.messages:
                _add(errors, "image", message)
    fields = tuple(f for f in PROPOSAL_FIELDS if f != "image") + extra_fields
    before = {
        name: getattr(proposal, Proposal._meta.get_field(name).attname)
        for name in (*PROPOSAL_FIELDS, *extra_fields)
    }
    replaced = proposal.image if (image or remove_image) and proposal.image else None
    proposal.title, proposal.description = _plain(title), _plain(description)
    proposal.estimated_cost = estimated_cost
    proposal.category = category
    proposal.location, proposal.district = point, district
    proposal.place_description = place_description
    if image or remove_image:
        proposal.image = new_image or None
    proposal.image_alt = _plain(image_alt) if proposal.image else ""
    _full_clean(proposal, fields=fields, errors=errors)
    if errors:
        for name, value in before.items():
            setattr(proposal, Proposal._meta.get_field(name).attname, value)
            field = Proposal._meta.get_field(name)
            if field.is_relation and field.is_cached(proposal):
                field.delete_cached_value(proposal)
        raise Invalid(errors)
    if replaced:
        delete_files_on_commit(replaced)


def proposal_input_errors(*, budget: Budget, **values) -> dict[str, list]:
    """The problems ``values`` (the fields of ``proposal_submit`` but the image) would
    have in ``budget``, as staff record them (place optional): for a form to show beside
    its fields before anything is written."""
    try:
        _write_input(Proposal(budget=budget), image=None, place_required=False, **values)
    except Invalid as exc:
        return exc.message_dict
    return {}


def _next_number(budget: Budget) -> int:
    highest = Proposal.objects.filter(budget=budget).aggregate(n=Max("number"))["n"]
    return (highest or 0) + 1


def _save_with_number(proposal: Proposal) -> None:
    """Give the new proposal the budget's next free number and save it.

    Locking rule: the budget row is locked (``select_for_update``) for the rest of the
    transaction, so two submissions to one budget take turns on PostgreSQL. Where the
    lock does not hold (SQLite ignores it), a number taken meanwhile makes the insert
    fail on ``proposal_number_per_budget``; it is then retried with the next number."""
    Budget.objects.select_for_update().filter(pk=proposal.budget_id).first()
    for attempt in range(_NUMBER_ATTEMPTS):
        proposal.number = _next_number(proposal.budget)
        try:
            with transaction.atomic():
                proposal.save()
        except IntegrityError:
            taken = Proposal.objects.filter(
                budget_id=proposal.budget_id, number=proposal.number
            ).exists()
            if not taken or attempt == _NUMBER_ATTEMPTS - 1:
                raise
            proposal.pk = None
            continue
        return


# --- Residents --------------------------------------------------------------------------


@transaction.atomic
def proposal_submit(
    *,
    author,
    budget: Budget,
    title: str,
    description: str,
    estimated_cost: int | None,
    category: Category | None = None,
    location: dict | None = None,
    district: District | None = None,
    place_description: str = "",
    image=None,
    image_alt: str = "",
) -> Proposal:
    """Submit a proposal online. Caller: a signed-in resident with a verified e-mail
    address while a phase of the budget allows proposals, within the phase's
    eligibility (``may_submit_proposal``); posting limits as for ideas.

    ``estimated_cost``: whole euros, at most the budget's cap. ``category``: one of the
    budget project's. ``location``: a GeoJSON point inside the budget's area (its
    district is derived when none is chosen); without a point the district and a
    description of the place are needed. The proposal gets the budget's next number.
    Sends ``proposal_submitted`` (the author follows the budget's project)."""
    require(may_submit_proposal(author, budget))
    proposal = Proposal(budget=budget, author=author, source=ProposalSource.ONLINE)
    _write_input(
        proposal,
        title=title,
        description=description,
        estimated_cost=estimated_cost,
        category=category,
        location=location,
        district=district,
        place_description=place_description,
        image=image,
        image_alt=image_alt,
    )
    ratelimit.enforce("idea", author)
    _save_with_number(proposal)
    events.proposal_submitted.send(sender=Proposal, proposal=proposal, author=author)
    return proposal


@transaction.atomic
def proposal_update(
    *,
    proposal: Proposal,
    actor,
    title: str,
    description: str,
    estimated_cost: int | None,
    category: Category | None = None,
    location: dict | None = None,
    district: District | None = None,
    place_description: str = "",
    image=None,
    image_alt: str = "",
    remove_image: bool = False,
) -> Proposal:
    """Edit a proposal. Caller: its author while the submission runs and the proposal
    is not yet in review (``may_update_proposal``); the same checks as
    ``proposal_submit``. Notifies nobody."""
    require(may_update_proposal(actor, proposal))
    _write_input(
        proposal,
        title=title,
        description=description,
        estimated_cost=estimated_cost,
        category=category,
        location=location,
        district=district,
        place_description=place_description,
        image=image,
        image_alt=image_alt,
        remove_image=remove_image,
    )
    proposal.save()
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, actor) -> Proposal:
    """Withdraw a proposal: it stays listed as "zurückgezogen" and is not reviewed.
    Caller: its author while the submission runs and it is not yet in review
    (``may_withdraw_proposal``). Notifies nobody."""
    require(may_withdraw_proposal(actor, proposal))
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.save(update_fields=["status", "updated_at"])
    return proposal


# --- Staff --------------------------------------------------------------------------------


def _check_entry(
    *, source: str, author_name: str, author_contact: str, errors: dict
) -> tuple[str, str]:
    author_name, author_contact = _plain(author_name), _plain(author_contact)
    if source == ProposalSource.ONLINE or source not in ProposalSource.values:
        _add(
            errors,
            "source",
            _("Bitte wählen Sie, wie der Vorschlag eingegangen ist (Brief, E-Mail, Schalter)."),
        )
    if not author_name:
        _add(
            errors,
            "author_name",
            _("Bitte geben Sie den Namen an, unter dem der Vorschlag erscheinen soll."),
        )
    return author_name, author_contact


@transaction.atomic
def proposal_enter(
    *,
    by,
    budget: Budget,
    source: str,
    author_name: str,
    author_contact: str = "",
    received_on: datetime.date | None = None,
    title: str,
    description: str,
    estimated_cost: int | None,
    category: Category | None = None,
    location: dict | None = None,
    district: District | None = None,
    place_description: str = "",
    image=None,
    image_alt: str = "",
) -> Proposal:
    """Record a proposal that came by letter, e-mail or at the desk, for a person
    without an account. Caller: the budget's staff until the board's confirmation
    (``may_enter_proposal``). ``author_name`` is shown publicly, ``author_contact``
    (e-mail address or postal address) never. The cost cap, category and area hold as
    online; a place is optional (letters do not always name one). Notifies nobody."""
    require(may_enter_proposal(by, budget))
    errors: dict[str, list] = {}
    author_name, author_contact = _check_entry(
        source=source, author_name=author_name, author_contact=author_contact, errors=errors
    )
    proposal = Proposal(
        budget=budget,
        author=None,
        source=source,
        author_name=author_name,
        author_contact=author_contact,
        received_on=received_on,
        entered_by=by,
    )
    try:
        _write_input(
            proposal,
            title=title,
            description=description,
            estimated_cost=estimated_cost,
            category=category,
            location=location,
            district=district,
            place_description=place_description,
            image=image,
            image_alt=image_alt,
            place_required=False,
        )
    except Invalid as exc:
        _add_all(errors, exc.message_dict)
    if errors:
        raise Invalid(errors)
    _save_with_number(proposal)
    return proposal


@transaction.atomic
def proposal_staff_update(
    *,
    proposal: Proposal,
    by,
    title: str,
    description: str,
    estimated_cost: int | None,
    category: Category | None = None,
    location: dict | None = None,
    district: District | None = None,
    place_description: str = "",
    image=None,
    image_alt: str = "",
    remove_image: bool = False,
    source: str | None = None,
    author_name: str | None = None,
    author_contact: str | None = None,
    received_on: datetime.date | None = None,
    is_hidden: bool | None = None,
) -> Proposal:
    """Edit a proposal's own fields in the admin (a typo, a clearer title, the data of a
    letter). Caller: the budget's staff until the board's confirmation
    (``may_edit_proposal_as_staff``); after it only a logged correction (review).
    The review fields are not written here. Notifies nobody."""
    require(may_edit_proposal_as_staff(by, proposal))
    errors: dict[str, list] = {}
    if proposal.author_id is None:
        name, contact = _check_entry(
            source=source if source is not None else proposal.source,
            author_name=author_name if author_name is not None else proposal.author_name,
            author_contact=(
                author_contact if author_contact is not None else proposal.author_contact
            ),
            errors=errors,
        )
    try:
        _write_input(
            proposal,
            title=title,
            description=description,
            estimated_cost=estimated_cost,
            category=category,
            location=location,
            district=district,
            place_description=place_description,
            image=image,
            image_alt=image_alt,
            remove_image=remove_image,
            place_required=False,
        )
    except Invalid as exc:
        _add_all(errors, exc.message_dict)
    if errors:
        raise Invalid(errors)
    if proposal.author_id is None:
        proposal.source = source if source is not None else proposal.source
        proposal.author_name, proposal.author_contact = name, contact
        if received_on is not None:
            proposal.received_on = received_on
    if is_hidden is not None:
        proposal.is_hidden = is_hidden
    proposal.save()
    return proposal


@transaction.atomic
def proposal_easy_summary_set(*, proposal: Proposal, by, easy_summary: str) -> Proposal:
    """Write the proposal's summary in Leichte Sprache (empty: none). Caller: the
    budget's staff, before and after the board's confirmation (``may_edit_easy_summary``).
    Notifies nobody."""
    require(may_edit_easy_summary(by, proposal))
    try:
        proposal.easy_summary = Proposal._meta.get_field("easy_summary").clean(
            _plain(easy_summary), proposal
        )
    except ValidationError as exc:
        raise Invalid({"easy_summary": exc.messages}) from exc
    proposal.save(update_fields=["easy_summary", "updated_at"])
    return proposal


@transaction.atomic
def proposal_merge(*, proposal: Proposal, into: Proposal, by, reason: str) -> Proposal:
    """Merge a duplicate ``proposal`` into ``into`` (both of one budget): ``proposal``
    becomes "zusammengeführt" with a link to ``into``, which carries on. Caller: the
    budget's staff until the board's confirmation (``may_merge_proposal``). The reason
    is public (``review_reason``). Sends ``proposal_merged``: the authors of both are
    told (in the portal and by e-mail; a person without an account at the e-mail address
    they gave)."""
    require(may_merge_proposal(by, proposal))
    errors: dict[str, list] = {}
    reason = _plain(reason)
    if into.budget_id != proposal.budget_id:
        _add(
            errors,
            "into",
            _("Zusammenführen geht nur mit einem Vorschlag desselben Bürgerbudgets."),
        )
    elif into.pk == proposal.pk:
        _add(errors, "into", _("Ein Vorschlag kann nicht mit sich selbst zusammengeführt werden."))
    elif into.status in (ProposalStatus.MERGED, ProposalStatus.WITHDRAWN):
        _add(
            errors,
            "into",
            _("Der Zielvorschlag ist selbst zurückgezogen oder zusammengeführt (Status: %(s)s).")
            % {"s": into.get_status_display()},
        )
    if proposal.status in (ProposalStatus.MERGED, ProposalStatus.WITHDRAWN):
        _add(
            errors,
            "proposal",
            _("Dieser Vorschlag ist schon zurückgezogen oder zusammengeführt."),
        )
    if not reason:
        _add(errors, "reason", _("Bitte begründen Sie das Zusammenführen (öffentlich sichtbar)."))
    if errors:
        raise Invalid(errors)
    proposal.status = ProposalStatus.MERGED
    proposal.merged_into = into
    proposal.review_reason = reason
    proposal.save(update_fields=["status", "merged_into", "review_reason", "updated_at"])
    # Proposals merged into this one before now point at the one that carries on.
    Proposal.objects.filter(merged_into=proposal).update(merged_into=into)
    events.proposal_merged.send(
        sender=Proposal, proposal=proposal, into=into, actor=by, reason=reason
    )
    return proposal


# --- Support during the submission ---------------------------------------------------------


@transaction.atomic
def proposal_support_toggle(*, proposal: Proposal, user) -> bool:
    """Support ``proposal``, or take the support back when given before. Caller: a
    signed-in person with a verified e-mail address while the submission phase allows
    votes (``may_support_proposal``; taking back is always possible then). Returns
    whether the person supports it now. ``support_count`` is updated in the database
    (an expression), so it equals the rows under concurrency. Notifies nobody."""
    require(may_support_proposal(user, proposal))
    deleted, _rows = Support.objects.filter(proposal=proposal, user=user).delete()
    if deleted:
        Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") - 1)
        supported = False
    else:
        ratelimit.enforce("vote", user)
        try:
            with transaction.atomic():
                Support.objects.create(proposal=proposal, user=user)
        except IntegrityError:  # a second click at the same moment: already supported
            return True
        Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") + 1)
        supported = True
    proposal.refresh_from_db(fields=["support_count"])
    return supported
