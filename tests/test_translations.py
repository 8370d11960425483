"""The English translation: complete, well-formed, compiled, and actually served.

German is the source language (the msgids); English must be complete. The catalogue is
read with a small parser here, so the test needs no gettext tools; the compiled .mo is
loaded with Python's own ``gettext`` to prove it was rebuilt from the current .po.
"""

import gettext
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    msgctxt: str | None = None
    msgid: str | None = None
    msgid_plural: str | None = None
    msgstr: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)

    @property
    def where(self) -> str:
        refs = " ".join(self.references) or "header"
        return f"django.po:{self.line} ({refs}) msgid={self.msgid!r}"

    @property
    def pairs(self) -> list[tuple[str, str]]:
        """(source, translation) pairs: form 0 against msgid, the others against the plural."""
        if self.msgid_plural is None:
            return [(self.msgid, self.msgstr)]
        return [
            (self.msgid if index == 0 else self.msgid_plural, text)
            for index, text in sorted(self.msgstr_plural.items())
        ]


def _unquote(token: str, line_no: int) -> str:
    token = token.strip()
    if len(token) < 2 or not (token.startswith('"') and token.endswith('"')):
        raise ValueError(f"django.po:{line_no}: not a quoted string: {token!r}")
    body, out, i = token[1:-1], [], 0
    while i < len(body):
        if body[i] == "\\":
            out.append(ESCAPES[body[i + 1]])
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def parse_po(path: Path) -> list[Entry]:
    """All entries, the header (msgid "") first. Obsolete (#~) entries are skipped."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple | None = None

    def finish():
        if current is not None and current.msgid is not None:
            entries.append(current)

    for line_no, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.rstrip("\n")
        if not line.strip():
            finish()
            current, target = None, None
            continue
        if line.startswith("#~"):
            continue
        if current is None:
            current = Entry(line=line_no)
        if line.startswith("#,"):
            current.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
        elif line.startswith("#:"):
            current.references.extend(line[2:].split())
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt "):
            current.msgctxt, target = _unquote(line[8:], line_no), ("msgctxt",)
        elif line.startswith("msgid_plural "):
            current.msgid_plural, target = _unquote(line[13:], line_no), ("msgid_plural",)
        elif line.startswith("msgid "):
            current.msgid, target = _unquote(line[6:], line_no), ("msgid",)
        elif line.startswith("msgstr["):
            match = re.fullmatch(r"msgstr\[(\d+)\]\s+(\".*\")", line)
            assert match, f"django.po:{line_no}: malformed {line!r}"
            index = int(match.group(1))
            current.msgstr_plural[index] = _unquote(match.group(2), line_no)
            target = ("msgstr_plural", index)
        elif line.startswith("msgstr "):
            current.msgstr, target = _unquote(line[7:], line_no), ("msgstr",)
        elif line.startswith('"'):
            assert target, f"django.po:{line_no}: continuation without a keyword"
            text = _unquote(line, line_no)
            if target[0] == "msgstr_plural":
                current.msgstr_plural[target[1]] += text
            else:
                setattr(current, target[0], getattr(current, target[0]) + text)
        else:
            raise ValueError(f"django.po:{line_no}: unexpected line {line!r}")
    finish()
    return entries


ENTRIES = parse_po(PO_PATH)
HEADER = ENTRIES[0]
MESSAGES = ENTRIES[1:]

# %(name)s with optional flags/width/precision, or positional %s/%d/...; %% is a literal.
PERCENT_RE = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]"
)
BRACE_RE = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*|\d*)(?:[!:][^{}]*)?\}(?!\})")
TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")


def percent_placeholders(text: str) -> Counter:
    found = Counter()
    for match in PERCENT_RE.finditer(text):
        token = match.group(0)
        if token == "%%":
            continue
        found[token] += 1
    return found


def stray_percent(text: str) -> bool:
    """A % that is neither a placeholder nor %%: breaks ``%`` formatting at runtime."""
    return "%" in PERCENT_RE.sub("", text)


def test_catalogue_parsed():
    assert HEADER.msgid == ""
    assert len(MESSAGES) > 300, "the catalogue looks truncated"
    keys = [(entry.msgctxt, entry.msgid) for entry in MESSAGES]
    assert len(keys) == len(set(keys)), "duplicate msgids"


def test_header_declares_english_utf8_and_plural_forms():
    header = HEADER.msgstr
    assert "Language: en\n" in header
    assert "charset=UTF-8" in header
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header
    assert "fuzzy" not in HEADER.flags


def test_every_entry_is_translated_and_not_fuzzy():
    problems = []
    for entry in MESSAGES:
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.where}")
        if entry.msgid_plural is None:
            if not (entry.msgstr or "").strip():
                problems.append(f"untranslated: {entry.where}")
        else:
            if sorted(entry.msgstr_plural) != [0, 1]:
                problems.append(f"plural forms {sorted(entry.msgstr_plural)}: {entry.where}")
            if not all(text.strip() for text in entry.msgstr_plural.values()):
                problems.append(f"untranslated plural form: {entry.where}")
    assert not problems, "\n".join(problems)


def test_placeholders_match():
    problems = []
    for entry in MESSAGES:
        for source, translation in entry.pairs:
            if percent_placeholders(source) != percent_placeholders(translation):
                problems.append(
                    f"%-placeholders {dict(percent_placeholders(source))} → "
                    f"{dict(percent_placeholders(translation))}: {entry.where}"
                )
            if Counter(BRACE_RE.findall(source)) != Counter(BRACE_RE.findall(translation)):
                problems.append(f"{{}}-placeholders differ: {entry.where}")
            if "python-format" in entry.flags:
                if stray_percent(translation):
                    problems.append(f"lone % (write %%): {entry.where} msgstr={translation!r}")
                if source.count("%%") and not translation.count("%%"):
                    problems.append(f"%% lost: {entry.where}")
    assert not problems, "\n".join(problems)


def test_markup_and_surrounding_whitespace_are_kept():
    problems = []
    for entry in MESSAGES:
        for source, translation in entry.pairs:
            if sorted(TAG_RE.findall(source)) != sorted(TAG_RE.findall(translation)):
                problems.append(f"HTML tags differ: {entry.where}")
            lead = len(source) - len(source.lstrip())
            trail = len(source) - len(source.rstrip())
            if source[:lead] != translation[: len(translation) - len(translation.lstrip())]:
                problems.append(f"leading whitespace differs: {entry.where}")
            if source[len(source) - trail :] != translation[len(translation.rstrip()) :]:
                problems.append(f"trailing whitespace differs: {entry.where}")
            if source.endswith("\n") != translation.endswith("\n"):
                problems.append(f"trailing newline differs: {entry.where}")
    assert not problems, "\n".join(problems)


def test_compass_directions():
    by_key = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in MESSAGES}
    assert by_key[("Himmelsrichtung", "O")] == "E"
    assert by_key[("Himmelsrichtung", "N")] == "N"
    assert by_key[("Himmelsrichtung", "S")] == "S"
    assert by_key[("Himmelsrichtung", "W")] == "W"


def test_compiled_mo_matches_po():
    """The .mo must be compiled from the current .po: every entry translates as written."""
    assert MO_PATH.exists(), "run: manage.py compilemessages -l en"
    with MO_PATH.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = []
    for entry in MESSAGES:
        if entry.msgid_plural is None:
            if entry.msgctxt is None:
                got = catalogue.gettext(entry.msgid)
            else:
                got = catalogue.pgettext(entry.msgctxt, entry.msgid)
            if got != entry.msgstr:
                stale.append(f"{entry.where}: .mo has {got!r}, .po has {entry.msgstr!r}")
        else:
            for n, index in ((1, 0), (2, 1), (5, 1)):
                if entry.msgctxt is None:
                    got = catalogue.ngettext(entry.msgid, entry.msgid_plural, n)
                else:
                    got = catalogue.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                if got != entry.msgstr_plural[index]:
                    stale.append(f"{entry.where} (n={n}): .mo has {got!r}")
    assert not stale, "the .mo is out of date; recompile:\n" + "\n".join(stale)


# --- what an English visitor sees ------------------------------------------------------


def main_nav(html: str) -> str:
    match = re.search(r'<nav class="site-nav".*?</nav>', html, re.S)
    assert match, "main navigation not found"
    return match.group(0)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/en/", "/en/strategie/", "/en/strategie/massnahmen/"])
def test_english_pages_are_english(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    nav = main_nav(html)
    for label in ("Home", "Strategy", "Measures"):
        assert f">{label}</a>" in nav, f"{label!r} missing from the main navigation of {url}"
    assert "Strategie<" not in nav and "Maßnahmen<" not in nav
    assert "Zum Inhalt springen" not in html
    assert ">Skip to content</a>" in html
    assert 'aria-label="Main navigation"' in html
    assert ">Legal notice</a>" in html and ">Privacy</a>" in html
    assert ">Accessibility</a>" in html


@pytest.mark.django_db
def test_german_stays_german(client):
    """The default language has no prefix and is unaffected by the English catalogue."""
    html = client.get("/strategie/").content.decode()
    assert '<html lang="de"' in html
    assert ">Strategie</a>" in main_nav(html)
    assert "Zum Inhalt springen" in html


@pytest.mark.django_db
def test_english_legal_notice(client):
    from pages.models import Page

    Page.objects.get_or_create(
        slug="impressum",
        defaults={
            "title_de": "Impressum",
            "title_en": "Legal notice",
            "body_de": "Anbieter ist die Stadt Jena.",
            "body_en": "This portal is provided by the City of Jena.",
        },
    )
    response = client.get("/en/impressum/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert re.search(r"<h1[^>]*>Legal notice</h1>", html)
    assert re.search(r"<title>Legal notice – ", html)
    assert "Zuletzt geändert" not in html and "Last modified:" in html
