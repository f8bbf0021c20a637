"""One answer per person, as far as the site can tell
(docs/decisions/0305-one-answer-per-person.md, 0317-survey-answers-per-address.md).

Three caps, all checked when an answer comes in:

* a signed cookie with a random voter id, set on the first visit to a survey's
  form: the same browser cannot answer the same survey twice;
* the client's address (``ratelimit.client_address``: ``X-Forwarded-For`` only
  from a trusted proxy; an IPv6 address by its /64): at most
  ``JIYUE_SURVEY_ANSWERS_PER_ADDRESS`` answers per survey (default 10), whatever
  the cookie or the User-Agent says;
* the address with the User-Agent, an extra and stricter cap for one browser
  behind one address: at most ``JIYUE_SURVEY_ANSWERS_PER_FINGERPRINT`` (default 3).

The stored ``fingerprint`` is 64 hex characters: the first 32 an HMAC of the
survey and the address, the last 32 an HMAC of the survey, the address and the
User-Agent. Neither the address nor the User-Agent is stored.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core import signing
from django.utils.crypto import salted_hmac

COOKIE = "jiyue_voter"
SALT = "jiyue.interaction.voter"
MAX_AGE = 365 * 24 * 3600
DEFAULT_PER_FINGERPRINT = 3
DEFAULT_PER_ADDRESS = 10
ADDRESS_PART = 32  # hex characters of the fingerprint that name the address


def per_fingerprint() -> int:
    return int(
        getattr(
            settings, "JIYUE_SURVEY_ANSWERS_PER_FINGERPRINT", DEFAULT_PER_FINGERPRINT
        )
    )


def per_address() -> int:
    return int(
        getattr(settings, "JIYUE_SURVEY_ANSWERS_PER_ADDRESS", DEFAULT_PER_ADDRESS)
    )


def voter_id(request) -> str | None:
    """The voter id of the request's signed cookie; None when absent or forged."""
    try:
        value = request.get_signed_cookie(COOKIE, salt=SALT, max_age=MAX_AGE)
    except (KeyError, signing.BadSignature):
        return None
    return value if value and len(value) <= 64 else None


def new_voter_id() -> str:
    return secrets.token_urlsafe(24)


def remember(response, voter: str) -> None:
    response.set_signed_cookie(
        COOKIE,
        voter,
        salt=SALT,
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=getattr(settings, "SESSION_COOKIE_SECURE", False),
    )


def _mac(value: str) -> str:
    return salted_hmac(SALT, value, algorithm="sha256").hexdigest()[:ADDRESS_PART]


def fingerprint(request, survey_id: int) -> str:
    """The address's HMAC (32 hex) followed by the address and browser's (32)."""
    from .. import ratelimit

    address = ratelimit.bucket_address(ratelimit.client_address(request))
    agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    return _mac(f"{survey_id}|{address}") + _mac(f"{survey_id}|{address}|{agent}")


def address_part(fingerprint: str) -> str:
    return fingerprint[:ADDRESS_PART]
