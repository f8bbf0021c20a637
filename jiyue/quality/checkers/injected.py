"""植入内容与洗稿: what a content farm's spinner or a hacker leaves in a
government page (docs/decisions/0425-injected-content.md).

- commercial SEO phrases and spam keywords (``injected_spam.txt``);
- keyword stuffing: a phrase repeated split by spaces in one line (a title
  such as 「网站建设 … b2b 网站 建设」);
- an organisation that is not a government body standing where one stands
  grammatically (「各地区、某某网要……」, 「各级政府及其某某公司」);
- the same long sentence twice or more;
- a 文号 whose issuer abbreviation does not fit the issuing organ the page names.

The judgement calls (which phrases, how long a sentence, which severity, which
abbreviation means which place) are data in ``injected_rules.tsv``,
``injected_spam.txt`` and ``issuer_abbreviations.tsv``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import chain
from typing import cast

from ..document import Document, text_document
from ..findings import CRAWL_SEVERITY, SEVERITIES, Finding
from ..i18n import _
from ..lexicons import LexiconSource, records
from .base import Checker, register

_CJK = "\u4e00-\u9fff"
_STUFFED = re.compile(f"([{_CJK}]{{2,6}})[ \u3000]+([{_CJK}]{{2,6}})")
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_SPACES = re.compile(r"\s+")
#: bracketed notes (「（市网信办牵头）」) repeat legitimately: not counted
_BRACKETED = re.compile(r"[（(][^（()）]*[）)]")
#: the document's own 文号: on a line of its own, or after 发文字号/文号
_DOC_NUMBER = re.compile(
    rf"(?:^[ \t\u3000]*|(?:发文字号|文号)[:：][ \t\u3000]*)"
    rf"(?P<abbr>[{_CJK}]{{1,10}})[〔\[［【(（](?P<year>\d{{4}})[〕\]］】)）]"
    rf"第?(?P<no>\d{{1,5}})号[ \t\u3000]*$",
    re.M,
)
#: 发布机构：… in running text
_ISSUER_FIELD = re.compile(
    rf"(?:发文机关|发布机构|发文单位)[:：][ \t\u3000]*([{_CJK}]{{2,40}})"
)
#: 发布机构 and the name in a table's cells (a page's metadata; on a list page
#: a filter's heading and its first entry, so one candidate among others)
_ISSUER_CELL = re.compile(
    rf"(?:发文机关|发布机构|发文单位)[ \t\u3000]*\n[ \t\u3000]*([{_CJK}]{{2,40}})$",
    re.M,
)
_TITLE_ISSUER = re.compile(rf"^[ \t\u3000#]*([{_CJK}、]{{2,40}}?)关于", re.M)
_LETTER_HEAD = re.compile(rf"^[ \t\u3000]*([{_CJK}]{{2,40}}?)文件[ \t\u3000]*$", re.M)
_ISSUER_LINE = re.compile(r"^issuer:\s*(\S+)\s*$", re.M)
_KIND_CHARS = "发函字电令通文复"
#: how far into a document its own 文号 and issuer are looked for
_HEAD_CHARS = 1500
#: characters after a name in an organ's slot looked at for a word for its people
_MEMBER_WINDOW = 4


@dataclass
class InjectedData:
    spam: re.Pattern[str] | None
    slots: re.Pattern[str] | None
    organ_suffixes: tuple[str, ...]
    #: words for a body's people (工作人员, 负责同志): not a name put in its place
    members: tuple[str, ...]
    abbreviations: dict[str, tuple[str, ...]]
    settings: dict[str, str] = field(default_factory=dict)

    def severity(self, name: str, default: str) -> str:
        value = self.settings.get(f"{name}_severity", default)
        return value if value in SEVERITIES else default

    def number(self, name: str, default: int) -> int:
        value = self.settings.get(name, "")
        return int(value) if value.isdigit() and int(value) > 0 else default


def _spam_pattern(phrases: list[str]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        escaped = re.escape(phrase.lower())
        if re.fullmatch(r"[a-z0-9]+", phrase.lower()):
            escaped = rf"(?<![a-z0-9]){escaped}(?![a-z0-9])"
        parts.append(escaped)
    return re.compile("|".join(parts))


@register
class InjectedContentChecker(Checker):
    type = "injected_content"
    severity = "error"
    lexicons = ("injected_rules.tsv", "injected_spam.txt", "issuer_abbreviations.tsv")

    def compile(self, source: LexiconSource) -> InjectedData:
        settings: dict[str, str] = {}
        slots: list[str] = []
        suffixes: list[str] = []
        members: list[str] = []
        for rec in records("injected_rules.tsv", source):
            if rec[0] == "setting" and len(rec) >= 3:
                settings[rec[1]] = rec[2]
            elif rec[0] == "slot" and len(rec) >= 2 and rec[1]:
                slots.append(rec[1])
            elif rec[0] == "organ_suffix" and len(rec) >= 2 and rec[1]:
                suffixes.append(rec[1])
            elif rec[0] == "member" and len(rec) >= 2 and rec[1]:
                members.append(rec[1])
        spam = [rec[0] for rec in records("injected_spam.txt", source) if rec[0]]
        abbreviations = {
            rec[0]: tuple(t for t in rec[1].split("|") if t)
            for rec in records("issuer_abbreviations.tsv", source)
            if len(rec) >= 2 and len(rec[0]) == 1
        }
        slot_pattern = None
        if slots:
            alternatives = "|".join(re.escape(s) for s in slots)
            # the name in the slot: up to the verb, particle or punctuation after it
            slot_pattern = re.compile(
                rf"(?:{alternatives})(?P<name>[^，。、；：,;:\s（(]{{2,24}}?)"
                r"(?=要|应当|应|须|必须|的|和|及|等|办公厅|办公室|牵头|负责|[，。、；：,;:（(])"
            )
        return InjectedData(
            spam=_spam_pattern(spam),
            slots=slot_pattern,
            organ_suffixes=tuple(sorted(set(suffixes), key=len, reverse=True)),
            members=tuple(sorted(set(members))),
            abbreviations=abbreviations,
            settings=settings,
        )

    def check(self, doc: Document) -> Iterator[Finding]:
        data: InjectedData = self.data()
        crawl = data.settings.get("crawl_severity", "")
        for finding in chain(
            self._spam(doc, data),
            self._stuffing(doc, data),
            self._organ_slots(doc, data),
            self._duplicates(doc, data),
            self._doc_number(doc, data),
        ):
            # what would stop publication, found on a published page by the
            # monitor, is a 严重问题 (gating.CRAWL_SEVERITY; ADR 1201)
            if finding.blocks and crawl in SEVERITIES:
                finding = replace(
                    finding, extra={**finding.extra, CRAWL_SEVERITY: crawl}
                )
            yield finding

    # -- commercial phrases -------------------------------------------------
    def _spam(self, doc: Document, data: InjectedData) -> Iterator[Finding]:
        if data.spam is None:
            return
        found = list(data.spam.finditer(doc.folded))
        if not found:
            return
        phrases: dict[str, int] = {}
        for m in found:
            phrases[m.group()] = phrases.get(m.group(), 0) + 1
        first = found[0]
        message = _(
            "出现商业推广或垃圾信息用语 %(count)s 处（%(phrases)s），政府网站内容中不应有，"
            "疑为洗稿或被植入的内容，请核对原文。"
        ) % {
            "count": len(found),
            "phrases": "、".join(f"“{p}”" for p in list(phrases)[:5]),
        }
        yield self.finding(
            doc,
            severity=data.severity("spam", "error"),
            message=message,
            start=first.start(),
            evidence=doc.text[first.start() : first.end()],
            extra={"rule": "spam", "count": len(found), "phrases": phrases},
        )

    def _stuffing(self, doc: Document, data: InjectedData) -> Iterator[Finding]:
        """A phrase written again split by spaces on the same line."""
        offset = 0
        for line in doc.text.split("\n"):
            for m in _STUFFED.finditer(line):
                joined = m.group(1) + m.group(2)
                rest = line[: m.start()] + " " + line[m.end() :]
                if joined in rest:
                    message = _(
                        "“%(text)s”是把“%(joined)s”拆开重复堆砌的关键词，"
                        "疑为搜索引擎优化（SEO）植入，请核对原文。"
                    ) % {"text": m.group(), "joined": joined}
                    yield self.finding(
                        doc,
                        severity=data.severity("stuffing", "error"),
                        message=message,
                        start=offset + m.start(),
                        evidence=m.group(),
                        extra={"rule": "stuffing"},
                    )
                    break
            offset += len(line) + 1

    # -- an organisation in the place of a government body -------------------
    def _organ_slots(self, doc: Document, data: InjectedData) -> Iterator[Finding]:
        if data.slots is None:
            return
        by_name: dict[str, list[int]] = {}
        for m in data.slots.finditer(doc.text):
            name = m.group("name")
            if name.startswith(("各", "有关", "本级", "所属", "其")):
                continue
            if name.endswith(data.organ_suffixes):
                continue
            # 「各级政府及其工作人员」「…及其主要负责同志」: the body's people
            window = doc.text[m.start("name") : m.end("name") + _MEMBER_WINDOW]
            if any(word in window for word in data.members):
                continue
            by_name.setdefault(name, []).append(m.start("name"))
        for name, starts in by_name.items():
            message = _(
                "“%(name)s”不是政府机关，却出现在“各地区、各部门”这类机关的位置上"
                "（%(count)s 处），疑为洗稿时替换了“部门”等词，请核对原文。"
            ) % {"name": name, "count": len(starts)}
            yield self.finding(
                doc,
                severity=data.severity("organ", "error"),
                message=message,
                start=starts[0],
                evidence=name,
                extra={"rule": "organ_slot", "count": len(starts)},
            )

    # -- duplicated sentences ------------------------------------------------
    def _duplicates(self, doc: Document, data: InjectedData) -> Iterator[Finding]:
        min_chars = data.number("duplicate_min_chars", 15)
        seen: dict[str, list[int]] = {}
        start = 0
        for m in [*_SENTENCE_END.finditer(doc.text), None]:
            end = m.end() if m else len(doc.text)
            raw = doc.text[start:end]
            sentence = _BRACKETED.sub("", _SPACES.sub("", raw)).rstrip("。！？!?；;")
            # only whole sentences: a page's title repeated as its heading is not
            if len(sentence) >= min_chars and raw.rstrip().endswith(("。", "！", "？")):
                lead = len(raw) - len(raw.lstrip())
                seen.setdefault(sentence, []).append(start + lead)
            start = end
        for sentence, starts in seen.items():
            if len(starts) < 2:
                continue
            second = doc.position(starts[1])
            message = _(
                "句子“%(text)s”重复出现 %(count)s 次（第二次在第%(line)s行），"
                "疑为洗稿或排版错误，请核对原文。"
            ) % {
                "text": sentence[:30] + ("…" if len(sentence) > 30 else ""),
                "count": len(starts),
                "line": second.line,
            }
            yield self.finding(
                doc,
                severity=data.severity("duplicate", "warning"),
                message=message,
                start=starts[1],
                evidence=sentence[:40],
                extra={"rule": "duplicate", "count": len(starts)},
            )

    # -- 文号 and issuing organ -------------------------------------------------
    def _doc_number(
        self, doc: Document, data: InjectedData, issuer: str = ""
    ) -> Iterator[Finding]:
        """The document's own 文号 against the organ it names (``issuer``: the
        page's 发布机构 field when given, else found in the text)."""
        head = doc.text[:_HEAD_CHARS]
        number = _DOC_NUMBER.search(head)
        if number is None or _several_numbers(doc.text):
            return
        issuers = [issuer] if issuer else _issuers(doc.text, head, data.organ_suffixes)
        core = number.group("abbr").rstrip(_KIND_CHARS)
        if not issuers or not core:
            return
        misfits = [
            [c for c in core if not _fits(c, name, data.abbreviations)]
            for name in issuers
        ]
        if not all(misfits):
            return
        issuer, wrong = issuers[0], misfits[0]
        message = _(
            "文号“%(number)s”中的发文机关代字“%(abbr)s”与页面所写的发文机关“%(issuer)s”"
            "不符（“%(wrong)s”对不上），疑为洗稿或篡改，请核对原文。"
        ) % {
            "number": number.group().strip().split("：")[-1].split(":")[-1].strip(),
            "abbr": number.group("abbr"),
            "issuer": issuer,
            "wrong": "".join(wrong),
        }
        yield self.finding(
            doc,
            severity=data.severity("doc_number", "error"),
            message=message,
            start=number.start("abbr"),
            evidence=number.group("abbr"),
            extra={"rule": "doc_number", "issuer": issuer},
        )


def _several_numbers(text: str) -> bool:
    """A page showing several documents' own 文号 (a list of a 公开目录, a
    column's table) is not one document: its numbers have no one issuer."""
    numbers = {m.group("abbr", "year", "no") for m in _DOC_NUMBER.finditer(text)}
    return len(numbers) > 1


def _issuers(text: str, head: str, organ_suffixes: tuple[str, ...]) -> list[str]:
    """The issuing organ the document names: its metadata (``issuer:``,
    发布机构：…), else every organ its metadata table, letterheads
    (「安康市人民政府办公室文件」) and titles (「国务院办公厅关于……」) name — a list page names several, and the
    文号 need fit only one. Only names that end like an organ's count (a
    table's next header, 「主题分类」, does not)."""

    def organs(pattern: re.Pattern[str], where: str) -> list[str]:
        return [
            m.group(1)
            for m in pattern.finditer(where)
            if m.group(1).endswith(organ_suffixes)
        ]

    for pattern, where in ((_ISSUER_LINE, text[:600]), (_ISSUER_FIELD, text)):
        named = organs(pattern, where)
        if named:
            return named[:1]
    return (
        organs(_ISSUER_CELL, text)
        + organs(_LETTER_HEAD, head)
        + organs(_TITLE_ISSUER, head)
    )


def _fits(char: str, issuer: str, abbreviations: dict[str, tuple[str, ...]]) -> bool:
    if char in issuer:
        return True
    return any(target in issuer for target in abbreviations.get(char, ()))


def check_doc_number(number: str, issuer: str) -> list[Finding]:
    """A policy document's 文号 field against its 发布机构 field (the page's
    metadata, which the gate sees apart from the body): a finding when the
    issuer abbreviation does not fit the organ (黔府办发 for 贵阳市人民政府办公厅)."""
    from . import load_builtin, registry

    number, issuer = number.strip(), issuer.strip()
    if not number or not issuer:
        return []
    load_builtin()
    checker = cast(InjectedContentChecker, registry.get(InjectedContentChecker.key()))
    doc = text_document(number)
    return list(checker._doc_number(doc, checker.data(), issuer=issuer))
