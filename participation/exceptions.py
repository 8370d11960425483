"""Domain errors of participation. Views turn them into a form error or a 4xx with the
message; the API into a 400/403/409 with the message as the reason."""

from django.core.exceptions import PermissionDenied, ValidationError


class ParticipationError(ValidationError):
    """A rule refused the action; ``message`` says why in words a resident understands."""


class PhaseClosed(ParticipationError):
    pass


class VoteLimitReached(ParticipationError):
    pass


class OutsideProjectArea(ParticipationError):
    pass


class NotAllowed(PermissionDenied):
    """The person may not do this (not signed in, e-mail not verified, not the author,
    not a moderator of this project)."""
