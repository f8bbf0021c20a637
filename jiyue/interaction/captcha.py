"""An arithmetic question in plain text, checked on the server
(docs/decisions/0302-captcha.md).

The question is text, so a screen reader reads it and nobody has to decipher a
picture; it is generated here and verified here, no third-party service. The
token sent with the form is signed and carries a nonce and an HMAC of the
answer (never the answer itself); it expires and can be used once, right or wrong.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core import signing
from django.core.cache import cache
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

MAX_AGE = 30 * 60
_SALT = "jiyue.interaction.captcha"
NUMERALS = "零一二三四五六七八九十"


@dataclass(frozen=True)
class Challenge:
    question: str
    token: str


def _answer_mac(nonce: str, answer: int) -> str:
    return salted_hmac(_SALT, f"{nonce}:{answer}", algorithm="sha256").hexdigest()


def new_challenge() -> Challenge:
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    if secrets.randbelow(2) and a >= b:
        question = _("%(a)s 减去 %(b)s 等于几？") % {"a": NUMERALS[a], "b": NUMERALS[b]}
        answer = a - b
    else:
        question = _("%(a)s 加上 %(b)s 等于几？") % {"a": NUMERALS[a], "b": NUMERALS[b]}
        answer = a + b
    nonce = secrets.token_urlsafe(12)
    payload = {"n": nonce, "m": _answer_mac(nonce, answer), "q": question}
    return Challenge(question, signing.dumps(payload, salt=_SALT, compress=True))


def question_of(token: str) -> str | None:
    """The question a token was made for (to show it again after an error)."""
    try:
        return signing.loads(token, salt=_SALT, max_age=MAX_AGE)["q"]
    except (signing.BadSignature, KeyError, TypeError):
        return None


def used_key(nonce: str) -> str:
    """The cache key that marks a token's nonce as used."""
    return f"interaction:captcha-used:{nonce}"


def check(token: str, answer: str) -> tuple[str | None, bool]:
    """``(nonce, right)``: the token's nonce when the token is genuine and fresh
    (else None), and whether ``answer`` solves its challenge. Any attempt with a
    genuine token spends it, right or wrong: the caller marks
    ``used_key(nonce)`` with ``cache.add`` (or :func:`verify` does)."""
    try:
        payload = signing.loads(token or "", salt=_SALT, max_age=MAX_AGE)
        nonce, mac = str(payload["n"]), str(payload["m"])
    except (signing.BadSignature, KeyError, TypeError):
        return None, False
    try:
        value = int(str(answer).strip())
    except ValueError:
        return nonce, False
    return nonce, constant_time_compare(_answer_mac(nonce, value), mac)


def solved(token: str, answer: str) -> str | None:
    """The token's nonce when ``answer`` solves its challenge and the token is
    genuine and fresh; whether it was used already is :func:`verify`'s question."""
    nonce, right = check(token, answer)
    return nonce if right else None


def verify(token: str, answer: str) -> bool:
    """Whether ``answer`` solves the challenge of ``token``; a token works once,
    and a wrong answer spends it too (the next try needs a new question)."""
    nonce, right = check(token, answer)
    return nonce is not None and cache.add(used_key(nonce), 1, MAX_AGE) and right
