"""What the verification app keeps about one person, for their copy of their data (GDPR
art. 15): their confirmations (outcome, method, dates, district, birth year, how they
ended) and their letters with a code (dates and state — never the code, its hash or the
address). A fixed number of queries whatever the amount of data. Deleting the account
deletes all of it (``on_delete=CASCADE``)."""

from __future__ import annotations

from verification.models import DuplicateAttempt, LetterCode, Verification


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def personal_data(user) -> dict:
    """{"verifications": [...], "letter_codes": [...], "refused_as_second_account": [...]}
    as JSON values, newest first."""
    verifications = Verification.objects.filter(user=user).select_related("district")
    letter_codes = LetterCode.objects.filter(user=user)
    refused = DuplicateAttempt.objects.filter(attempted_by=user)
    return {
        "verifications": [
            {
                "method": v.method,
                "method_label": str(v.get_method_display()),
                "verified_at": _iso(v.verified_at),
                "expires_at": _iso(v.expires_at),
                "district": v.district.name if v.district_id else None,
                "birth_year": v.birth_year,
                "document_type": v.document_type or None,
                "trust_level": v.trust_level or None,
                "ended_at": _iso(v.ended_at),
                "end_reason": v.end_reason or None,
                "end_note": v.end_note or None,
            }
            for v in verifications
        ],
        "letter_codes": [
            {
                "requested_at": _iso(letter.created_at),
                "printed_at": _iso(letter.printed_at),
                "expires_at": _iso(letter.expires_at),
                "state": letter.state,
                "wrong_tries": letter.tries,
                "used_at": _iso(letter.used_at),
                "voided_at": _iso(letter.voided_at),
                "void_reason": letter.void_reason or None,
                # the address itself is not repeated here; it is erased at printing
                "address_stored": bool(letter.name or letter.street),
            }
            for letter in letter_codes
        ],
        # tries to confirm this account with a register entry that confirms another one
        # (the other account is not named)
        "refused_as_second_account": [
            {"at": _iso(attempt.created_at), "way": attempt.method} for attempt in refused
        ],
    }
