"""The pre-publish compliance gate: the quality engine on a page's content.

The title, the rich text fields and the attachments go through the compliance
engine's one entry point, ``quality.gate(…, context=Context.PRE_PUBLISH)``. ``veto`` and
``error`` findings block submission and publication unless an editor let them
through with a reason (:class:`GateOverride`).
"""

from __future__ import annotations

import html as html_lib
import logging
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext
from wagtail.fields import RichTextField
from wagtail.models import Page

from jiyue.quality import Context, gate

from .models import GateOverride

logger = logging.getLogger(__name__)
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
BLOCK_START = re.compile(r"<(?:p|h[1-6]|li|td|th|blockquote|pre|div)\b", re.IGNORECASE)
ANY_TAG = re.compile(r"<[^>]*>")


def paragraph_position(source: str, line: int, column: int) -> tuple[int, int]:
    """Where a position in rich text's HTML source is for its editor: the
    paragraph (block) and the character within it, both 1-based."""
    starts = [0, *(m.end() for m in re.finditer("\n", source))]
    offset = starts[min(max(line, 1), len(starts)) - 1] + max(column, 1) - 1
    blocks = [m.start() for m in BLOCK_START.finditer(source) if m.start() <= offset]
    begin = blocks[-1] if blocks else 0
    before = html_lib.unescape(ANY_TAG.sub("", source[begin:offset]))
    return max(len(blocks), 1), len(before) + 1


def where_in_field(kind: str, source: str, position) -> str:
    """The position as the editor sees the field: 第2段第13字 in rich text,
    第13字 in a one-line field, 第3行第5列 in an attachment's text."""
    if position is None:
        return ""
    if kind == "html":
        paragraph, char = paragraph_position(source, position.line, position.column)
        return gettext("第%(p)d段第%(c)d字") % {"p": paragraph, "c": char}
    if kind == "line":
        return gettext("第%(c)d字") % {"c": position.column}
    return gettext("第%(line)d行第%(column)d列") % {
        "line": position.line,
        "column": position.column,
    }


@dataclass(frozen=True)
class GateFinding:
    field: str
    label: str
    finding: Any
    where: str = ""

    @property
    def blocks(self) -> bool:
        return self.finding.blocks

    @property
    def fingerprint(self) -> str:
        return f"{self.field}|{self.finding.type}|{self.finding.evidence}"

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "label": self.label, **self.finding.as_dict()}

    def describe(self) -> str:
        return gettext("【%(label)s%(where)s】%(message)s") % {
            "label": self.label,
            "where": self.where,
            "message": self.finding.message,
        }


def rich_text_fields(page: Page) -> list[Any]:
    return [f for f in page._meta.concrete_fields if isinstance(f, RichTextField)]


def _field_findings(page: Page) -> list[GateFinding]:
    title = page.title or ""
    found = [
        GateFinding(
            "title",
            str(page._meta.get_field("title").verbose_name),
            f,
            where_in_field("line", title, f.position),
        )
        for f in gate(title, context=Context.PRE_PUBLISH)
    ]
    for field in rich_text_fields(page):
        html = getattr(page, field.name, "") or ""
        found += [
            GateFinding(
                field.name,
                str(field.verbose_name),
                f,
                where_in_field("html", html, f.position),
            )
            for f in gate(html, context=Context.PRE_PUBLISH, kind="html")
        ]
    return found


def _attachment_findings(page: Page) -> list[GateFinding]:
    attachments = getattr(page, "attachments", None)
    if attachments is None or not hasattr(attachments, "all"):
        return []
    found = []
    for attachment in attachments.all():
        label = gettext("附件：%(title)s") % {"title": attachment.display_title}
        for finding in _document_findings(attachment.document):
            found.append(
                GateFinding(
                    f"attachment:{attachment.document_id}",
                    label,
                    finding,
                    where_in_field("text", "", finding.position),
                )
            )
    return found


def _document_findings(document) -> list[Any]:
    try:
        with document.open_file() as handle:
            data = handle.read(MAX_ATTACHMENT_BYTES + 1)
    except OSError:
        logger.warning("attachment %s could not be read", document.pk)
        data = b""
    return gate(
        data, context=Context.PRE_PUBLISH, kind="file", filename=document.filename
    )


def page_gate_findings(page: Page) -> list[GateFinding]:
    """Every finding of the gate on ``page`` (its current, possibly unsaved, state)."""
    page = page.specific if type(page) is Page else page
    return _field_findings(page) + _attachment_findings(page) + _own_findings(page)


def _own_findings(page: Page) -> list[GateFinding]:
    """What a page type judges of itself (``gate_extra_findings``: a service
    guide's missing elements, jiyue.services), in the contract's shape."""
    judge = getattr(page, "gate_extra_findings", None)
    if judge is None:
        return []
    return [GateFinding(f"own:{f.type}", f.extra.get("label", ""), f) for f in judge()]


def overridden(page: Page) -> set[str]:
    if page.pk is None:
        return set()
    found: set[str] = set()
    for fingerprints in GateOverride.objects.filter(page=page).values_list(
        "fingerprints", flat=True
    ):
        found.update(fingerprints)
    return found


def blocking(findings: list[GateFinding], page: Page) -> list[GateFinding]:
    """The findings that stop submission and publication (not let through)."""
    allowed = overridden(page)
    return [f for f in findings if f.blocks and f.fingerprint not in allowed]
