"""个人信息泄露: resident ID numbers, mobile numbers, bank card numbers.

Only numbers that validate are reported: an ID number needs a plausible region
code, a real birth date and the ISO 7064 MOD 11-2 check character; a card
number needs a known BIN prefix and the Luhn check. The raw number never
appears in the message or the evidence: both carry the masked form.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from ..document import Document
from ..findings import Finding
from ..i18n import _
from ..masking import mask_bank_card, mask_id_number, mask_phone
from .base import Checker, register

PROVINCES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "83",
        "91",
    ]
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")
_MOBILE = re.compile(
    r"(?<![\d.])(?:\+?86[- ]?)?(1[3-9]\d)([- ]?)(\d{4})\2(\d{4})(?!\d|\.\d)"
)
_CARD = re.compile(
    r"(?<![\d.])(?:\d{4}[ -]){3}\d{4,7}(?![\d])|(?<![\d.])\d{16,19}(?!\d)"
)
# Only digit runs long enough to be one of the above are looked at closely.
_DIGIT_RUN = re.compile(r"[+\d][\d -]{9,}[\dXx]")
_BIN = re.compile(r"^(?:62|60|4|5[1-5]|2[2-7]|35)")


def id_checksum_ok(number: str) -> bool:
    """ISO 7064 MOD 11-2 check character of an 18-character ID number."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def birth_date_ok(number: str, today: dt.date | None = None) -> bool:
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= born <= (today or dt.date.today())


def is_id_number(number: str) -> bool:
    return number[:2] in PROVINCES and birth_date_ok(number) and id_checksum_ok(number)


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def is_bank_card(digits: str) -> bool:
    return 16 <= len(digits) <= 19 and bool(_BIN.match(digits)) and luhn_ok(digits)


@register
class PrivacyLeakChecker(Checker):
    type = "privacy_leak"
    severity = "error"

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for run in _DIGIT_RUN.finditer(text):
            lo, hi = max(0, run.start() - 1), min(len(text), run.end() + 2)
            yield from self._in_run(doc, lo, hi)

    def _in_run(self, doc: Document, lo: int, hi: int) -> Iterator[Finding]:
        text = doc.text
        taken: list[tuple[int, int]] = []
        for m in _ID.finditer(text, lo, hi):
            if is_id_number(m.group()):
                taken.append(m.span())
                yield self._found(
                    doc, m.start(), mask_id_number(m.group()), "id_number"
                )
        for m in _MOBILE.finditer(text, lo, hi):
            yield self._found(doc, m.start(), mask_phone(m.group()), "mobile")
        for m in _CARD.finditer(text, lo, hi):
            digits = re.sub(r"\D", "", m.group())
            if is_bank_card(digits) and not _overlaps(m.span(), taken):
                yield self._found(
                    doc, m.start(), mask_bank_card(m.group()), "bank_card"
                )

    def _found(self, doc: Document, start: int, masked: str, kind: str) -> Finding:
        messages = {
            "id_number": _(
                "发现公民身份号码“%(masked)s”，请删除或脱敏（仅保留前3位和后3位）。"
            ),
            "mobile": _("发现手机号码“%(masked)s”，请删除或脱敏（如 138****1234）。"),
            "bank_card": _("发现银行卡号“%(masked)s”，请删除或脱敏。"),
        }
        return self.finding(
            doc,
            message=messages[kind] % {"masked": masked},
            start=start,
            evidence=masked,
            extra={"kind": kind},
        )


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)
