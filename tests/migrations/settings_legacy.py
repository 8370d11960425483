"""The settings of a database made before participation/ was split: the site's settings
plus the old ``participation`` app (its migrations only). Used by
tests/migrations/legacy_layout.py in a process of its own."""

from jena_smart.settings_test import *  # noqa: F403
from jena_smart.settings_test import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.migrations.legacy_participation"]
