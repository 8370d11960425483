"""Moving models between apps without losing rows: the tables of a database made by an
earlier layout are taken over (renamed), a new database gets new tables.

Until December 2026 ideas, comments, votes, flags, moderation decisions, follows and
notifications were models of one app ``participation`` (tables ``participation_*``).
The first migration of each app that holds them now calls :func:`adopt_or_create`: the
state of the models is created by the migration itself, the database work is done here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models

LEGACY_APP = "participation"


@dataclass(frozen=True)
class Adoption:
    """The models of ``app_label`` (in creation order) with their legacy model names."""

    app_label: str
    legacy_models: dict[str, str]  # ModelName -> legacy model name (lower case)
    # ModelName -> {legacy index name: index name now}
    renamed_indexes: dict[str, dict[str, str]] = field(default_factory=dict)

    def forwards(self, apps, schema_editor) -> None:
        tables = set(schema_editor.connection.introspection.table_names())
        adopted = []
        for model_name, legacy in self.legacy_models.items():
            model = apps.get_model(self.app_label, model_name)
            legacy_table = f"{LEGACY_APP}_{legacy}"
            if legacy_table in tables:
                schema_editor.alter_db_table(model, legacy_table, model._meta.db_table)
                self._rename_indexes(model, schema_editor)
                adopted.append((model_name, legacy))
            else:
                schema_editor.create_model(model)
        if adopted:
            self._move_content_types(apps, adopted)
            self._forget_legacy_migrations(apps, schema_editor)

    def backwards(self, apps, schema_editor) -> None:
        for model_name in reversed(list(self.legacy_models)):
            schema_editor.delete_model(apps.get_model(self.app_label, model_name))

    def _rename_indexes(self, model, schema_editor) -> None:
        for old_name, new_name in self.renamed_indexes.get(model.__name__, {}).items():
            index = next(index for index in model._meta.indexes if index.name == new_name)
            old = models.Index(
                fields=index.fields, condition=index.condition, name=old_name
            )
            schema_editor.rename_index(model, old, index)

    def _move_content_types(self, apps, adopted) -> None:
        """Permissions (and the groups holding them), object permissions and the admin's
        log point at content types: move them to the new app instead of making new ones."""
        content_type = apps.get_model("contenttypes", "ContentType")
        permission = apps.get_model("auth", "Permission")
        for model_name, legacy in adopted:
            new_model = model_name.lower()
            if content_type.objects.filter(app_label=self.app_label, model=new_model).exists():
                continue
            for ct in content_type.objects.filter(app_label=LEGACY_APP, model=legacy):
                ct.app_label, ct.model = self.app_label, new_model
                ct.save(update_fields=["app_label", "model"])
                if new_model != legacy:
                    for perm in permission.objects.filter(content_type=ct):
                        if perm.codename.endswith(f"_{legacy}"):
                            perm.codename = perm.codename[: -len(legacy)] + new_model
                            perm.save(update_fields=["codename"])

    def _forget_legacy_migrations(self, apps, schema_editor) -> None:
        schema_editor.execute(
            "DELETE FROM django_migrations WHERE app = %s", [LEGACY_APP]
        )
