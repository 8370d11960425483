"""API tokens made before keys were stored as digests (core/api/tokens.py): each
row's key is replaced by its digest, so the keys their owners hold keep working while
the database no longer holds them."""

import hashlib

from django.db import migrations


def digest(key: str) -> str:
    # As core.api.tokens.token_digest at the time of writing (a migration keeps its
    # own copy so that it never changes).
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:40]


def hash_keys(apps, schema_editor):
    Token = apps.get_model("authtoken", "Token")
    for token in list(Token.objects.all()):
        user_id, created, key = token.user_id, token.created, token.key
        token.delete()
        Token.objects.create(key=digest(key), user_id=user_id)
        Token.objects.filter(key=digest(key)).update(created=created)


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0002_user_home_district"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]

    # Backwards there is no way to the keys: the tokens stay as they are (digests), and
    # their owners make new ones.
    operations = [migrations.RunPython(hash_keys, migrations.RunPython.noop)]
