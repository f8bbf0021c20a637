"""Turning response bytes into text: content sniffing and encodings (GBK, GB18030…)."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", ""})
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE
)
_BINARY_MAGIC = (
    b"%PDF",
    b"PK\x03\x04",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"\xd0\xcf\x11\xe0",
    b"\x1f\x8b",
    b"Rar!",
    b"7z\xbc\xaf",
    b"MZ",
)
# GB2312 and GBK pages often use characters only GB18030 has; it is a superset.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030"}


def looks_binary(data: bytes) -> bool:
    head = data[:1024]
    if head.startswith(_BINARY_MAGIC):
        return True
    return b"\x00" in head


def declared_charset(content_type_header: str, data: bytes) -> str | None:
    for part in content_type_header.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return _canonical(value.strip().strip("\"'"))
    match = _META_CHARSET.search(data[:4096])
    return _canonical(match.group(1).decode("ascii", "ignore")) if match else None


def _canonical(name: str) -> str | None:
    try:
        found = codecs.lookup(name).name
    except LookupError:
        return None
    return _SUPERSETS.get(found, found)


def decode_html(data: bytes, content_type_header: str = "") -> tuple[str, str]:
    """``(text, encoding)``: the declared charset if the bytes agree, else detected."""
    declared = declared_charset(content_type_header, data)
    for candidate in (declared, "utf-8"):
        text = _strict(data, candidate) if candidate else None
        if text is not None:
            return text, candidate or "utf-8"
    best = from_bytes(data[:65536]).best()
    encoding = _canonical(best.encoding) if best else None
    encoding = encoding or "gb18030"
    return data.decode(encoding, errors="replace"), encoding


def _strict(data: bytes, encoding: str) -> str | None:
    """Decode strictly; a character cut off at the end (capped page) is tolerated."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 4:
            return data[: exc.start].decode(encoding, errors="replace")
        return None
