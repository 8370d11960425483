"""The verification app in the admin. Each way of verifying keeps its admin in a module
of its own (letters: ``admin_letters``)."""

from verification import admin_letters  # noqa: F401 - registers LetterCodeAdmin
