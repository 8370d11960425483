"""A municipal register service for the tests: an HTTP server on a free local port (in a
thread) that answers XMeld's "einfache Melderegisterauskunft" over SOAP 1.1 the way
``verification.backends.xmeld`` expects a real one to (see that module's docstring for
the message shape and which names are XMeld's).

It holds a list of :class:`RegisterPerson` and is strict about what it is sent: a request
that is not the SOAP envelope of a ``melderegisterauskunfteinfach.anforderung.0600`` with
every required element, in the right namespace (XMeld elements qualified, XInneres
children unqualified), with nothing unknown, is answered with a SOAP fault "Client" and
recorded in ``rejected`` – so a test that gets a match also proves the request was valid.

How it compares (a register's own normalisation, written independently of the site's
``verification.person`` so the tests do not check the site against itself): case-folded;
"ä", "ö", "ü" = "ae", "oe", "ue", "ß" = "ss", other accents dropped; hyphens and runs of
spaces are one space. Family name and the given names (all of them, in their order) are
compared as whole strings, so a swapped name order is *not* found – the fields of a
register query are separate. Date of birth exactly; street with "straße"/"strasse"/
"str." alike; house number and its letter exactly (folded); postcode exactly. The Wohnort
is not a search criterion: like a state-wide register it finds people of any city. With
``by_address=False`` the address is no criterion at all: the register finds the person by
name and date of birth and answers their current address (the site must compare it).

Answers: status "01" with one Treffer, "02" without, "03" with every Treffer when several
people match. ``mode`` makes it fail: ``"slow"`` (answers after ``slow_seconds`` or when
the server stops), ``"trickle"`` (the answer 16 bytes every 50 ms),
``"error500"`` (a plain HTTP 500), ``"fault"`` (a SOAP fault
"Server" with HTTP 500), ``"garbage"`` (HTTP 200 with XML that does not parse).

With ``tls=TLSFiles`` it speaks HTTPS and requires a client certificate signed by the
test CA (mutual TLS).
"""

from __future__ import annotations

import datetime
import re
import ssl
import subprocess
import threading
import unicodedata
import xml.etree.ElementTree as ET  # noqa: S405 - builds the answers; requests use defusedxml
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from defusedxml import ElementTree as SafeET

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
XMELD = "http://www.osci.de/xmeld34"
GATEWAY = "XMeld34Auskunft"
MESSAGES_LIST = "urn:de:xmeld:schluesseltabelle:xmeld.nachrichten"
JENA_RECEIVER = "ags:16053000"
PATH = "/xmeld/melderegisterauskunft"


def x(tag: str) -> str:
    return f"{{{XMELD}}}{tag}"


@dataclass(frozen=True)
class RegisterPerson:
    """One person in the register (their current main residence)."""

    given_names: str
    family_name: str
    date_of_birth: datetime.date
    street: str
    house_number: str
    house_number_suffix: str = ""
    postcode: str = "07743"
    city: str = "Jena"
    municipality_key: str = "16053000"
    district: str = ""


@dataclass(frozen=True)
class Query:
    """What a valid request asked (the test asserts on it)."""

    family_name: str
    given_names: str
    phonetic: bool
    date_of_birth: datetime.date
    street: str
    house_number: str
    house_number_suffix: str
    postcode: str
    sender: str


class Invalid(Exception):
    """The request is not a valid einfache Melderegisterauskunft; the message names where."""


# -- the register's normalisation -------------------------------------------------------------

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})


def fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold().translate(_FOLD)
    text = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    )
    return " ".join(text.replace("-", " ").split())


def fold_street(text: str) -> str:
    return re.sub(r"\s*(strasse|str\.?)$", "str", fold(text))


def matches(person: RegisterPerson, query: Query, *, by_address: bool = True) -> bool:
    same_person = (
        fold(person.family_name) == fold(query.family_name)
        and fold(person.given_names) == fold(query.given_names)
        and person.date_of_birth == query.date_of_birth
    )
    return same_person and (not by_address or (
        fold_street(person.street) == fold_street(query.street)
        and person.house_number == query.house_number
        and fold(person.house_number_suffix) == fold(query.house_number_suffix)
        and person.postcode == query.postcode
    ))


# -- reading a request strictly ---------------------------------------------------------------


def _one(parent: ET.Element, tag: str, where: str) -> ET.Element:
    found = [child for child in parent if child.tag == tag]
    if len(found) != 1:
        raise Invalid(f"{where}: expected exactly one {tag}, found {len(found)}")
    return found[0]


def _optional(parent: ET.Element, tag: str, where: str) -> ET.Element | None:
    found = [child for child in parent if child.tag == tag]
    if len(found) > 1:
        raise Invalid(f"{where}: {tag} more than once")
    return found[0] if found else None


def _only(parent: ET.Element, allowed: set[str], where: str) -> None:
    unknown = [child.tag for child in parent if child.tag not in allowed]
    if unknown:
        raise Invalid(f"{where}: unknown elements {unknown}")


def _text(element: ET.Element, where: str, *, pattern: str = r".+") -> str:
    text = (element.text or "").strip()
    if not re.fullmatch(pattern, text):
        raise Invalid(f"{where}: {text!r} does not match {pattern}")
    return text


def parse_request(content: bytes) -> Query:
    try:
        envelope = SafeET.fromstring(content, forbid_dtd=True)
    except ET.ParseError as error:
        raise Invalid(f"not XML: {error}") from error
    if envelope.tag != f"{{{SOAP}}}Envelope":
        raise Invalid(f"root is {envelope.tag}, not a SOAP 1.1 Envelope")
    _only(envelope, {f"{{{SOAP}}}Header", f"{{{SOAP}}}Body"}, "Envelope")
    body = _one(envelope, f"{{{SOAP}}}Body", "Envelope")
    operation = _one(body, f"{{{GATEWAY}}}abfrage0600", "Body")
    _only(body, {operation.tag}, "Body")
    message = _one(operation, x("melderegisterauskunfteinfach.anforderung.0600"), "abfrage0600")
    _only(operation, {message.tag}, "abfrage0600")
    if message.get("version") != "3.4":
        raise Invalid(f"message version {message.get('version')!r}, expected '3.4'")
    for attribute in ("fassung", "produkt", "produkthersteller", "produktversion", "test"):
        if not message.get(attribute):
            raise Invalid(f"message: attribute {attribute} missing")
    _only(message, {x("nachrichtenkopf"), x("auskunft.anforderung")}, "message")

    head = _one(message, x("nachrichtenkopf"), "message")
    _only(head, {x("identifikation.nachricht"), x("absender"), x("empfaenger")}, "kopf")
    ident = _one(head, x("identifikation.nachricht"), "nachrichtenkopf")
    _only(ident, {x("nachrichtenUUID"), x("nachrichtennummer"), x("erstellungszeitpunkt")},
          "identifikation.nachricht")
    _text(_one(ident, x("nachrichtenUUID"), "identifikation"), "nachrichtenUUID",
          pattern=r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
    number = _one(ident, x("nachrichtennummer"), "identifikation")
    if number.get("listURI") != MESSAGES_LIST:
        raise Invalid(f"nachrichtennummer: listURI {number.get('listURI')!r}")
    _text(_one(number, "code", "nachrichtennummer"), "nachrichtennummer/code", pattern="0600")
    created = _text(_one(ident, x("erstellungszeitpunkt"), "identifikation"),
                    "erstellungszeitpunkt")
    try:
        datetime.datetime.fromisoformat(created)
    except ValueError as error:
        raise Invalid(f"erstellungszeitpunkt {created!r}") from error
    sender = _text(
        _one(_one(head, x("absender"), "kopf"), x("behoerdenkennung"), "absender"),
        "absender/behoerdenkennung",
    )
    receiver = _one(_one(head, x("empfaenger"), "kopf"), x("behoerdenkennung"), "empfaenger")
    _text(receiver, "empfaenger/behoerdenkennung", pattern=re.escape(JENA_RECEIVER))

    query = _one(message, x("auskunft.anforderung"), "message")
    _only(query, {x("anfragedaten"), x("datenZurAnfrage"), x("steuerungsinformationen")},
          "auskunft.anforderung")
    purpose = _one(query, x("anfragedaten"), "auskunft.anforderung")
    _text(_one(purpose, x("zumZweckDerWerbungOderAdresshandel"), "anfragedaten"),
          "zumZweckDerWerbungOderAdresshandel", pattern="false")
    data = _one(query, x("datenZurAnfrage"), "auskunft.anforderung")
    _only(data, {x("name"), x("anschrift"), x("geburtsdatum")}, "datenZurAnfrage")
    name = _one(data, x("name"), "datenZurAnfrage")
    _only(name, {x("nachname"), x("vornamen"), x("phonetik")}, "name")
    family_name = _text(_one(_one(name, x("nachname"), "name"), "name", "nachname"),
                        "nachname/name")
    given_names = _text(_one(_one(name, x("vornamen"), "name"), "name", "vornamen"),
                        "vornamen/name")
    phonetic = _text(_one(name, x("phonetik"), "name"), "phonetik", pattern="true|false")
    address = _one(data, x("anschrift"), "datenZurAnfrage")
    _only(address, {"strasse", "hausnummer", "hausnummerBuchstabeZusatzziffer", "postleitzahl"},
          "anschrift")
    street = _text(_one(address, "strasse", "anschrift"), "strasse")
    house_number = _text(_one(address, "hausnummer", "anschrift"), "hausnummer",
                         pattern=r"\d{1,4}")
    suffix_element = _optional(address, "hausnummerBuchstabeZusatzziffer", "anschrift")
    suffix = _text(suffix_element, "zusatz") if suffix_element is not None else ""
    postcode = _text(_one(address, "postleitzahl", "anschrift"), "postleitzahl",
                     pattern=r"\d{5}")
    birth = _one(_one(data, x("geburtsdatum"), "datenZurAnfrage"), "teilbekanntesDatum",
                 "geburtsdatum")
    day = _text(_one(birth, "jahrMonatTag", "teilbekanntesDatum"), "jahrMonatTag",
                pattern=r"\d{4}-\d{2}-\d{2}")
    controls = _one(query, x("steuerungsinformationen"), "auskunft.anforderung")
    option = _one(controls, x("option.auskunft"), "steuerungsinformationen")
    _text(_one(option, "code", "option.auskunft"), "option.auskunft/code", pattern="01")
    return Query(
        family_name=family_name,
        given_names=given_names,
        phonetic=phonetic == "true",
        date_of_birth=datetime.date.fromisoformat(day),
        street=street,
        house_number=house_number,
        house_number_suffix=suffix,
        postcode=postcode,
        sender=sender,
    )


# -- writing answers --------------------------------------------------------------------------


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib) -> ET.Element:
    element = ET.SubElement(parent, tag, attrib)
    if text is not None:
        element.text = text
    return element


def _envelope() -> tuple[ET.Element, ET.Element]:
    envelope = ET.Element(f"{{{SOAP}}}Envelope")
    return envelope, _sub(envelope, f"{{{SOAP}}}Body")


def answer_document(query: Query, hits: list[RegisterPerson]) -> bytes:
    envelope, body = _envelope()
    wrapper = _sub(body, f"{{{GATEWAY}}}abfrage0600Response")
    message = _sub(wrapper, x("melderegisterauskunfteinfach.auskunft.0601"), version="3.4")
    head = _sub(message, x("nachrichtenkopf"))
    number = _sub(_sub(head, x("identifikation.nachricht")), x("nachrichtennummer"),
                  listURI=MESSAGES_LIST, listVersionID="3.4")
    _sub(number, "code", "0601")
    status = "01" if len(hits) == 1 else "02" if not hits else "03"
    _sub(_sub(message, x("ergebnisstatus")), "code", status)
    echo = _sub(_sub(message, x("datenZurAnfrage")), x("person"))
    _sub(_sub(echo, x("nachname")), "name", query.family_name)
    _sub(_sub(echo, x("vornamen")), "name", query.given_names)
    if hits:
        results = _sub(message, x("ergebnis"))
        for person in hits:
            hit = _sub(results, x("ergebnis"))
            _sub(_sub(hit, x("familienname")), x("nachname"), person.family_name)
            _sub(_sub(hit, x("vornamen")), "name", person.given_names)
            _sub(_sub(_sub(hit, x("geburtsdatum")), "teilbekanntesDatum"), "jahrMonatTag",
                 person.date_of_birth.isoformat())
            address = _sub(_sub(hit, x("anschrift.aktuell")), "anschrift")
            _sub(address, "strasse", person.street)
            _sub(address, "hausnummer", person.house_number)
            if person.house_number_suffix:
                _sub(address, "hausnummerBuchstabeZusatzziffer", person.house_number_suffix)
            _sub(address, "postleitzahl", person.postcode)
            _sub(address, "wohnort", person.city)
            _sub(address, "gemeindeschluessel", person.municipality_key)
            if person.district:
                _sub(address, "ortsteil", person.district)
    return ET.tostring(envelope, encoding="utf-8", xml_declaration=True)


def fault_document(code: str, text: str) -> bytes:
    envelope, body = _envelope()
    fault = _sub(body, f"{{{SOAP}}}Fault")
    _sub(fault, "faultcode", f"soapenv:{code}")
    _sub(fault, "faultstring", text)
    return ET.tostring(envelope, encoding="utf-8", xml_declaration=True)


# -- the server -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TLSFiles:
    """A test CA, a server certificate for 127.0.0.1 and a client certificate."""

    ca: Path
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path


def make_tls_files(folder: Path) -> TLSFiles:
    """Make the certificates with the openssl command (EC keys: quick)."""

    def run(*args: str) -> None:
        subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=folder)

    key_options = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    run("req", "-x509", *key_options, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=Test-CA Melderegister", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    for name, usage, extra in (
        ("server", "serverAuth", "subjectAltName=IP:127.0.0.1,DNS:localhost"),
        ("client", "clientAuth", ""),
    ):
        run("req", "-new", *key_options, "-keyout", f"{name}.key", "-out", f"{name}.csr",
            "-subj", f"/CN=xmeld-{name}")
        extensions = [
            "basicConstraints=critical,CA:FALSE",
            "keyUsage=critical,digitalSignature",
            f"extendedKeyUsage={usage}",
            "subjectKeyIdentifier=hash",
            "authorityKeyIdentifier=keyid,issuer",
        ] + ([extra] if extra else [])
        (folder / f"{name}.ext").write_text("\n".join(extensions) + "\n")
        run("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-out", f"{name}.pem", "-days", "2", "-extfile", f"{name}.ext")
    return TLSFiles(
        ca=folder / "ca.pem",
        server_cert=folder / "server.pem",
        server_key=folder / "server.key",
        client_cert=folder / "client.pem",
        client_key=folder / "client.key",
    )


@dataclass
class XMeldRegister:
    """The test register. ``with XMeldRegister(people) as register: register.url``."""

    people: list[RegisterPerson] = field(default_factory=list)
    tls: TLSFiles | None = None
    mode: str = "answer"
    # False: the address is not a search criterion (the register finds the person by name
    # and date of birth and answers their current address), as some services search
    by_address: bool = True
    slow_seconds: float = 10.0
    queries: list[Query] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    client_certificates: list[dict] = field(default_factory=list)

    def __post_init__(self):
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "start the register first"
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self._server.server_address[1]}{PATH}"

    def start(self) -> XMeldRegister:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        server.daemon_threads = True
        server.block_on_close = False
        if self.tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(self.tls.server_cert, self.tls.server_key)
            context.verify_mode = ssl.CERT_REQUIRED
            context.load_verify_locations(self.tls.ca)
            server.socket = context.wrap_socket(server.socket, server_side=True)
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="xmeld-register", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # releases a "slow" answer still waiting
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> XMeldRegister:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def respond(self, content: bytes) -> tuple[int, bytes]:
        """(HTTP status, body) for a request body, by mode and register."""
        if self.mode == "error500":
            return 500, b"<html><body>Internal Server Error</body></html>"
        if self.mode == "garbage":
            return 200, b"<?xml version='1.0'?><soapenv:Envelope><Body><ergebnis"
        try:
            query = parse_request(content)
        except Invalid as error:
            self.rejected.append(str(error))
            return 500, fault_document("Client", f"Anfrage ungültig: {error}")
        self.queries.append(query)
        if self.mode == "slow":
            self._stopping.wait(self.slow_seconds)
        if self.mode == "fault":
            return 500, fault_document("Server", "Melderegister vorübergehend nicht verfügbar")
        hits = [p for p in self.people if matches(p, query, by_address=self.by_address)]
        return 200, answer_document(query, hits)


def _handler_for(register: XMeldRegister) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            if self.path != PATH:
                return self._send(404, b"not found", "text/plain")
            if not self.headers.get("Content-Type", "").startswith("text/xml"):
                return self._send(415, b"SOAP 1.1 wants text/xml", "text/plain")
            if self.headers.get("SOAPAction") is None:
                return self._send(400, b"SOAPAction header missing", "text/plain")
            if register.tls:
                register.client_certificates.append(self.connection.getpeercert())
            length = int(self.headers.get("Content-Length") or 0)
            status, body = register.respond(self.rfile.read(length))
            if register.mode == "trickle":
                return self._trickle(status, body)
            self._send(status, body, "text/xml; charset=utf-8")

        def _trickle(self, status: int, body: bytes) -> None:
            """Headers at once, then the answer a few bytes at a time: every read is
            quick, the whole answer is not."""
            self.send_response(status)
            self.send_header("Content-Type", "text/xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.close_connection = True
            for start in range(0, len(body), 16):
                if register._stopping.wait(0.05):
                    return
                try:
                    self.wfile.write(body[start : start + 16])
                    self.wfile.flush()
                except OSError:  # the client gave up
                    return

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                self.wfile.write(body)
            except OSError:  # the client gave up (the timeout test)
                pass
            self.close_connection = True

        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            pass  # the tests read ``queries`` and ``rejected``, not a log of personal data

    return Handler
