"""Masking of personal numbers, as DESIGN.md asks for published content.

Phone ``138****1234``; resident ID number: first 3 and last 3 characters kept;
bank card: first 4 and last 4 digits kept. Separators (spaces, hyphens) in the
input are kept where they were.
"""

from __future__ import annotations


def _mask_digits(s: str, keep_head: int, keep_tail: int) -> str:
    """Mask every digit/X except the first ``keep_head`` and last ``keep_tail``."""
    idx = [i for i, ch in enumerate(s) if ch.isdigit() or ch in "xX"]
    if len(idx) <= keep_head + keep_tail:
        return "*" * len(s) if idx else s
    masked = set(idx[keep_head : len(idx) - keep_tail])
    return "".join("*" if i in masked else ch for i, ch in enumerate(s))


def mask_phone(s: str) -> str:
    """``13812341234`` -> ``138****1234``."""
    return _mask_digits(s.strip(), 3, 4)


def mask_id_number(s: str) -> str:
    """``11010519491231002X`` -> ``110************02X``."""
    return _mask_digits(s.strip(), 3, 3)


def mask_bank_card(s: str) -> str:
    """``6222021234567890123`` -> ``6222***********0123``."""
    return _mask_digits(s.strip(), 4, 4)
