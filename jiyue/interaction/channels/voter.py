"""One answer per person, as far as the site can tell
(docs/decisions/0305-one-answer-per-person.md).

Two signals, both checked when an answer comes in:

* a signed cookie with a random voter id, set on the first visit to a survey's
  form: the same browser cannot answer the same survey twice;
* a fingerprint: an HMAC of the client's address and User-Agent, per survey.
  Offices and households share one address and often one browser build, so a
  fingerprint is not a person: it may answer at most
  ``JIYUE_SURVEY_ANSWERS_PER_FINGERPRINT`` times (default 3).

Neither the address nor the User-Agent is stored: only the HMAC.
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


def per_fingerprint() -> int:
    return int(
        getattr(
            settings, "JIYUE_SURVEY_ANSWERS_PER_FINGERPRINT", DEFAULT_PER_FINGERPRINT
        )
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


def fingerprint(request, survey_id: int) -> str:
    from .. import ratelimit

    address = ratelimit.client_address(request)
    agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    value = f"{survey_id}|{address}|{agent}"
    return salted_hmac(SALT, value, algorithm="sha256").hexdigest()
