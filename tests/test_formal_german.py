"""German account pages and mails address residents formally ("Sie"), also where the text
is django-allauth's: allauth's German catalogue says "du", locale/de/LC_MESSAGES/django.po
overrides each of those entries. English stays English.

The informal-address pattern and the catalogue readers come from
scripts/allauth_formal_german.py, the check to run after an allauth upgrade, so the test
and the script cannot disagree about what counts as informal.
"""

import html
import importlib.util
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext, npgettext, pgettext

from tests.factories import DEFAULT_PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parent.parent
NEW_PASSWORD = "Saaleaue-Abendlicht-2024"


def _load_script():
    path = ROOT / "scripts" / "allauth_formal_german.py"
    spec = importlib.util.spec_from_file_location("allauth_formal_german", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


formal = _load_script()
ALLAUTH = formal.read_mo(formal.allauth_german_mo())
OVERRIDES = formal.read_po(formal.OVERRIDES_PO)
INFORMAL_KEYS = sorted(
    (key for key, text in ALLAUTH.items() if formal.informal_words(text)), key=formal.key_text
)


def translate(key) -> str:
    """What Django shows in the active language for a key of a compiled catalogue."""
    msgid, form = key if isinstance(key, tuple) else (key, None)
    context, _, msgid = msgid.rpartition(formal.CONTEXT_SEPARATOR)
    if form is None:
        return pgettext(context, msgid) if context else gettext(msgid)
    n = 1 if form == 0 else 2  # German: form 0 for n == 1, form 1 otherwise
    return npgettext(context, msgid, msgid, n) if context else ngettext(msgid, msgid, n)


# The formal German texts of the overrides, to prove none of them reaches English pages.
with translation.override("de"):
    FORMAL_GERMAN = {" ".join(translate(key).split()) for key in INFORMAL_KEYS}
FORMAL_GERMAN_WORDS_RE = re.compile(r"\b(?:Sie|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihnen|Bitte)\b")


def in_context(text: str, pattern: re.Pattern) -> list[str]:
    return [f"…{text[max(m.start() - 40, 0) : m.end() + 40]}…" for m in pattern.finditer(text)]


def assert_formal(text: str, where: str) -> None:
    found = in_context(text, formal.INFORMAL_RE)
    assert not found, f"{where} addresses the reader informally:\n" + "\n".join(found)


def assert_english(text: str, where: str) -> None:
    leaked = [german for german in FORMAL_GERMAN if german in text]
    assert not leaked, f"{where} shows formal German overrides: {leaked}"
    found = in_context(text, FORMAL_GERMAN_WORDS_RE)
    assert not found, f"{where} has German text:\n" + "\n".join(found)


def visible_text(page: str) -> str:
    """What a reader sees or hears: the text without <script>/<style>, plus the labels
    that stand for text (aria-label, title, placeholder, alt)."""
    page = re.sub(r"(?is)<(script|style|template)\b.*?</\1\s*>", " ", page)
    page = re.sub(r"(?s)<!--.*?-->", " ", page)
    labels = re.findall(r'\b(?:aria-label|title|placeholder|alt)="([^"]*)"', page)
    text = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(" ".join([text, *labels])).split())


def mail_text(message) -> str:
    """Subject and body (and any HTML part) of a mail, without its links: the random
    keys in them are not language."""
    parts = [message.subject, message.body]
    parts += [visible_text(content) for content, _ in getattr(message, "alternatives", [])]
    return " ".join(re.sub(r"https?://\S+", " ", " ".join(parts)).split())


def url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


# --- the pattern --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Bitte gib dein aktuelles Passwort ein.",
        "Du kannst deine primäre E-Mail-Adresse nicht löschen.",
        "Lass Dir bitte eine neue Bestätigungs-Mail schicken.",
        "Bist du sicher?",
        "Bitte wähle nur eine aus.",
        "Bitte habe Geduld.",
        "Rufe folgende Adresse auf.",
        "überprüfe bitte den Spam-Ordner",
        "Habt ihr Fragen? Meldet euch.",
        "Danke, dass du Jena Smart nutzt!",
    ],
)
def test_pattern_finds_the_informal_address(text):
    assert formal.informal_words(text)


@pytest.mark.parametrize(
    "text",
    [
        "Bitte geben Sie Ihr aktuelles Passwort ein.",
        "Wir haben Ihnen eine E-Mail geschickt. Sind Sie sicher?",
        "Der Fachdienst ist durch ein Duplikat direkt betroffen; Dirk aus Duisburg dirigiert.",
        "Entwürfe sehen nur ihre Verfasserin oder ihr Verfasser; mit ihr verschwinden sie.",
        "Ich habe meine Wiederherstellungscodes gespeichert.",
        "Platzhalter sind nicht erlaubt, es sei denn, sie sind aktiviert.",
        "In der Folge kam die Wende. Zu viele Versuche. Ein Klick unterstützt die Idee.",
        "Verdienst, dienstags, Dirigentin, Dünen, Euchromatin.",
    ],
)
def test_pattern_spares_the_formal_address_and_lookalikes(text):
    assert formal.informal_words(text) == []


# --- the catalogue ------------------------------------------------------------------------


def test_allauth_german_catalogue_was_read():
    assert len(ALLAUTH) > 300, formal.allauth_german_mo()
    assert INFORMAL_KEYS, "allauth's German is formal now: is locale/de still needed?"


@pytest.mark.parametrize("key", INFORMAL_KEYS, ids=formal.key_text)
def test_every_informal_allauth_text_is_formal_in_german(key):
    with translation.override("de"):
        shown = translate(key)

    assert shown != ALLAUTH[key], "no override in locale/de (scripts/allauth_formal_german.py)"
    assert_formal(shown, formal.key_text(key))


PERCENT_RE = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa]")
BRACE_RE = re.compile(r"\{[^{}]*\}")
TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")


@pytest.mark.parametrize("key", sorted(OVERRIDES, key=formal.key_text), ids=formal.key_text)
def test_override_keeps_placeholders_and_markup(key):
    """Against the msgid; a plural form against allauth's German form (no msgid_plural
    in a compiled catalogue)."""
    assert key in ALLAUTH, "this allauth has no such text any more: remove the override"
    source = ALLAUTH[key] if isinstance(key, tuple) else key.rpartition(formal.CONTEXT_SEPARATOR)[2]
    override = OVERRIDES[key]
    for pattern in (PERCENT_RE, BRACE_RE, TAG_RE):
        assert Counter(pattern.findall(override)) == Counter(pattern.findall(source)), pattern
    assert override.endswith("\n") == source.endswith("\n")
    assert override.endswith(" ") == source.endswith(" ")


def test_maintenance_script_finds_no_informal_text_without_override(capsys):
    assert formal.main() == 0
    summary = capsys.readouterr().out
    assert f"overrides {len(INFORMAL_KEYS)} of them" in summary


def test_compiled_catalogue_matches_the_po():
    mo = formal.read_mo(formal.OVERRIDES_PO.with_suffix(".mo"))
    assert mo == OVERRIDES, "recompile: manage.py compilemessages -l de (see the .po header)"


def test_catalogue_header_declares_german_utf8_plural_forms_and_allauth_version():
    po = formal.OVERRIDES_PO.read_text(encoding="utf-8")
    header = po.split("\n\n", 1)[0]
    assert f"django-allauth {formal.allauth_version()}" in header
    assert "scripts/allauth_formal_german.py" in header
    assert '"Language: de\\n"' in header
    assert "charset=UTF-8" in header
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in header


# --- what residents see -------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    name: str
    signed_in: bool
    german: str
    english: str
    kwargs: tuple = ()

    def url(self, language: str) -> str:
        return url(self.name, language, **dict(self.kwargs))


PAGES = [
    Page("account_login", False, "Sie haben noch kein Konto?", "If you have not created"),
    Page("account_signup", False, "Registrieren", "Sign up"),
    Page(
        "account_reset_password",
        False,
        "Passwort vergessen? Geben Sie unten Ihre E-Mail-Adresse ein.",
        "Forgotten your password? Enter your email address below",
    ),
    Page(
        "account_reset_password_done",
        False,
        "Wir haben Ihnen eine E-Mail geschickt.",
        "We have sent you an email.",
    ),
    Page(
        "account_email_verification_sent",
        False,
        "Bestätigen Sie Ihre E-Mail-Adresse",
        "Verify your e-mail address",
    ),
    Page(
        "account_reset_password_from_key",
        False,
        "Bitte fordern Sie einen neuen Link an",
        "Please request a new password reset",
        (("uidb36", "1"), ("key", "bad-key")),
    ),
    Page(
        "account_confirm_email",
        False,
        "fordern Sie eine neue Bestätigungs-E-Mail an",
        "issue a new email confirmation request",
        (("key", "no-such-key"),),
    ),
    Page("account_email", True, "Ihre E-Mail-Adresse (bestätigt)", "Your e-mail address"),
    Page("account_change_password", True, "Aktuelles Passwort", "Current Password"),
    Page("account_logout", True, "Möchten Sie sich wirklich abmelden?", "Are you sure you want"),
]


def check_language(text: str, language: str, expected: dict[str, str], where: str) -> None:
    if language == "de":
        assert_formal(text, where)
    else:
        assert_english(text, where)
    assert expected[language] in text, f"{where}: {expected[language]!r} missing from\n{text}"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_account_page_speaks_formal_german_or_english(client, page, language):
    if page.signed_in:
        client.force_login(UserFactory())

    response = client.get(page.url(language))

    assert response.status_code == 200
    content = response.content.decode()
    assert f'<html lang="{language}"' in content
    expected = {"de": page.german, "en": page.english}
    check_language(visible_text(content), language, expected, page.url(language))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "en"])
def test_form_errors_and_messages_speak_the_page_language(client, language):
    client.force_login(UserFactory())
    change_url = url("account_change_password", language)
    wrong = client.post(
        change_url, {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    expected = {"de": "Bitte geben Sie Ihr aktuelles Passwort ein.", "en": "Please type your"}
    check_language(visible_text(wrong.content.decode()), language, expected, "wrong password")

    client.post(url("account_logout", language))
    after = client.get(url("account_login", language))
    expected = {"de": "Sie haben sich abgemeldet.", "en": "You have signed out."}
    check_language(visible_text(after.content.decode()), language, expected, "after signing out")

    mismatch = client.post(
        url("account_signup", language),
        {
            "email": "neu@example.org",
            "display_name": "Saalefuchs",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD + "x",
            "preferred_language": language,
        },
    )
    expected = {"de": "Bitte geben Sie zweimal dasselbe", "en": "You must type the same password"}
    check_language(visible_text(mismatch.content.decode()), language, expected, "sign-up")


def only_mail() -> str:
    [message] = mail.outbox
    mail.outbox.clear()
    return mail_text(message)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "en"])
def test_sign_up_mails_and_confirmation_page_speak_the_page_language(client, language):
    signup_url = url("account_signup", language)
    data = {
        "email": "neu@example.org",
        "display_name": "Saalefuchs",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "preferred_language": language,
    }

    assert client.post(signup_url, data).status_code == 302
    [message] = mail.outbox
    expected = {"de": "Bitte bestätigen Sie Ihre E-Mail-Adresse", "en": "Please Confirm Your"}
    check_language(mail_text(message), language, expected, "confirmation mail")
    expected = {"de": "Vielen Dank, dass Sie Jena Smart nutzen!", "en": "Thank you for using"}
    check_language(mail_text(message), language, expected, "confirmation mail")

    [link] = re.findall(r"https?://\S+/confirm-email/\S+", message.body)
    page = client.get(link.split("testserver", 1)[1])
    expected = {"de": "Bitte bestätigen Sie, dass", "en": "Please confirm that"}
    check_language(visible_text(page.content.decode()), language, expected, "confirm page")

    mail.outbox.clear()
    client.post(signup_url, data | {"display_name": "Zweiter Versuch"})
    expected = {"de": "Falls Sie das vergessen", "en": "In case you have"}
    check_language(only_mail(), language, expected, "account-exists mail")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "en"])
def test_password_mails_speak_the_page_language(client, language):
    user = UserFactory(email="bewohnerin@example.org")
    reset_url = url("account_reset_password", language)

    client.post(reset_url, {"email": "bewohnerin@example.org"})
    expected = {"de": "Klicken Sie auf den folgenden Link", "en": "Click the link below"}
    check_language(only_mail(), language, expected, "password-reset mail")

    client.post(reset_url, {"email": "unbekannt@example.org"})
    expected = {"de": "Wenn es von Ihnen war", "en": "If it was you"}
    check_language(only_mail(), language, expected, "unknown-account mail")

    client.force_login(user)
    client.post(
        url("account_change_password", language),
        {"oldpassword": DEFAULT_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    expected = {"de": "Ihr Passwort wurde geändert.", "en": "Your password has been changed."}
    check_language(only_mail(), language, expected, "password-changed mail")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "en"])
def test_email_change_speaks_the_page_language(client, language):
    client.force_login(UserFactory(email="alt@example.org"))
    email_url = url("account_email", language)

    response = client.post(email_url, {"email": "neu@example.org", "action_add": ""}, follow=True)

    expected = {"de": "Bitte bestätigen Sie Ihre E-Mail-Adresse", "en": "Please Confirm Your"}
    check_language(only_mail(), language, expected, "confirmation mail for the new address")
    expected = {"de": "Neue Adresse noch nicht bestätigt", "en": "New address not yet verified"}
    check_language(visible_text(response.content.decode()), language, expected, "e-mail page")
