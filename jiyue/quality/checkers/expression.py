"""规范表述: fixed official expressions, 文号 brackets, leaders' titles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..document import Document
from ..findings import SEVERITIES, Finding
from ..i18n import _
from ..lexicons import LexiconSource, records, words
from ..matching import ByteAutomaton
from .base import Checker, register
from .phrases import Phrase, build_automaton, matches

# 发文字号: 机关代字 + 〔年份〕 + 序号 + 号 (GB/T 9704-2012 7.2.4)
_DOC_NUMBER = re.compile(
    r"(?P<open>[\[［【(（〈<〖{｛〔])\s*(?P<year>(?:19|20)\d{2})\s*"
    r"(?P<close>[\]］】)）〉>〗}｝〕])(?P<di>第)?(?P<num>\d{1,5})号"
)


def load_expressions(source: LexiconSource) -> list[Phrase]:
    phrases = []
    for rec in records("expressions.tsv", source):
        if len(rec) >= 2 and rec[0]:
            severity = rec[2] if len(rec) > 2 and rec[2] in SEVERITIES else "error"
            note = rec[3] if len(rec) > 3 else ""
            phrases.append(
                Phrase(wrong=rec[0], right=rec[1], severity=severity, note=note)
            )
    return phrases


@dataclass
class Leaders:
    automaton: ByteAutomaton
    titles: tuple[str, ...]  # longest first


def load_leaders(source: LexiconSource) -> Leaders:
    automaton = ByteAutomaton()
    for rec in records("leaders.tsv", source):
        if len(rec) >= 2 and rec[0]:
            titles = frozenset(t for t in rec[1].split(",") if t)
            automaton.add(rec[0], (rec[0], titles))
    automaton.finish()
    titles = sorted(set(words("titles.txt", source)), key=len, reverse=True)
    return Leaders(automaton=automaton, titles=tuple(titles))


@dataclass
class ExpressionData:
    phrases: ByteAutomaton
    leaders: Leaders


@register
class WrongExpressionChecker(Checker):
    type = "wrong_expression"
    severity = "error"
    lexicons = ("expressions.tsv", "leaders.tsv", "titles.txt")

    def compile(self, source: LexiconSource) -> ExpressionData:
        return ExpressionData(
            build_automaton(load_expressions(source)), load_leaders(source)
        )

    def check(self, doc: Document) -> Iterator[Finding]:
        data: ExpressionData = self.data()
        yield from self._phrases(doc, data.phrases)
        yield from self._doc_numbers(doc)
        yield from self._leaders(doc, data.leaders)

    def _phrases(self, doc: Document, automaton: ByteAutomaton) -> Iterator[Finding]:
        for start, end, phrase in matches(doc, automaton):
            message = _("表述不规范：“%(wrong)s”应为“%(right)s”。") % {
                "wrong": doc.text[start:end],
                "right": phrase.right,
            }
            if phrase.note:
                message += _("（%(note)s）") % {"note": phrase.note}
            yield self.finding(
                doc,
                severity=phrase.severity,
                message=message,
                start=start,
                evidence=doc.text[start:end],
                extra={"suggestion": phrase.right},
            )

    def _doc_numbers(self, doc: Document) -> Iterator[Finding]:
        for m in _DOC_NUMBER.finditer(doc.text):
            if not _after_agency_code(doc.text, m.start()):
                continue
            right = "〔{}〕{}号".format(m["year"], m["num"].lstrip("0") or "0")
            if m.group() == right:
                continue
            message = _(
                "文号格式不规范：“%(wrong)s”应为“%(right)s”（年份用六角括号〔〕，序号不加“第”、不编虚位）。"
            ) % {
                "wrong": m.group(),
                "right": right,
            }
            yield self.finding(
                doc,
                severity="warning",
                message=message,
                start=m.start(),
                evidence=m.group(),
                extra={"suggestion": right},
            )

    def _leaders(self, doc: Document, leaders: Leaders) -> Iterator[Finding]:
        if not len(leaders.automaton):
            return
        for start, end, (name, titles) in leaders.automaton.iter(doc.text_bytes):
            title, t_start, t_end = _adjacent_title(
                doc.text, start, end, leaders.titles
            )
            if title and title not in titles:
                message = _(
                    "领导职务表述可能有误：“%(text)s”，%(name)s的职务为“%(titles)s”。"
                ) % {
                    "text": doc.text[t_start:t_end],
                    "name": name,
                    "titles": "、".join(sorted(titles)),
                }
                yield self.finding(
                    doc,
                    message=message,
                    start=t_start,
                    evidence=doc.text[t_start:t_end],
                )


def _after_agency_code(text: str, start: int) -> bool:
    """A 文号 follows the issuing agency's code (机关代字), a Chinese character."""
    return start > 0 and "\u4e00" <= text[start - 1] <= "\u9fff"


def _adjacent_title(
    text: str, start: int, end: int, titles: tuple[str, ...]
) -> tuple[str, int, int]:
    for title in titles:
        if text.startswith(title, end):
            return title, start, end + len(title)
    for title in titles:
        if text.endswith(title, 0, start):
            return title, start - len(title), end
    return "", start, end
