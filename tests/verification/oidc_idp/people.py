"""The people the test identity provider knows, and what it says about them (OIDC
standard claims plus ``acr``, the eIDAS trust level of the sign-in). Plain data, shared
by the identity provider's process and the tests; ``anna`` is ANNA of
tests/verification/factories.py (test_oidc.py checks that they agree)."""

PASSWORD = "Ausweis-PIN-123456"  # noqa: S105 - a test identity provider's only password

SUBSTANTIAL = "http://eidas.europa.eu/LoA/substantial"
HIGH = "http://eidas.europa.eu/LoA/high"
LOW = "http://eidas.europa.eu/LoA/low"

PEOPLE: dict[str, dict] = {
    # A resident of Jena, signed in with the ID card's online function.
    "anna": {
        "acr": SUBSTANTIAL,
        "email": "anna.mueller@example.org",
        "email_verified": True,
        "given_name": "Anna Maria",
        "family_name": "Müller",
        "birthdate": "1990-05-24",
        "address": {
            "street_address": "Löbdergraben 12a",
            "postal_code": "07743",
            "locality": "Jena",
            "country": "DE",
        },
    },
    # Lives in Weimar: signs in, is not confirmed as a resident of Jena.
    "walter": {
        "acr": SUBSTANTIAL,
        "email": "walter.schmidt@example.org",
        "email_verified": True,
        "given_name": "Walter",
        "family_name": "Schmidt",
        "birthdate": "1968-11-02",
        "address": {
            "street_address": "Frauenplan 1",
            "postal_code": "99423",
            "locality": "Weimar",
            "country": "DE",
        },
    },
    # Lives in Jena, but signed in with user name and password only (trust level low).
    "lena": {
        "acr": LOW,
        "email": "lena.vogel@example.org",
        "email_verified": True,
        "given_name": "Lena",
        "family_name": "Vogel",
        "birthdate": "2001-02-14",
        "address": {
            "street_address": "Johannisstraße 5",
            "postal_code": "07743",
            "locality": "Jena",
            "country": "DE",
        },
    },
    # A resident of Jena whose e-mail address the identity provider has not checked.
    "paul": {
        "acr": SUBSTANTIAL,
        "email": "paul.becker@example.org",
        "email_verified": False,
        "given_name": "Paul",
        "family_name": "Becker",
        "birthdate": "1983-07-30",
        "address": {
            "street_address": "Am Anger 26",
            "postal_code": "07743",
            "locality": "Jena",
            "country": "DE",
        },
    },
    # A resident of Jena whose account at the identity provider has no e-mail address:
    # the site asks for one on its sign-up form.
    "joerg": {
        "acr": HIGH,
        "given_name": "Jörg",
        "family_name": "Weiß",
        "birthdate": "1975-01-03",
        "address": {
            "street_address": "Karl-Liebknecht-Straße 7",
            "postal_code": "07743",
            "locality": "Jena",
            "country": "DE",
        },
    },
}
