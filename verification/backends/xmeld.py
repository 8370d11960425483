"""The register check against a municipal register service: one "einfache
Melderegisterauskunft" (simple register information) in XMeld's shape, sent as SOAP 1.1
over HTTP POST, optionally with mutual TLS.

Settings (environment variables of the same names, see ``jena_smart/settings.py``):

* ``VERIFICATION_XMELD_URL`` – the service's endpoint (``https://…``); empty: the check
  answers "register unavailable".
* ``VERIFICATION_XMELD_SENDER`` – our Behördenkennung, sent as the Absender; required.
* ``VERIFICATION_XMELD_CLIENT_CERT`` / ``VERIFICATION_XMELD_CLIENT_KEY`` – PEM files of
  the client certificate and its key for mutual TLS (the key may sit in the cert file).
* ``VERIFICATION_XMELD_CA_BUNDLE`` – PEM file of the CAs that may sign the service's
  certificate; empty: the system's trust store.
* ``VERIFICATION_XMELD_TIMEOUT`` – seconds (default 5) for connecting and for each read;
  the whole answer must arrive within twice that.

Environment proxies (``HTTPS_PROXY``) are not used and redirects are not followed: the
register is asked directly, and the person's data goes to the configured URL only.

What is sent, what is kept
--------------------------
Sent: family name, given names, date of birth, street, house number and postcode as the
person typed them – phonetic search off, so the register compares exactly on its own
normalisation (case, "ä"/"ae", "ß"/"ss" are its business). The Wohnort is not sent: a
state-wide service (Landesmelderegister) answers for its whole area, and this backend
decides "in Jena" from the answer. Kept: nothing of the request or the answer; the check
returns a :class:`RegisterAnswer` (keyed hash, district, birth year) or ``None``. Nothing
of the person is logged, only the kind of outcome (``xmeld register answer: <kind>``).

How an answer is read
---------------------
* status "01" and exactly one Treffer whose Wohnort is Jena and whose name, date of birth
  and current address agree with the query on ``verification.person``'s normalisation →
  confirmed. The entry digest is ``Person.digest()`` of that data, i.e. the same keyed
  hash the register extract (``backends.extract``) has for the entry, so one register
  entry confirms one account whichever backend and spelling was used. Fields the answer
  leaves out are taken as compared by the register. The district is the Treffer's
  Ortsteil mapped to a ``geo.District`` (``geo.services.district_slug``, then name).
* no Treffer (status "02"), several (status "03", or "01" with more than one), a Treffer
  outside Jena or one that disagrees with the query → ``None``: the caller shows one
  identical "not confirmed" answer for all of them.
* timeout, connection or TLS error, an HTTP status other than 200, a SOAP fault, XML that
  does not parse or is not this answer, an unknown status code → ``RegisterUnavailable``.

Which names are XMeld's and which are assumptions
-------------------------------------------------
The XMeld XSDs are not vendored here. The request follows the
``melderegisterauskunfteinfach.anforderung.0600`` message of XMeld 3.4 (namespace
``http://www.osci.de/xmeld34``) as a German CONSUL fork sends it to a municipal register
gateway over SOAP: XMeld names are the message element and its XÖV attributes
(``version``, ``fassung``, ``produkt``, ``produkthersteller``, ``produktversion``,
``test``), ``nachrichtenkopf`` / ``identifikation.nachricht`` / ``nachrichtennummer``
(``code`` 0600, list ``urn:de:xmeld:schluesseltabelle:xmeld.nachrichten``) /
``erstellungszeitpunkt``, ``absender``, ``empfaenger`` / ``behoerdenkennung``,
``auskunft.anforderung`` / ``anfragedaten`` / ``zumZweckDerWerbungOderAdresshandel``,
``datenZurAnfrage`` / ``name`` / ``nachname`` / ``vornamen`` / ``phonetik``,
``anschrift`` with unqualified XInneres children ``strasse``, ``hausnummer``,
``hausnummerBuchstabeZusatzziffer``, ``postleitzahl``, ``geburtsdatum`` /
``teilbekanntesDatum`` / ``jahrMonatTag``, ``steuerungsinformationen`` /
``option.auskunft`` (code 01). In the answer: ``ergebnisstatus`` / ``code`` ("01" =
found), ``ergebnis`` / ``ergebnis`` per Treffer with ``familienname`` / ``nachname``,
``vornamen`` / ``name``, ``anschrift.aktuell`` / ``anschrift`` / ``wohnort`` etc.

Assumptions (adjust here when the city's service documents otherwise): the SOAP
operation wrapper ``abfrage0600`` in the gateway's namespace ``XMeld34Auskunft`` and the
SOAPAction ``"abfrage0600"``; the Absender as a ``behoerdenkennung`` (a public body asks,
not a private customer); the Empfänger ``ags:16053000`` (Jena's municipality key); the
status codes "02" (not found) and "03" (not unique); ``geburtsdatum`` and ``ortsteil``
inside each Treffer (an einfache Auskunft to a private party would not carry them; the
city's own service for the city's portal does); ``gemeindeschluessel`` in the answer's
anschrift, checked when present; the answer's root element's name, which is not relied
on (the answer is recognised by ``ergebnisstatus``).
"""

from __future__ import annotations

import datetime
import http.client
import logging
import re
import ssl
import time
import urllib.error
import urllib.request
import uuid
import xml.etree.ElementTree as ET  # noqa: S405 - builds our own request; answers use defusedxml
from dataclasses import dataclass

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from django.conf import settings
from django.db.models import Q
from django.utils.text import slugify

from geo.models import District
from geo.services import district_slug
from verification.backends import RegisterAnswer, RegisterBackend, RegisterUnavailable
from verification.person import Person, house_number_key, name_key, street_key

logger = logging.getLogger(__name__)

SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"
XMELD_NS = "http://www.osci.de/xmeld34"
XMELD_VERSION = "3.4"
XMELD_FASSUNG = "2024-01-31"
GATEWAY_NS = "XMeld34Auskunft"
OPERATION = "abfrage0600"
SOAP_ACTION = f'"{OPERATION}"'
REQUEST_MESSAGE = "melderegisterauskunfteinfach.anforderung.0600"
REQUEST_CODE = "0600"
MESSAGES_LIST = "urn:de:xmeld:schluesseltabelle:xmeld.nachrichten"
OPTIONS_LIST = "urn:de:xmeld:schluesseltabelle:melderegisterauskunft.optionen"
JENA_AGS = "16053000"
JENA = "Jena"

STATUS_FOUND = "01"
STATUS_NOT_FOUND = "02"
STATUS_NOT_UNIQUE = "03"

MAX_ANSWER_BYTES = 1024 * 1024

_HOUSE_NUMBER = re.compile(r"^\s*(\d+)\s*(.*?)\s*$")


def _x(tag: str) -> str:
    return f"{{{XMELD_NS}}}{tag}"


ET.register_namespace("soapenv", SOAP_NS)
ET.register_namespace("xmeld", XMELD_NS)
ET.register_namespace("aus", GATEWAY_NS)


def split_house_number(text: str) -> tuple[str, str]:
    """"12a" → ("12", "a"), "12 a" → ("12", "a"), "7" → ("7", ""): XInneres keeps the
    number and the letter (Buchstabe/Zusatzziffer) apart. Without a leading number the
    whole text is the house number."""
    match = _HOUSE_NUMBER.match(text or "")
    if not match:
        return (text or "").strip(), ""
    return match.group(1), match.group(2)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib) -> ET.Element:
    element = ET.SubElement(parent, tag, attrib)
    if text is not None:
        element.text = text
    return element


def request_document(person: Person, *, sender: str, now: datetime.datetime | None = None
                     ) -> bytes:
    """The SOAP envelope of one einfache Melderegisterauskunft for ``person``."""
    now = now or datetime.datetime.now(datetime.UTC)
    envelope = ET.Element(f"{{{SOAP_NS}}}Envelope")
    _sub(envelope, f"{{{SOAP_NS}}}Header")
    body = _sub(envelope, f"{{{SOAP_NS}}}Body")
    operation = _sub(body, f"{{{GATEWAY_NS}}}{OPERATION}")
    message = _sub(
        operation,
        _x(REQUEST_MESSAGE),
        version=XMELD_VERSION,
        fassung=XMELD_FASSUNG,
        produkt="Jena Smart",
        produkthersteller="Stadt Jena",
        produktversion="1",
        test="false",
    )
    head = _sub(message, _x("nachrichtenkopf"))
    identification = _sub(head, _x("identifikation.nachricht"))
    _sub(identification, _x("nachrichtenUUID"), str(uuid.uuid4()))
    number = _sub(identification, _x("nachrichtennummer"), listURI=MESSAGES_LIST,
                  listVersionID=XMELD_VERSION)
    _sub(number, "code", REQUEST_CODE)
    _sub(identification, _x("erstellungszeitpunkt"), now.replace(microsecond=0).isoformat())
    _sub(_sub(head, _x("absender")), _x("behoerdenkennung"), sender)
    _sub(_sub(head, _x("empfaenger")), _x("behoerdenkennung"), f"ags:{JENA_AGS}")

    query = _sub(message, _x("auskunft.anforderung"))
    _sub(_sub(query, _x("anfragedaten")), _x("zumZweckDerWerbungOderAdresshandel"), "false")
    data = _sub(query, _x("datenZurAnfrage"))
    name = _sub(data, _x("name"))
    _sub(_sub(name, _x("nachname")), "name", person.family_name.strip())
    _sub(_sub(name, _x("vornamen")), "name", person.given_names.strip())
    _sub(name, _x("phonetik"), "false")
    address = _sub(data, _x("anschrift"))
    _sub(address, "strasse", person.street.strip())
    number, suffix = split_house_number(person.house_number)
    _sub(address, "hausnummer", number)
    if suffix:
        _sub(address, "hausnummerBuchstabeZusatzziffer", suffix)
    if person.postcode:
        _sub(address, "postleitzahl", person.postcode.strip())
    birth = _sub(_sub(data, _x("geburtsdatum")), "teilbekanntesDatum")
    _sub(birth, "jahrMonatTag", person.date_of_birth.isoformat())
    controls = _sub(query, _x("steuerungsinformationen"))
    option = _sub(controls, _x("option.auskunft"), listURI=OPTIONS_LIST, listVersionID="2")
    _sub(option, "code", "01")
    return ET.tostring(envelope, encoding="utf-8", xml_declaration=True)


@dataclass(frozen=True)
class Hit:
    """One Treffer of the answer, as far as the answer carries it."""

    family_name: str = ""
    given_names: str = ""
    date_of_birth: datetime.date | None = None
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    city: str = ""
    municipality_key: str = ""
    district: str = ""


class _Unusable(Exception):
    """The answer cannot be read; ``kind`` names why, for the log."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def _text(element: ET.Element | None, path: str) -> str:
    if element is None:
        return ""
    found = element.find(path)
    return (found.text or "").strip() if found is not None else ""


def _date(element: ET.Element | None) -> datetime.date | None:
    """A teilbekanntesDatum: only a full date counts (a partly known date of birth
    cannot be compared)."""
    text = _text(element, "teilbekanntesDatum/jahrMonatTag")
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise _Unusable("unparsable") from error


def _hit(element: ET.Element) -> Hit:
    family = element.find(_x("familienname"))
    family_name = " ".join(
        part for part in (_text(family, _x("namensbestandteil")), _text(family, _x("nachname")))
        if part
    )
    address = element.find(f"{_x('anschrift.aktuell')}/anschrift")
    number = _text(address, "hausnummer")
    suffix = _text(address, "hausnummerBuchstabeZusatzziffer")
    return Hit(
        family_name=family_name,
        given_names=_text(element, f"{_x('vornamen')}/name"),
        date_of_birth=_date(element.find(_x("geburtsdatum"))),
        street=_text(address, "strasse"),
        house_number=f"{number}{suffix}",
        postcode=_text(address, "postleitzahl"),
        city=_text(address, "wohnort"),
        municipality_key=_text(address, "gemeindeschluessel"),
        district=_text(address, "ortsteil"),
    )


def read_answer(content: bytes) -> tuple[str, list[Hit]]:
    """(status code, Treffer) of a SOAP answer. Raises ``_Unusable`` for a fault and for
    anything that is not an einfache Melderegisterauskunft's answer."""
    try:
        envelope = SafeET.fromstring(content, forbid_dtd=True)
    except (ET.ParseError, DefusedXmlException, ValueError) as error:
        raise _Unusable("unparsable") from error
    if envelope.tag != f"{{{SOAP_NS}}}Envelope":
        raise _Unusable("unparsable")
    body = envelope.find(f"{{{SOAP_NS}}}Body")
    if body is None:
        raise _Unusable("unparsable")
    if body.find(f"{{{SOAP_NS}}}Fault") is not None:
        raise _Unusable("soap_fault")
    status = body.find(f".//{_x('ergebnisstatus')}")
    if status is None:
        raise _Unusable("unparsable")
    message = next(e for e in body.iter() if e.find(_x("ergebnisstatus")) is not None)
    results = message.find(_x("ergebnis"))
    hits = [] if results is None else [_hit(e) for e in results.findall(_x("ergebnis"))]
    return _text(status, "code"), hits


def _agrees(hit: Hit, person: Person) -> bool:
    """The Treffer is the person typed, on this site's normalisation (the register may
    be more lenient than asked, e.g. a phonetic search it does anyway)."""
    checks = [
        (hit.family_name or hit.given_names)
        and name_key(hit.given_names or person.given_names,
                     hit.family_name or person.family_name)
        != name_key(person.given_names, person.family_name),
        hit.date_of_birth is not None and hit.date_of_birth != person.date_of_birth,
        bool(hit.street) and street_key(hit.street) != street_key(person.street),
        bool(hit.house_number)
        and house_number_key(hit.house_number) != house_number_key(person.house_number),
        bool(hit.postcode) and bool(person.postcode) and hit.postcode != person.postcode.strip(),
    ]
    return not any(checks)


def _in_jena(hit: Hit) -> bool:
    """The Gemeindeschlüssel decides where the answer gives one, else the Wohnort."""
    if hit.municipality_key and hit.municipality_key.removeprefix("ags:") != JENA_AGS:
        return False
    return not hit.city or slugify(hit.city) == slugify(JENA)


def _district_slug(name: str) -> str | None:
    """The slug of the geo.District the register's Ortsteil names (``None`` if none)."""
    if not name:
        return None
    return (
        District.objects.filter(
            Q(slug__in={district_slug(name), slugify(name)}) | Q(name__iexact=name)
        )
        .values_list("slug", flat=True)
        .first()
    )


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # a redirect is answered as an HTTP error: the register is unavailable


class XMeldBackend(RegisterBackend):
    """Asks the municipal register service (settings ``VERIFICATION_XMELD_*``)."""

    def lookup(self, person: Person) -> RegisterAnswer | None:
        url = getattr(settings, "VERIFICATION_XMELD_URL", "")
        sender = getattr(settings, "VERIFICATION_XMELD_SENDER", "")
        if not url or not sender:
            self._log("not_configured")
            raise RegisterUnavailable("the register service is not configured")
        content = self._post(url, request_document(person, sender=sender))
        try:
            code, hits = read_answer(content)
        except _Unusable as error:
            self._log(error.kind)
            raise RegisterUnavailable(f"the register service answered: {error.kind}") from None
        if code == STATUS_NOT_FOUND or (code == STATUS_FOUND and not hits):
            return self._none("no_match")
        if code == STATUS_NOT_UNIQUE or (code == STATUS_FOUND and len(hits) > 1):
            return self._none("several_matches")
        if code != STATUS_FOUND:
            self._log("unexpected_status")
            raise RegisterUnavailable("the register service answered an unknown status")
        hit = hits[0]
        if not hit.city and not hit.municipality_key:
            return self._none("incomplete_answer")
        if not _in_jena(hit):
            return self._none("elsewhere")
        if not _agrees(hit, person):
            return self._none("disagrees")
        self._log("confirmed")
        return RegisterAnswer(
            entry_digest=person.digest(),
            district_slug=_district_slug(hit.district),
            birth_year=person.date_of_birth.year,
        )

    # -- HTTP ---------------------------------------------------------------------------------

    def _ssl_context(self, url: str) -> ssl.SSLContext | None:
        cert = getattr(settings, "VERIFICATION_XMELD_CLIENT_CERT", "")
        key = getattr(settings, "VERIFICATION_XMELD_CLIENT_KEY", "")
        ca_bundle = getattr(settings, "VERIFICATION_XMELD_CA_BUNDLE", "")
        if not url.lower().startswith("https://"):
            if cert:  # never send the person's data in the clear when TLS was meant
                self._log("not_configured")
                raise RegisterUnavailable("a client certificate is set for a plain-HTTP URL")
            return None
        try:
            context = ssl.create_default_context(cafile=ca_bundle or None)
            if cert:
                context.load_cert_chain(certfile=cert, keyfile=key or None)
        except (OSError, ssl.SSLError) as error:
            self._log("tls_setup_error")
            raise RegisterUnavailable("the TLS files of the register service") from error
        return context

    def _post(self, url: str, document: bytes) -> bytes:
        timeout = float(getattr(settings, "VERIFICATION_XMELD_TIMEOUT", 5))
        context = self._ssl_context(url)
        handlers: list = [urllib.request.ProxyHandler({}), _NoRedirects()]
        if context is not None:
            handlers.append(urllib.request.HTTPSHandler(context=context))
        opener = urllib.request.build_opener(*handlers)
        request = urllib.request.Request(  # noqa: S310 - the URL is the operator's setting
            url,
            data=document,
            method="POST",
            headers={
                "Content-Type": "text/xml; charset=utf-8",
                "SOAPAction": SOAP_ACTION,
                "Accept": "text/xml",
            },
        )
        deadline = time.monotonic() + 2 * timeout
        try:
            with opener.open(request, timeout=timeout) as response:
                return self._read(response, deadline)
        except urllib.error.HTTPError as error:
            kind = "soap_fault" if error.code == 500 and self._is_fault(error) else "http_error"
            self._log(kind)
            raise RegisterUnavailable(f"the register service answered HTTP {error.code}") from None
        except TimeoutError:
            self._log("timeout")
            raise RegisterUnavailable("the register service did not answer in time") from None
        except urllib.error.URLError as error:
            self._log(
                "timeout" if isinstance(error.reason, TimeoutError)
                else "tls_error" if isinstance(error.reason, ssl.SSLError)
                else "connection_error"
            )
            raise RegisterUnavailable("the register service cannot be reached") from None
        except (OSError, http.client.HTTPException, ValueError) as error:
            # a reset connection, a broken HTTP answer, a URL that is none
            self._log("tls_error" if isinstance(error, ssl.SSLError) else "connection_error")
            raise RegisterUnavailable("the register service cannot be reached") from None

    def _read(self, response, deadline: float) -> bytes:
        chunks, size = [], 0
        while chunk := response.read1(64 * 1024):  # one recv at a time: the deadline holds
            size += len(chunk)
            chunks.append(chunk)
            if size > MAX_ANSWER_BYTES:
                self._log("too_large")
                raise RegisterUnavailable("the register service's answer is too large")
            if time.monotonic() > deadline:
                raise TimeoutError("the answer came too slowly")
        return b"".join(chunks)

    @staticmethod
    def _is_fault(error: urllib.error.HTTPError) -> bool:
        try:
            read_answer(error.read(MAX_ANSWER_BYTES))
        except _Unusable as unusable:
            return unusable.kind == "soap_fault"
        except OSError:
            return False
        return False

    # -- outcome ------------------------------------------------------------------------------

    @staticmethod
    def _log(kind: str) -> None:
        logger.info("xmeld register answer: %s", kind)

    def _none(self, kind: str) -> None:
        self._log(kind)
        return None
