"""The print shop's PDF of letters with codes (WeasyPrint): one A4 page per letter, laid
out for a DL window envelope after DIN 5008 form B (address field 45 mm from the top,
20 mm from the left, 85 × 45 mm, with the sender line above the address; fold marks at
105 and 210 mm). Each letter is in its recipient's language of the site.

Fonts and styles come from the site's own files (no network access while rendering),
as for the council reports (``reports.render``).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

FONT_FILES = {
    (400, "normal"): "vendor/kern/fonts/fira-sans/FiraSans-Regular.woff2",
    (600, "normal"): "vendor/kern/fonts/fira-sans/FiraSans-SemiBold.woff2",
}


def _file_url(static_path: str) -> str:
    found = finders.find(static_path)
    if not found:
        raise FileNotFoundError(f"static file {static_path} not found (npm ci, collectstatic?)")
    return Path(found).resolve().as_uri()


def _fonts() -> str:
    return "\n".join(
        f'@font-face {{ font-family: "Fira Sans"; src: url("{_file_url(path)}") '
        f'format("woff2"); font-weight: {weight}; font-style: {style}; }}'
        for (weight, style), path in FONT_FILES.items()
    )


def render_letters(
    pages: list[dict], *, printed_at: datetime.datetime, expires_at: datetime.datetime
) -> bytes:
    """The PDF of ``pages`` (each ``{"letter": LetterCode, "code": "123 456"}``, the
    letter with its address still there)."""
    import weasyprint

    site_url = settings.SITE_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        document = render_to_string(
            "verification/letters/batch.html",
            {
                "pages": [
                    {
                        **page,
                        "language": page["letter"].user.preferred_language
                        or settings.LANGUAGE_CODE,
                    }
                    for page in pages
                ],
                "printed_at": printed_at,
                "expires_at": expires_at,
                "sender": settings.VERIFICATION_LETTER_SENDER,
                "site_name": settings.SITE_NAME,
                "site_url": site_url,
                "max_tries": settings.VERIFICATION_LETTER_MAX_TRIES,
                "language": settings.LANGUAGE_CODE,
            },
        )
        stylesheet = render_to_string("verification/letters/letter.css")
    html = weasyprint.HTML(string=document, base_url=str(settings.BASE_DIR))
    return html.write_pdf(
        stylesheets=[weasyprint.CSS(string=_fonts()), weasyprint.CSS(string=stylesheet)],
        pdf_variant="pdf/ua-1",
    )
