"""The test identity provider (see __init__.py): pysaml2's IdP in a WSGI app, served by
wsgiref in a thread of the test process."""

from __future__ import annotations

import datetime
import html
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from tests.verification.factories import ANNA, JOERG


@dataclass(frozen=True)
class TestPerson:
    """Someone who can sign in at the test identity provider, with what it asserts."""

    __test__ = False  # not a test class for pytest

    key: str  # the choice in the sign-in form
    label: str
    name_id: str  # persistent NameID: the account's key at the identity provider
    level: str  # AuthnContextClassRef
    attributes: dict = field(default_factory=dict)  # friendly name -> value


def _resident(resident, *, key, label, level, email="", city="Jena", **extra) -> TestPerson:
    attributes = {
        "givenName": resident.given_names,
        "sn": resident.family_name,
        "dateOfBirth": resident.date_of_birth.isoformat(),
        "street": f"{resident.street} {resident.house_number}",
        "postalCode": resident.postcode,
        "l": city,
        **extra,
    }
    if email:
        attributes["mail"] = email
    return TestPerson(key=key, label=label, name_id=f"bundid-{key}-4711", level=level,
                      attributes=attributes)


WEIMAR = type(ANNA)("Paul", "Schiller", datetime.date(1985, 11, 10), "Schillerstraße", "12",
                    postcode="99423")

PEOPLE = {
    person.key: person
    for person in (
        # ANNA of the register extract, with her ID card (STORK-QAA-Level-3 = substantial)
        _resident(ANNA, key="anna", label="Anna Maria Müller, Jena (Personalausweis)",
                  level="STORK-QAA-Level-3", email="anna.bundid@example.org"),
        # lives in Weimar: signs in, is not a resident of Jena
        _resident(WEIMAR, key="weimar", label="Paul Schiller, Weimar (Personalausweis)",
                  level="STORK-QAA-Level-3", email="paul.bundid@example.org", city="Weimar"),
        # JOERG with user name and password only (STORK-QAA-Level-1 = low)
        _resident(JOERG, key="low", label="Jörg Weiß, Jena (Benutzername und Passwort)",
                  level="STORK-QAA-Level-1", email="joerg.bundid@example.org"),
        # no e-mail address at the identity provider; the address in one attribute
        TestPerson(
            key="ida",
            label="Ida Sommer, Jena (Personalausweis, ohne E-Mail-Adresse)",
            name_id="bundid-ida-4711",
            level="STORK-QAA-Level-4",
            attributes={
                "givenName": "Ida",
                "sn": "Sommer",
                "dateOfBirth": "2001-02-03",
                "postalAddress": "Am Anger 5$07743 Jena",
            },
        ),
    )
}


class IdentityProviderUnavailable(RuntimeError):
    """The test identity provider could not start (no xmlsec1, no port, ...)."""


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - wsgiref's signature
        pass


def _make_key_and_certificate(directory: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test-BundID")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=2))
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = directory / "idp.key", directory / "idp.crt"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key_file, cert_file


class TestIdentityProvider:
    """Start with :meth:`start`, stop with :meth:`stop`; :meth:`trust` loads a service
    provider's metadata (the site's /accounts/saml/bundid/metadata/)."""

    __test__ = False

    def __init__(self) -> None:
        # Tests may switch these: the site must refuse an unsigned assertion and one
        # signed with a deprecated algorithm (pysaml2's default is RSA-SHA1).
        self.sign_assertion = True
        self.sign_alg, self.digest_alg = SIG_RSA_SHA256, DIGEST_SHA256
        self._directory = Path(tempfile.mkdtemp(prefix="saml-idp-"))
        self._httpd: WSGIServer | None = None
        self._thread: threading.Thread | None = None
        self.server: Server | None = None
        self._config: dict = {}
        self._sp_metadata: list[str] = []
        self.base_url = ""

    # --- life cycle ---------------------------------------------------------------------

    def start(self) -> TestIdentityProvider:
        xmlsec = shutil.which("xmlsec1")
        if xmlsec is None:
            raise IdentityProviderUnavailable(
                "xmlsec1 is missing (Debian: apt-get install xmlsec1; "
                "scripts/check_system.sh --tests)"
            )
        try:
            self._httpd = make_server("127.0.0.1", 0, self.app, handler_class=_QuietHandler)
        except OSError as error:
            raise IdentityProviderUnavailable(f"no local port: {error}") from error
        self.base_url = f"http://127.0.0.1:{self._httpd.server_port}"
        key_file, cert_file = _make_key_and_certificate(self._directory)
        self._config = {
            "entityid": self.entity_id,
            "xmlsec_binary": xmlsec,
            "key_file": str(key_file),
            "cert_file": str(cert_file),
            "accepted_time_diff": 60,
            "allow_unknown_attributes": True,
            "service": {
                "idp": {
                    "name": "Test-BundID",
                    "endpoints": {
                        "single_sign_on_service": [
                            (f"{self.base_url}/sso/redirect", BINDING_HTTP_REDIRECT)
                        ],
                    },
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    "policy": {
                        "default": {"lifetime": {"minutes": 5}, "name_form": NAME_FORMAT_URI}
                    },
                    "want_authn_requests_signed": False,
                }
            },
        }
        self._build_server()
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name="saml-test-idp", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        shutil.rmtree(self._directory, ignore_errors=True)

    def trust(self, sp_metadata: str | bytes) -> None:
        """Accept sign-in requests from the service provider of this metadata."""
        if isinstance(sp_metadata, bytes):
            sp_metadata = sp_metadata.decode()
        if sp_metadata not in self._sp_metadata:
            self._sp_metadata.append(sp_metadata)
            self._build_server()

    def _build_server(self) -> None:
        config = IdPConfig()
        config.load({**self._config, "metadata": {"inline": list(self._sp_metadata)}})
        self.server = Server(config=config)

    @property
    def entity_id(self) -> str:
        return f"{self.base_url}/metadata"

    @property
    def metadata_url(self) -> str:
        return f"{self.base_url}/metadata"

    # --- the WSGI app -------------------------------------------------------------------

    def app(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        try:
            if path == "/metadata" and method == "GET":
                body = create_metadata_string(None, config=self.server.config, valid=1)
                return self._answer(start_response, body, "text/xml; charset=utf-8")
            if path == "/sso/redirect" and method == "GET":
                query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
                return self._sign_in_form(start_response, query)
            if path == "/sso/login" and method == "POST":
                size = int(environ.get("CONTENT_LENGTH") or 0)
                form = {
                    k: v[0]
                    for k, v in parse_qs(environ["wsgi.input"].read(size).decode()).items()
                }
                return self._respond(start_response, form)
        except Exception as error:  # the test sees the reason in the page
            reason = f"Fehler: {html.escape(repr(error))}"
            return self._answer(start_response, reason, "text/plain", "400 Bad Request")
        return self._answer(start_response, "nicht gefunden", "text/plain", "404 Not Found")

    def _answer(self, start_response, body, content_type, status="200 OK"):
        data = body.encode() if isinstance(body, str) else body
        start_response(status, [("Content-Type", content_type),
                                ("Content-Length", str(len(data)))])
        return [data]

    def _sign_in_form(self, start_response, query):
        # Parsed here to refuse a broken request early (the site's ACS URL must be known).
        request = self.server.parse_authn_request(query["SAMLRequest"], BINDING_HTTP_REDIRECT)
        self.server.response_args(request.message, [BINDING_HTTP_POST])
        options = "".join(
            f'<li><label><input type="radio" name="person" value="{p.key}"'
            f'{" checked" if i == 0 else ""}> {html.escape(p.label)}</label></li>'
            for i, p in enumerate(PEOPLE.values())
        )
        page = f"""<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Test-BundID: Anmelden</title></head>
<body><main><h1>Test-BundID</h1>
<form method="post" action="/sso/login">
<fieldset><legend>Testperson</legend><ul>{options}</ul></fieldset>
<input type="hidden" name="SAMLRequest" value="{html.escape(query['SAMLRequest'])}">
<input type="hidden" name="RelayState" value="{html.escape(query.get('RelayState', ''))}">
<button type="submit">Anmelden</button>
</form></main></body></html>"""
        return self._answer(start_response, page, "text/html; charset=utf-8")

    def _respond(self, start_response, form):
        person = PEOPLE[form["person"]]
        request = self.server.parse_authn_request(form["SAMLRequest"], BINDING_HTTP_REDIRECT)
        args = self.server.response_args(request.message, [BINDING_HTTP_POST])
        response = self.server.create_authn_response(
            dict((k, [v]) for k, v in person.attributes.items()),
            userid=person.name_id,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=person.name_id),
            authn={"class_ref": person.level, "authn_auth": self.entity_id},
            sign_assertion=self.sign_assertion,
            sign_response=False,
            sign_alg=self.sign_alg,
            digest_alg=self.digest_alg,
            **args,
        )
        http = self.server.apply_binding(
            BINDING_HTTP_POST,
            str(response),
            args["destination"],
            form.get("RelayState", ""),
            response=True,
        )
        return self._answer(start_response, http["data"], "text/html; charset=utf-8")
