"""乱码与残留标记: mojibake, encoding placeholders, leftover markup, bad entities."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import ahocorasick

from ..document import Document
from ..findings import SEVERITIES, Finding
from ..i18n import _
from ..lexicons import LexiconSource, records
from .base import Checker, register

# UTF-8 read as Latin-1/Windows-1252: "æ–°é—»" for 新闻.
_LATIN_MOJIBAKE = re.compile(
    "(?:[\u00c2-\u00ef][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]{1,2}){2,}"
)
_MARKUP = re.compile(
    r"</?(?:p|br|div|span|font|strong|b|i|u|td|tr|th|table|tbody|img|a|li|ul|ol|h[1-6]|em)"
    r"(?:\s[^<>\n]{0,200})?/?>"
    r"|&(?:amp;)?(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});"
    r"|\$\{[^}\n]{0,40}\}|\[object Object\]|\{\{|\}\}|\{%|%\}|@@",
    re.I,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+")
_REPLACEMENT = re.compile("\ufffd+")


def _gbk_class(lead: range, trail: range) -> str:
    chars = []
    for a in lead:
        for b in trail:
            try:
                ch = bytes((a, b)).decode("gbk")
            except UnicodeDecodeError:
                continue
            if len(ch) == 1 and ord(ch) > 0x7F:
                chars.append(ch)
    return "[" + re.escape("".join(sorted(set(chars)))) + "]"


def _gbk_mojibake_pattern() -> re.Pattern[str]:
    """UTF-8 Chinese read as GBK ("鍏紑" for 公开).

    UTF-8 encodes a Chinese character in three bytes, lead E4-E9 then two bytes
    80-BF; read as GBK, two such characters become three: (E4-E9, 80-BF),
    (80-BF, E4-E9), (80-BF, 80-BF). Two or more such triples in a row do not
    occur in real Chinese text: the second and third kinds are rare GBK
    extension characters outside GB2312.
    """
    lead, cont = range(0xE4, 0xEA), range(0x80, 0xC0)
    a, b, c = _gbk_class(lead, cont), _gbk_class(cont, lead), _gbk_class(cont, cont)
    return re.compile(f"(?:{a}{b}{c}){{2,}}")


@dataclass
class GarbledData:
    markers: ahocorasick.Automaton
    gbk: re.Pattern[str]
    #: leftover markup and tool markers (one warning each, or one error when
    #: there are ``residue_min_count`` or more: ADR 0424)
    leftover: re.Pattern[str] = _MARKUP
    residue_min_count: int = 10


#: positions of the first occurrences named in a residue finding
RESIDUE_POSITIONS = 5


def _residue_rules(source: LexiconSource) -> tuple[re.Pattern[str], int]:
    """The leftover pattern extended with ``residue.tsv``'s markers, and its
    threshold (ADR 0424). A tool marker at the start of a line is not counted
    (a Markdown heading's ``##``)."""
    markers: list[str] = []
    min_count = 10
    for rec in records("residue.tsv", source):
        if len(rec) < 2 or not rec[1]:
            continue
        if rec[0] == "min_count" and rec[1].isdigit() and int(rec[1]) > 0:
            min_count = int(rec[1])
        elif rec[0] == "marker":
            markers.append(rec[1])
    if not markers:
        return _MARKUP, min_count
    # not at a line's start, and not part of a longer run of its own characters
    # (a Markdown heading's "##" or "###")
    extra = "|".join(
        rf"(?<!^)(?<!\n)(?<!{re.escape(m[0])}){re.escape(m)}(?!{re.escape(m[-1])})"
        for m in sorted(markers, key=len, reverse=True)
    )
    return re.compile(f"{_MARKUP.pattern}|{extra}", re.I | re.M), min_count


@register
class GarbledTextChecker(Checker):
    type = "garbled_text"
    severity = "error"
    lexicons = ("garbled_markers.tsv", "residue.tsv")

    def compile(self, source: LexiconSource) -> GarbledData:
        automaton = ahocorasick.Automaton()
        for rec in records("garbled_markers.tsv", source):
            severity = rec[1] if len(rec) > 1 and rec[1] in SEVERITIES else "error"
            automaton.add_word(rec[0], (rec[0], severity))
        automaton.make_automaton()
        leftover, min_count = _residue_rules(source)
        return GarbledData(
            markers=automaton,
            gbk=_gbk_mojibake_pattern(),
            leftover=leftover,
            residue_min_count=min_count,
        )

    def check(self, doc: Document) -> Iterator[Finding]:
        data: GarbledData = self.data()
        yield from self._markers(doc, data.markers)
        mojibake = _("出现乱码“%(text)s”，可能是编码转换错误，请核对原文。")
        for pattern in (_REPLACEMENT, data.gbk, _LATIN_MOJIBAKE):
            yield from self._regex(doc, pattern, "error", mojibake)
        yield from self._leftover(doc, data)
        yield from self._regex(
            doc, _CONTROL, "warning", _("出现不可见的控制字符，请删除。")
        )
        yield from self._broken_entities(doc)

    def _markers(
        self, doc: Document, automaton: ahocorasick.Automaton
    ) -> Iterator[Finding]:
        taken_until = -1
        for last, (marker, severity) in (
            automaton.iter(doc.text) if len(automaton) else ()
        ):
            start = last + 1 - len(marker)
            if start >= taken_until:
                taken_until = last + 1
                message = _("出现乱码“%(text)s”，可能是编码转换错误，请核对原文。") % {
                    "text": marker
                }
                yield self.finding(
                    doc,
                    severity=severity,
                    message=message,
                    start=start,
                    evidence=marker,
                )

    def _regex(
        self, doc: Document, pattern: re.Pattern[str], severity: str, message: str
    ) -> Iterator[Finding]:
        for m in pattern.finditer(doc.text):
            text = m.group()[:40]
            yield self.finding(
                doc,
                severity=severity,
                message=message % {"text": text} if "%(text)s" in message else message,
                start=m.start(),
                evidence=text,
            )

    def _leftover(self, doc: Document, data: GarbledData) -> Iterator[Finding]:
        """Leftover markers: a warning each when they are few; one blocking
        finding with the count and the first positions when they run through the
        document (residue of a processing tool, a 内容差错: ADR 0424)."""
        found = list(data.leftover.finditer(doc.text))
        if len(found) < data.residue_min_count:
            leftover = _("出现残留的标记或占位符“%(text)s”，请删除。")
            yield from self._regex(doc, data.leftover, "warning", leftover)
            return
        counts: dict[str, int] = {}
        for m in found:
            counts[m.group()[:40]] = counts.get(m.group()[:40], 0) + 1
        common = sorted(counts, key=lambda k: -counts[k])[:3]
        positions = [doc.position(m.start()) for m in found[:RESIDUE_POSITIONS]]
        where = "、".join(
            _("第%(line)s行第%(column)s列") % {"line": p.line, "column": p.column}
            for p in positions
        )
        message = _(
            "全文有 %(count)s 处残留标记（%(markers)s），首次出现在%(where)s，"
            "是分词、翻译或排版等处理工具留下的内容差错，请用原稿重新整理后再发布。"
        ) % {
            "count": len(found),
            "markers": "、".join(f"“{k}”{counts[k]}处" for k in common),
            "where": where,
        }
        yield self.finding(
            doc,
            severity="error",
            message=message,
            start=found[0].start(),
            evidence=found[0].group()[:40],
            extra={
                "count": len(found),
                "markers": counts,
                "positions": [[p.line, p.column] for p in positions],
            },
        )

    def _broken_entities(self, doc: Document) -> Iterator[Finding]:
        for offset, raw in doc.broken_entities:
            message = _("HTML 字符实体“%(entity)s”书写错误（缺少分号或无法识别）。") % {
                "entity": raw
            }
            yield self.finding(
                doc,
                severity="warning",
                message=message,
                src_offset=offset,
                evidence=raw,
            )
