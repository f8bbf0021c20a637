"""The audit trail: sign-in events and Wagtail's log, read by the audit admin.

Nobody reads the entries of their own actions (三员分立): a security admin who
granted roles cannot read the record of those grants, even if also an auditor.
"""

from __future__ import annotations

import csv
from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import ModelLogEntry, PageLogEntry

from .models import AuthEvent

# The log actions of the audit trail itself (jiyue.<app>.<verb>, docs/decisions/0009).
AUDIT_EXPORT_ACTION = "jiyue.accounts.audit_export"
AUDIT_PURGE_ACTION = "jiyue.accounts.audit_purge"


@dataclass(frozen=True)
class AuditRow:
    when: datetime
    actor: str
    action: str
    target: str
    detail: str
    address: str = ""

    @property
    def event(self) -> str:
        """What happened, in the words people read: the action's Chinese label."""
        return action_label(self.action)


# A cell that begins with one of these is a formula to Excel and LibreOffice.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """Neutralises a formula (CSV injection): a leading single quote, as OWASP
    advises, makes the spreadsheet show the text instead of running it."""
    return f"'{value}" if value.startswith(FORMULA_PREFIXES) else value


def base32_key(device) -> str:
    return b32encode(device.bin_key).decode("ascii")


def _auth_rows(viewer, limit: int) -> list[AuditRow]:
    events = AuthEvent.objects.exclude(user=viewer).select_related("user")[:limit]
    return [
        AuditRow(
            e.created_at,
            e.username,
            e.get_kind_display(),
            e.username,
            e.user_agent,
            e.ip_address or "",
        )
        for e in events
    ]


def action_label(action: str) -> str:
    """The Chinese label under which the action was registered (Wagtail's log
    action registry); the code itself only for an action nobody registered."""
    if log_action_registry.action_exists(action):
        return str(log_action_registry.get_action_label(action))
    return action


def _log_rows(model, viewer, limit: int) -> list[AuditRow]:
    entries = model.objects.exclude(user=viewer).select_related("user")
    rows = []
    for entry in entries.order_by("-timestamp")[:limit]:
        actor = entry.user.get_username() if entry.user else gettext("系统")
        rows.append(
            AuditRow(
                entry.timestamp,
                actor,
                entry.action,
                entry.label,
                str(entry.data or "")[:500],
            )
        )
    return rows


def audit_rows(*, viewer, limit: int = 10_000) -> list[AuditRow]:
    rows = _auth_rows(viewer, limit)
    rows += _log_rows(ModelLogEntry, viewer, limit)
    rows += _log_rows(PageLogEntry, viewer, limit)
    return sorted(rows, key=lambda r: r.when, reverse=True)[:limit]


def csv_response(*, viewer) -> HttpResponse:
    rows = audit_rows(viewer=viewer)
    viewer = getattr(viewer, "_wrapped", viewer)  # request.user is a lazy object
    log(
        instance=viewer,
        action=AUDIT_EXPORT_ACTION,
        user=viewer,
        data={"rows": len(rows)},
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with a BOM
    writer = csv.writer(response)
    writer.writerow(
        [
            gettext("时间"),
            gettext("操作人"),
            gettext("事件"),
            gettext("对象"),
            gettext("详情"),
            gettext("IP 地址"),
        ]
    )
    for row in rows:
        cells = (row.actor, row.event, row.target, row.detail, row.address)
        writer.writerow(
            [
                timezone.localtime(row.when).isoformat(),
                *(csv_cell(str(cell)) for cell in cells),
            ]
        )
    return response
