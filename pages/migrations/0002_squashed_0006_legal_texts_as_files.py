"""The data migrations 0002–0006 wrote the default texts of the legal pages into the
database and rewrote them as the texts changed. The texts now ship as files
(pages/content/), so those steps are squashed into nothing: a new database gets no prose
from a migration.

A database that applied 0002–0006 has this migration marked as applied by Django, and 0007
then removes the texts those steps wrote. (A database that applied only some of 0002–0006
must first be migrated with a release that still has them; Django's rule for squashes.)"""

from django.db import migrations


class Migration(migrations.Migration):
    replaces = [
        ("pages", "0002_default_pages"),
        ("pages", "0003_privacy_what_and_how_long"),
        ("pages", "0004_accessibility_statement_tested"),
        ("pages", "0005_accessibility_statement_formal_address"),
        ("pages", "0006_accessibility_statement_reports_in_english"),
    ]

    dependencies = [("pages", "0001_initial")]

    operations = []
