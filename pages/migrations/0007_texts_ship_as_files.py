"""The legal pages show the texts shipped as files (pages/content/); a row keeps only what
an editor changed, and an empty field means "the shipped text".

Existing databases hold the texts the old data migrations 0002–0006 wrote. They are not an
editor's work, so they are removed field by field: a field whose text (line endings and
surrounding whitespace aside, as the admin may have saved it unchanged) is one of those
texts, or the shipped file's, becomes empty. The old texts are recognised by their SHA-256
digests below, so no prose lives in this migration; tests/pages/
test_legal_pages_migrations.py checks the table against a database as 0006 left it.

Old rule kept: an empty English text showed the German one. Where an editor wrote the
German text and left the English empty, the German text is copied into the English field,
so English readers keep seeing it rather than the shipped English text.

Backwards, the empty fields are filled with the shipped texts again, for the code before
this change, which expects every text in the database."""

import hashlib

from django.db import migrations, models

FIELDS = ("title_de", "title_en", "body_de", "body_en")

# (slug, field) -> digests of the texts migrations 0002–0006 wrote into that field.
WRITTEN_BY_DATA_MIGRATIONS = {
    ("impressum", "title_de"): {
        "b8a6051923e6a6494006784ea7e367dd4cefe964281e8d32a5464f56798a76d2",  # 0002
    },
    ("impressum", "title_en"): {
        "1011b3a811f084906dce10bf84b585bf15e57b9b3e06eaaf4bc902ecae8726b6",  # 0002
    },
    ("impressum", "body_de"): {
        "53f3a1d73010f0f5e73469c413b2caefc4c0b4767c43c3ba82a88f016ad4b726",  # 0002
    },
    ("impressum", "body_en"): {
        "aa9a4bbf8cb894c433f13819843231ebbfc97da701ffab8042bfe8d370bba9d3",  # 0002
    },
    ("datenschutz", "title_de"): {
        "a1235efbc18d60e2359b3257cd79769df0b2fd2f7bb5683e73495bbef69b3282",  # 0002
    },
    ("datenschutz", "title_en"): {
        "ba445cff3898a3f24f415f90fbef1c8169ea21949a40680c5e1c5975843d1b5e",  # 0002
    },
    ("datenschutz", "body_de"): {
        "af8b0257687fda9da260e0771d9a9e2d51eebfe79400cdcfb6980ee18df62aa0",  # 0002
        "d531a2bd62d137be48b25e470edc75ce62737df64137b04b377ee233ed0d571b",  # 0003
    },
    ("datenschutz", "body_en"): {
        "05f13611090a9c3647c352f10ef269cd9910c7362b0ce4918a092d022aae63da",  # 0002
        "ef6590bbbf6b8823a690f48a470ee584a54fce37b8cab576c81ad843c16dddf8",  # 0003
    },
    ("barrierefreiheit", "title_de"): {
        "6928de89bd8d95193924498e8a7558ada3062ea4843cba58ae011617a5822018",  # 0002
    },
    ("barrierefreiheit", "title_en"): {
        "340eb8c07faeca3dfa3eabe49cf86e4db0cda6be00b94f1d788ecbaa9fa24e84",  # 0002
    },
    ("barrierefreiheit", "body_de"): {
        "e89f5a159a3b27ca36c86d249aad5dd80a8e8080f5e93899fc4599528ef09c12",  # 0002
        "076116566579d44b963c749acdee285048271561008f05cdcc8ce3a13eb5cb2c",  # 0004
        "2cf106461c67481b7ef5ed1230b4225a06012fe41d967d895cb7afca41531216",  # 0005
        "74198e63e3a5a03ae6aa89982f11189ea23bd51cac994fd424c106c076e9c191",  # 0006
    },
    ("barrierefreiheit", "body_en"): {
        "d6deac9f27b530ce6288d3c29afa7f6db2063314976d09e2413f5f482d417b28",  # 0002
        "3d5a63fccc3f7764f77eec640f98e7ae1bd6c1d5d5aa764e1cfa3e662324fe79",  # 0004
        "edd144650e5056265d0591238e38d4b2b18f709277fc994e8805ff9883dd7662",  # 0005
        "585427661d4b8bc5b929aee04ed79af41c88553d0f17c89baf11e036457095d8",  # 0006
    },
}


def digest(text: str) -> str:
    normalised = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def shipped(slug: str, field: str, text: str) -> bool:
    """Whether ``text`` shipped for this field: written by one of the old data migrations,
    or the file as it is now (what migrating back wrote, see restore_shipped_texts)."""
    if digest(text) in WRITTEN_BY_DATA_MIGRATIONS.get((slug, field), set()):
        return True
    from pages.shipped import ShippedTextError, shipped_text

    part, language = field.rsplit("_", 1)
    try:
        current = shipped_text(slug, language)
    except ShippedTextError:
        return False
    return digest(text) == digest(current.title if part == "title" else current.body)


def forget_shipped_texts(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    pages = Page.objects.using(schema_editor.connection.alias)
    for page in pages.all():
        changes = {
            field: ""
            for field in FIELDS
            if getattr(page, field) and shipped(page.slug, field, getattr(page, field))
        }
        for part in ("title", "body"):
            german, english = f"{part}_de", f"{part}_en"
            if not getattr(page, english) and getattr(page, german) and german not in changes:
                changes[english] = getattr(page, german)
        if changes:
            # update(), not save(): an editor's text keeps the time it was saved.
            pages.filter(pk=page.pk).update(**changes)


def restore_shipped_texts(apps, schema_editor):
    from pages.shipped import shipped_text  # the files as they are when migrating back

    Page = apps.get_model("pages", "Page")
    pages = Page.objects.using(schema_editor.connection.alias)
    for slug in ("impressum", "datenschutz", "barrierefreiheit"):
        page, _created = pages.get_or_create(slug=slug)
        changes = {}
        for language in ("de", "en"):
            text = shipped_text(slug, language)
            if not getattr(page, f"title_{language}"):
                changes[f"title_{language}"] = text.title
            if not getattr(page, f"body_{language}"):
                changes[f"body_{language}"] = text.body
        if changes:
            pages.filter(pk=page.pk).update(**changes)


class Migration(migrations.Migration):
    dependencies = [("pages", "0002_squashed_0006_legal_texts_as_files")]

    operations = [
        migrations.AlterField(
            model_name="page",
            name="body_de",
            field=models.TextField(
                blank=True,
                help_text="Absätze durch Leerzeilen trennen; Adressen werden zu Links.",
                verbose_name="Text (Deutsch)",
            ),
        ),
        migrations.AlterField(
            model_name="page",
            name="title_de",
            field=models.CharField(blank=True, max_length=200, verbose_name="Titel (Deutsch)"),
        ),
        migrations.AlterField(
            model_name="page",
            name="title_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="Titel (Englisch)"),
        ),
        migrations.RunPython(forget_shipped_texts, restore_shipped_texts),
    ]
