"""Markup that inline scripts write, including encoded forms used to hide 暗链.

Handles string literals joined with ``+``, ``\\xNN``/``\\uNNNN`` escapes,
``unescape``/``decodeURIComponent`` (``%xx``), ``String.fromCharCode(…)`` and
``atob`` (base64). It never runs the script.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from urllib.parse import unquote

_LITERAL = r"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*\""""
_TOKEN = re.compile(
    rf"""(?P<call>unescape|decodeURIComponent|decodeURI|atob|escape)\s*\(\s*(?P<arg>{_LITERAL})\s*\)"""
    rf"""|String\.fromCharCode\s*\((?P<codes>[\d\s,xXa-fA-F]+)\)"""
    rf"""|(?P<lit>{_LITERAL})"""
)
_JOIN = re.compile(r"^\s*\+\s*$")
_JS_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)", re.DOTALL)
_PERCENT_U = re.compile(r"%u([0-9a-fA-F]{4})")
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}
MARKUP_HINT = re.compile(r"<\s*(?:a|iframe)\b|https?:", re.IGNORECASE)


@dataclass(frozen=True)
class Written:
    """A string an inline script builds; ``encoded`` when escapes or codecs were used."""

    text: str
    encoded: bool


def _unescape_js(body: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "xu" and len(code) > 1:
            return chr(int(code[1:], 16))
        return _SIMPLE.get(code, code)

    return _JS_ESCAPE.sub(one, body)


def _atob(value: str) -> str:
    try:
        return base64.b64decode(value + "=" * (-len(value) % 4)).decode(
            "utf-8", "replace"
        )
    except (binascii.Error, ValueError):
        return value


def _from_char_codes(codes: str) -> str:
    chars = []
    for code in codes.split(","):
        code = code.strip()
        try:
            chars.append(chr(int(code, 0)))
        except ValueError:
            continue
    return "".join(chars)


def _piece(match: re.Match[str]) -> Written:
    if match.group("codes") is not None:
        return Written(_from_char_codes(match.group("codes")), True)
    literal = match.group("arg") or match.group("lit")
    raw = literal[1:-1]
    text = _unescape_js(raw)
    call = match.group("call")
    if call in ("unescape", "decodeURIComponent", "decodeURI"):
        text = unquote(_PERCENT_U.sub(lambda m: chr(int(m.group(1), 16)), text))
    elif call == "atob":
        text = _atob(text)
    return Written(text, text != raw or call is not None)


def written_strings(script: str) -> list[Written]:
    """Strings the script builds, adjacent ``a + b`` pieces joined into one."""
    joined: list[Written] = []
    last_end = -1
    for match in _TOKEN.finditer(script):
        piece = _piece(match)
        between = script[last_end : match.start()] if last_end >= 0 else None
        if joined and between is not None and _JOIN.match(between):
            prev = joined.pop()
            piece = Written(prev.text + piece.text, prev.encoded or piece.encoded)
        joined.append(piece)
        last_end = match.end()
    return [w for w in joined if MARKUP_HINT.search(w.text)]
