"""Which German texts of django-allauth still say "du" to residents?

    .venv/bin/python scripts/allauth_formal_german.py

allauth's German catalogue addresses people informally ("Bitte gib dein Passwort ein");
the city addresses them formally ("Bitte geben Sie Ihr Passwort ein"). Our catalogue
locale/de/LC_MESSAGES/django.po overrides every informal allauth entry, because Django
prefers LOCALE_PATHS over the catalogues of installed apps. Run this after upgrading
allauth: it lists the informal entries of the installed allauth's compiled German
catalogue that have no override in our .po, each as a .po snippet to translate, then
overrides that are themselves informal, then overrides of texts allauth no longer has.
Exit 1 if anything of the first two kinds is found. Afterwards compile with
``DEBUG=true .venv/bin/python manage.py compilemessages -l de --ignore=.venv
--ignore=node_modules`` and run tests/test_formal_german.py.

Needs only the project's venv: allauth's .mo is read with Python's gettext, our .po with
the small reader below. tests/test_formal_german.py uses ``informal_words`` too.
"""

import gettext
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OVERRIDES_PO = ROOT / "locale" / "de" / "LC_MESSAGES" / "django.po"
CONTEXT_SEPARATOR = "\x04"

# Words that only the informal address uses. Capitalised "Sie"/"Ihr"/"Ihnen" are formal.
# Lowercase "ihr" is left out on purpose: it is far more often "her/its/their" ("ihr
# Verfasser", "mit ihr"); plural "you" shows in its verb (habt, seid, könnt ...) instead.
_INFORMAL_ANY_CASE = [
    # pronouns
    "du", "dich", "dir", "dein", "deine", "deinem", "deinen", "deiner", "deines",
    "euch", "euer", "eure", "eurem", "euren", "eurer", "eures",
    # verbs, second person singular
    "bist", "hast", "hattest", "hättest", "kannst", "konntest", "könntest", "musst",
    "musstest", "müsstest", "möchtest", "willst", "wolltest", "sollst", "solltest",
    "wirst", "würdest", "darfst", "durftest", "dürftest", "warst", "wärst", "wärest",
    "weißt", "erhältst", "bekommst", "siehst", "gibst", "sendest", "verwendest",
    "findest", "brauchst", "gehst", "kommst", "klickst", "meldest", "versuchst",
    # verbs, second person plural
    "habt", "seid", "könnt", "müsst", "wollt", "sollt", "solltet", "dürft", "werdet",
    "möchtet", "wisst",
    # imperatives that are nothing else
    "gib", "geh", "nimm", "lies", "sieh", "lass", "komm", "hilf", "sprich", "vergiss",
]  # fmt: skip
# Imperatives that are also the first person ("ich melde") or a noun ("ein Klick"): only
# lowercase (as in "Bitte wähle ...") and not after "ich"; capitalised only where no noun
# looks the same ("Klick", "Versuche", "Folge", "Wende" are nouns too).
_INFORMAL_LOWERCASE = [
    "klick", "gehe", "habe", "bestätige", "klicke", "melde", "logge", "versuche", "wende",
    "überprüfe", "prüfe", "kontaktiere", "wähle", "folge", "rufe", "verwende", "sende",
    "gebe", "erstelle", "besuche", "ändere", "lade", "speichere", "füge", "trage",
    "aktiviere", "warte", "beachte", "öffne", "registriere", "schreibe", "fordere",
]  # fmt: skip
_INFORMAL_CAPITALISED = [
    "Gehe", "Habe", "Bestätige", "Klicke", "Melde", "Logge", "Überprüfe", "Prüfe",
    "Kontaktiere", "Wähle", "Rufe", "Verwende", "Gebe", "Öffne", "Registriere", "Füge",
    "Ändere", "Aktiviere",
]  # fmt: skip


def _alternatives(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


INFORMAL_RE = re.compile(
    rf"\b(?i:{_alternatives(_INFORMAL_ANY_CASE)})\b"
    rf"|(?<![Ii]ch )\b(?:{_alternatives(_INFORMAL_LOWERCASE + _INFORMAL_CAPITALISED)})\b"
)


def informal_words(text: str) -> list[str]:
    """The words of ``text`` that address the reader informally, in order."""
    return INFORMAL_RE.findall(text)


def key_text(key) -> str:
    """A catalogue key as people read it: "context | msgid [plural form n]"."""
    msgid, form = key if isinstance(key, tuple) else (key, None)
    context, _, msgid = msgid.rpartition(CONTEXT_SEPARATOR)
    text = f"{context} | {msgid!r}" if context else repr(msgid)
    return text if form is None else f"{text} [plural form {form}]"


def allauth_german_mo() -> Path:
    import allauth

    return Path(allauth.__file__).resolve().parent / "locale" / "de" / "LC_MESSAGES" / "django.mo"


def allauth_version() -> str:
    import allauth

    return allauth.__version__


def read_mo(path: Path) -> dict:
    """The catalogue of a compiled .mo: msgid -> msgstr, plural forms under (msgid, n),
    a msgctxt as "context\\x04msgid"; without the header."""
    with path.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog
    return {key: text for key, text in catalogue.items() if key not in ("", ("", 0))}


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(token: str) -> str:
    body = token.strip()[1:-1]
    return re.sub(r"\\(.)", lambda match: _ESCAPES.get(match.group(1), match.group(1)), body)


def read_po(path: Path) -> dict:
    """A .po file with the same keys as ``read_mo``: translated, not fuzzy, not obsolete
    entries only (the ones ``compilemessages`` puts into the .mo)."""
    catalogue: dict = {}
    entry: dict = {}
    field = None

    def finish():
        if entry.get("msgid") and "fuzzy" not in entry.get("flags", ""):
            key = entry["msgid"]
            if "msgctxt" in entry:
                key = entry["msgctxt"] + CONTEXT_SEPARATOR + key
            forms = {name: text for name, text in entry.items() if name.startswith("msgstr")}
            for name, text in forms.items():
                if not text:
                    continue
                if name == "msgstr":
                    catalogue[key] = text
                else:
                    catalogue[(key, int(name[7:-1]))] = text

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if not line or line.startswith("#~"):
            if not line and entry:
                finish()
                entry, field = {}, None
            continue
        if line.startswith("#,"):
            entry["flags"] = entry.get("flags", "") + line[2:]
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += _unquote(line)
        else:
            field, _, token = line.partition(" ")
            if field in entry:  # a new entry without a blank line between
                finish()
                entry = {}
            entry[field] = _unquote(token)
    return catalogue


def check(allauth: dict, overrides: dict) -> tuple[list, list, list]:
    """(informal allauth keys without an override, informal overrides, stale overrides)."""
    missing = [key for key, text in allauth.items() if informal_words(text)]
    missing = [key for key in missing if key not in overrides]
    informal = [key for key, text in overrides.items() if informal_words(text)]
    stale = [key for key in overrides if key not in allauth]
    return missing, informal, stale


def _po_snippet(key, text: str) -> str:
    msgid, form = key if isinstance(key, tuple) else (key, None)
    context, _, msgid = msgid.rpartition(CONTEXT_SEPARATOR)

    def quoted(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    lines = [f"# allauth: {' '.join(text.split())}"]
    if context:
        lines.append(f"msgctxt {quoted(context)}")
    lines.append(f"msgid {quoted(msgid)}")
    if form is None:
        lines.append('msgstr ""')
    else:  # a compiled catalogue keeps no msgid_plural
        lines.insert(1, "# msgid_plural: copy it from allauth's django.po")
        lines += ['msgid_plural ""', 'msgstr[0] ""', 'msgstr[1] ""']
    return "\n".join(lines)


def main() -> int:
    allauth = read_mo(allauth_german_mo())
    overrides = read_po(OVERRIDES_PO) if OVERRIDES_PO.exists() else {}
    missing, informal, stale = check(allauth, overrides)
    informal_total = sum(1 for text in allauth.values() if informal_words(text))
    print(
        f"django-allauth {allauth_version()}: {informal_total} of {len(allauth)} German "
        f"texts address people informally; {OVERRIDES_PO.relative_to(ROOT)} overrides "
        f"{informal_total - len(missing)} of them."
    )
    if missing:
        print(f"\n{len(missing)} informal allauth texts without a formal override:\n")
        for key in missing:
            if not isinstance(key, tuple) or key[1] == 0 or (key[0], 0) not in missing:
                print(_po_snippet(key, allauth[key]) + "\n")
    if informal:
        print(f"\n{len(informal)} overrides that are informal themselves:")
        for key in informal:
            words = ", ".join(informal_words(overrides[key]))
            print(f"  {key_text(key)}: {overrides[key]!r} ({words})")
    if stale:
        print(f"\n{len(stale)} overrides of texts this allauth no longer has (remove them):")
        for key in stale:
            print(f"  {key_text(key)}")
    return 1 if missing or informal else 0


if __name__ == "__main__":
    sys.exit(main())
