"""What models of several apps share."""

from django.core.exceptions import ValidationError


class CrossFieldChecksMixin:
    """A model that checks rules across its own fields in ``clean_fields``, so that a
    form holding only some of its fields (an admin form) is asked only about those.

    ``cross_field_errors(skip)`` yields ``(field, message)`` for every rule broken; a
    rule about a field in ``skip`` (excluded, or already wrong on its own) is not asked.
    """

    def cross_field_errors(self, skip: set[str]):
        return ()

    def clean_fields(self, exclude=None) -> None:
        errors: dict = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        skip = set(exclude or ()) | set(errors)
        for field, message in self.cross_field_errors(skip):
            errors.setdefault(field, []).append(message)
        if errors:
            raise ValidationError(errors)
