"""Tracking numbers and query codes (docs/decisions/0301-tracking-number-and-query-code.md).

The tracking number is public (it is printed on published replies); the query
code is the secret that opens a message's status. Only an HMAC of the code is
stored, so a database dump does not reveal codes, and checking one costs
microseconds (a password hash would cap submissions per second).
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets

from django.utils import timezone
from django.utils.crypto import salted_hmac

QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
QUERY_CODE_LENGTH = 8
_SALT = "jiyue.interaction.query-code"


def new_tracking_no(now: dt.datetime) -> str:
    """``YYYYMMDD`` (Asia/Shanghai) + 8 random digits, e.g. ``2026092948213907``."""
    day = timezone.localtime(now).strftime("%Y%m%d")
    return day + f"{secrets.randbelow(10**8):08d}"


def new_query_code() -> str:
    return "".join(
        secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH)
    )


def normalise_code(code: str) -> str:
    return "".join((code or "").split()).upper()


def digest(tracking_no: str, query_code: str) -> str:
    value = f"{tracking_no}:{normalise_code(query_code)}"
    return salted_hmac(_SALT, value, algorithm="sha256").hexdigest()


def code_matches(tracking_no: str, query_code: str, stored_digest: str) -> bool:
    return hmac.compare_digest(digest(tracking_no, query_code), stored_digest or "")
