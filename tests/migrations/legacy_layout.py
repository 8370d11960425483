"""Build a database of the layout before participation/ was split, with the demo data in
it, or count what a database holds. Run in a process of its own (the test starts it):

    python -m tests.migrations.legacy_layout build   # settings_legacy, DATABASE_URL set
    python -m tests.migrations.legacy_layout count   # the site's settings

``build`` migrates every app except the three new ones, which makes the old
``participation_*`` tables; the old app's content types and permissions are made as
Django made them; then the demo data is loaded into those tables (the models are pointed
at the old table names for the time of the loading). Both commands print JSON.
"""

import json
import sys

import django

# The models of the three apps and the tables they had.
LEGACY_TABLES = {
    ("ideas", "Idea"): "participation_idea",
    ("ideas", "Comment"): "participation_comment",
    ("ideas", "Vote"): "participation_vote",
    ("moderation", "Flag"): "participation_report",
    ("moderation", "ModerationDecision"): "participation_moderationdecision",
    ("moderation", "FlagAlert"): "participation_reportalert",
    ("notifications", "Follow"): "participation_follow",
    ("notifications", "Notification"): "participation_notification",
    ("notifications", "NotificationPreference"): "participation_notificationpreference",
}
NEW_APPS = ("ideas", "moderation", "notifications")


def _legacy_content_types_and_permissions() -> None:
    """What post_migrate made for the old app: a content type per model, the default
    permissions with their names, a group holding one of them."""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    group = Group.objects.create(name="Ideen-Redaktion")
    for (app_label, model_name), table in LEGACY_TABLES.items():
        model = apps.get_model(app_label, model_name)
        legacy = table.removeprefix("participation_")
        ct = ContentType.objects.create(app_label="participation", model=legacy)
        for action in ("add", "change", "delete", "view"):
            perm = Permission.objects.create(
                content_type=ct,
                codename=f"{action}_{legacy}",
                name=f"Can {action} {model._meta.verbose_name_raw}",
            )
            if legacy == "idea" and action == "change":
                group.permissions.add(perm)


def build() -> dict:
    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection, models
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    old_layout = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in NEW_APPS]
    executor.migrate(old_layout)
    # What migrate does after migrating, for every app the old layout had.
    for app_config in apps.get_app_configs():
        if app_config.label not in NEW_APPS and app_config.models_module is not None:
            models.signals.post_migrate.send(
                sender=app_config,
                app_config=app_config,
                verbosity=0,
                interactive=False,
                using=connection.alias,
                apps=apps,
                plan=[],
            )
    _legacy_content_types_and_permissions()

    moved = {key: apps.get_model(*key) for key in LEGACY_TABLES}
    new_tables = {key: model._meta.db_table for key, model in moved.items()}
    for key, model in moved.items():
        model._meta.db_table = LEGACY_TABLES[key]
    # Fields the models gained after the move (a comment's ``proposal``, migration
    # ideas 0002) are not in the old tables: added for the loading, dropped again, so
    # that the migrations add them as they would on a real database.
    # Plain nullable columns (no constraint): what the loading writes into them is NULL.
    added = []
    with connection.cursor() as cursor:
        for model in moved.values():
            table = model._meta.db_table
            columns = {
                c.name for c in connection.introspection.get_table_description(cursor, table)
            }
            for model_field in model._meta.local_concrete_fields:
                if model_field.column not in columns:
                    kind = model_field.db_type(connection)
                    cursor.execute(
                        f'ALTER TABLE "{table}" ADD COLUMN "{model_field.column}" {kind} NULL'
                    )
                    added.append((table, model_field.column))
    try:
        call_command("load_jena_demo", verbosity=0)
        call_command("load_participation_demo", verbosity=0)
    finally:
        with connection.cursor() as cursor:
            for table, column in added:
                cursor.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
        for key, model in moved.items():
            model._meta.db_table = new_tables[key]
    return {"tables": _count(LEGACY_TABLES.values()), **_content_types()}


def _count(tables) -> dict[str, int]:
    from django.db import connection

    counts = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - fixed names
            counts[table] = cursor.fetchone()[0]
    return counts


def _content_types() -> dict:
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType

    group = Group.objects.filter(name="Ideen-Redaktion").first()
    return {
        "content_types": {
            f"{ct.app_label}.{ct.model}": ct.pk
            for ct in ContentType.objects.filter(app_label__in=("participation", *NEW_APPS))
        },
        "group_permissions": sorted(
            f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()
        )
        if group
        else [],
    }


def count() -> dict:
    """The rows of the three apps in their tables now, and their content types."""
    from django.apps import apps
    from django.db import connection

    from participation.ideas.models import Comment, Idea

    tables = {LEGACY_TABLES[key]: apps.get_model(*key)._meta.db_table for key in LEGACY_TABLES}
    existing = set(connection.introspection.table_names())
    # Relations still resolve after the tables were renamed.
    reply = Comment.objects.filter(parent__isnull=False, idea__isnull=False).first()
    return {
        "tables": {old: _count([new])[new] for old, new in tables.items()},
        "legacy_tables_left": sorted(t for t in existing if t.startswith("participation_")),
        "reply_resolves": bool(reply and reply.parent.idea_id == reply.idea.pk),
        "ideas_with_comments": Idea.objects.filter(comments__isnull=False).distinct().count(),
        **_content_types(),
    }


if __name__ == "__main__":
    django.setup()
    result = build() if sys.argv[1] == "build" else count()
    sys.stdout.write(json.dumps(result) + "\n")
