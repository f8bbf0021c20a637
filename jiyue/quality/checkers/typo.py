"""错别字: a curated list of misspellings seen on government websites.

Precision first: only forms that are wrong wherever they stand (or wrong in the
listed context, e.g. 登陆系统), every match on jieba word boundaries, and
per-entry exception phrases (``统一但是`` is not ``一但``).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document
from ..findings import Finding
from ..i18n import _
from ..lexicons import LexiconSource, records
from .base import Checker, register
from .phrases import Phrase, build_automaton, matches


def load_typos(source: LexiconSource) -> list[Phrase]:
    phrases = []
    for rec in records("typos.tsv", source):
        if len(rec) >= 2 and rec[0] and rec[0] != rec[1]:
            exceptions = tuple(
                e for e in (rec[2] if len(rec) > 2 else "").split(",") if e
            )
            phrases.append(Phrase(wrong=rec[0], right=rec[1], exceptions=exceptions))
    return phrases


@register
class TypoChecker(Checker):
    type = "typo"
    severity = "warning"
    lexicons = ("typos.tsv",)

    def compile(self, source: LexiconSource):
        return build_automaton(load_typos(source))

    def check(self, doc: Document) -> Iterator[Finding]:
        for start, end, phrase in matches(doc, self.data()):
            message = _("疑似错别字：“%(wrong)s”应为“%(right)s”。") % {
                "wrong": doc.text[start:end],
                "right": phrase.right,
            }
            yield self.finding(
                doc,
                message=message,
                start=start,
                evidence=doc.text[start:end],
                extra={"suggestion": phrase.right},
            )
