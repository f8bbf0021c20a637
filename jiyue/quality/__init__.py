"""Quality checks for text, HTML pages and documents (jiyue.quality).

Public API (import from here; everything else is internal)::

    gate(content, *, context, kind="text", url=None, filename="") -> list[Finding]
        THE entry point: the checkers chosen by context (Context.PRE_PUBLISH,
        REPLY, CITIZEN, CRAWL); kind "text", "html" or "file" (bytes)
    check_text(text, *, url=None, checkers=None) -> list[Finding]
    check_html(html, *, url=None, checkers=None) -> list[Finding]
    check_file(path) -> list[Finding]
    check_bytes(data, filename, *, url=None) -> list[Finding]
    check_doc_number(number, issuer) -> list[Finding]
        a policy document's 文号 field against its 发布机构 field
    mask_id_number(s), mask_phone(s), mask_bank_card(s)
    strip_format_characters(s)  (bidi controls, zero-width and other Cf removed)
    Checker, register, registry, Finding, Position

The engine needs no Django settings; this module imports its parts lazily so
that ``import jiyue.quality`` stays cheap (Django app loading imports it).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "gate": "gating",
    "Context": "gating",
    "check_text": "engine",
    "check_html": "engine",
    "check_file": "files",
    "check_bytes": "files",
    "check_doc_number": "checkers.injected",
    "mask_id_number": "masking",
    "mask_phone": "masking",
    "mask_bank_card": "masking",
    "strip_format_characters": "checkers.invisible",
    "Checker": "checkers",
    "register": "checkers",
    "registry": "checkers",
    "Finding": "findings",
    "Position": "findings",
    "set_lexicon_source": "lexicons",
    "FileLexiconSource": "lexicons",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
