"""How complete and how accurate a service guide is, against the office's element set.

The score is the share of the enabled elements' weight that the guide fills (0–100).
A missing key element (关键要素) is an ``incomplete_guide`` error for the pre-publish
gate; a missing other element a warning. A 设定依据 that cites, by its 文号, a
policy document of the platform marked 已废止 or 已失效 is an error too (要素不准确).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from jiyue.content.models import PolicyDocumentPage, Validity
from jiyue.quality.findings import Finding

from .elements import PRESENT
from .models import ServiceElement

DOC_NUMBER_IN_TEXT = re.compile(r"[\u4e00-\u9fa5]{1,20}〔\d{4}〕第?\d{1,5}号")
OUT_OF_FORCE = (Validity.REPEALED, Validity.EXPIRED)


def element_set() -> list[ServiceElement]:
    return list(ServiceElement.objects.filter(enabled=True))


@dataclass
class Completeness:
    score: int
    filled: list[ServiceElement] = field(default_factory=list)
    missing: list[ServiceElement] = field(default_factory=list)
    repealed_basis: list[tuple[str, str]] = field(default_factory=list)

    @property
    def key_missing(self) -> list[ServiceElement]:
        return [e for e in self.missing if e.is_key]

    @property
    def passes(self) -> bool:
        """No key element missing and no repealed 设定依据."""
        return not self.key_missing and not self.repealed_basis


def repealed_citations(
    text: str, out_of_force: set[tuple[str, str]] | None = None
) -> list[tuple[str, str]]:
    """(文号, 有效性) of the platform's documents out of force that ``text`` cites;
    ``out_of_force``: ``cited_out_of_force``'s answer for texts including this one
    (asked when missing)."""
    numbers = set(DOC_NUMBER_IN_TEXT.findall(text or ""))
    if not numbers:
        return []
    if out_of_force is None:
        out_of_force = cited_out_of_force([text])
    return sorted(found for found in out_of_force if found[0] in numbers)


def cited_out_of_force(texts) -> set[tuple[str, str]]:
    """(文号, 有效性) of the platform's documents out of force that any of ``texts``
    cites: one query for them all."""
    numbers = {n for text in texts for n in DOC_NUMBER_IN_TEXT.findall(text or "")}
    if not numbers:
        return set()
    found = PolicyDocumentPage.objects.filter(
        doc_number__in=numbers, validity__in=OUT_OF_FORCE
    ).values_list("doc_number", "validity")
    labels = dict(Validity.choices)
    return {(number, str(labels[validity])) for number, validity in found}


def completeness(
    guide,
    elements: list[ServiceElement] | None = None,
    out_of_force: set[tuple[str, str]] | None = None,
) -> Completeness:
    elements = element_set() if elements is None else elements
    filled, missing = [], []
    for element in elements:
        present = PRESENT.get(element.key)
        if present is None:
            continue
        (filled if present(guide) else missing).append(element)
    total = sum(e.weight for e in filled + missing)
    got = sum(e.weight for e in filled)
    score = round(100 * got / total) if total else 100
    return Completeness(
        score=score,
        filled=filled,
        missing=missing,
        repealed_basis=repealed_citations(guide.legal_basis, out_of_force),
    )


def failing_guides(guides) -> list[tuple[object, Completeness]]:
    """The guides of ``guides`` that lack a key element or cite a repealed basis,
    each with its result (the verdict's and the score's evidence)."""
    guides = list(guides)
    elements = element_set()
    out_of_force = cited_out_of_force(guide.legal_basis for guide in guides)
    found = []
    for guide in guides:
        result = completeness(guide, elements, out_of_force)
        if not result.passes:
            found.append((guide, result))
    return found


def gate_findings(guide) -> list[Finding]:
    """The guide's ``incomplete_guide`` findings, in the contract's shape."""
    result = completeness(guide)
    found = []
    for element in result.missing:
        if element.is_key:
            message = _("办事指南缺少关键要素“%(name)s”。") % {"name": element.name}
        else:
            message = _("办事指南缺少要素“%(name)s”。") % {"name": element.name}
        found.append(
            Finding(
                type="incomplete_guide",
                severity="error" if element.is_key else "warning",
                message=message,
                evidence=element.name,
                extra={"label": _("办事指南要素")},
            )
        )
    for number, validity in result.repealed_basis:
        found.append(
            Finding(
                type="incomplete_guide",
                severity="error",
                message=_(
                    "设定依据引用的 %(number)s %(validity)s，请更新设定依据（要素不准确）。"
                )
                % {"number": number, "validity": validity},
                evidence=number,
                extra={"label": _("设定依据")},
            )
        )
    return found
