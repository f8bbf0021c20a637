"""The pre-publish compliance gate: the quality engine on a page's content.

Rich text fields go through ``check_html``, the title through ``check_text`` and
the attachments of a policy document through ``check_bytes``. ``veto`` and
``error`` findings block submission and publication unless an editor let them
through with a reason (:class:`GateOverride`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext
from wagtail.fields import RichTextField
from wagtail.models import Page

from jiyue.quality import check_bytes, check_html, check_text

from .models import GateOverride

logger = logging.getLogger(__name__)
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class GateFinding:
    field: str
    label: str
    finding: Any

    @property
    def blocks(self) -> bool:
        return self.finding.blocks

    @property
    def fingerprint(self) -> str:
        return f"{self.field}|{self.finding.type}|{self.finding.evidence}"

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "label": self.label, **self.finding.as_dict()}

    def describe(self) -> str:
        position = self.finding.position
        where = (
            gettext("第%(line)d行第%(column)d列")
            % {"line": position.line, "column": position.column}
            if position
            else ""
        )
        return gettext("【%(label)s%(where)s】%(message)s") % {
            "label": self.label,
            "where": where,
            "message": self.finding.message,
        }


def rich_text_fields(page: Page) -> list[Any]:
    return [f for f in page._meta.concrete_fields if isinstance(f, RichTextField)]


def _field_findings(page: Page) -> list[GateFinding]:
    found = [
        GateFinding("title", str(page._meta.get_field("title").verbose_name), f)
        for f in check_text(page.title or "")
    ]
    for field in rich_text_fields(page):
        html = getattr(page, field.name, "") or ""
        found += [
            GateFinding(field.name, str(field.verbose_name), f)
            for f in check_html(html)
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
                GateFinding(f"attachment:{attachment.document_id}", label, finding)
            )
    return found


def _document_findings(document) -> list[Any]:
    try:
        with document.open_file() as handle:
            data = handle.read(MAX_ATTACHMENT_BYTES + 1)
    except OSError:
        logger.warning("attachment %s could not be read", document.pk)
        data = b""
    return check_bytes(data, document.filename)


def page_gate_findings(page: Page) -> list[GateFinding]:
    """Every finding of the gate on ``page`` (its current, possibly unsaved, state)."""
    page = page.specific if type(page) is Page else page
    return _field_findings(page) + _attachment_findings(page)


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
