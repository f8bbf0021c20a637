"""Attachments are checked by their content (magic bytes), not their name."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
)


def max_bytes() -> int:
    return int(getattr(settings, "JIYUE_INTERACTION_MAX_UPLOAD", DEFAULT_MAX_BYTES))


def sniff(head: bytes) -> str | None:
    return next((ext for magic, ext in SIGNATURES if head.startswith(magic)), None)


def check_upload(upload) -> str:
    """The real type (``pdf``/``png``/``jpg``) of ``upload`` or a ValidationError."""
    if upload.size > max_bytes():
        raise ValidationError(
            _("附件不能超过 %(mb)s MB。") % {"mb": max_bytes() // (1024 * 1024)}
        )
    upload.seek(0)
    kind = sniff(upload.read(16))
    upload.seek(0)
    if kind is None:
        raise ValidationError(_("附件只能是 PDF、PNG 或 JPG 文件（按文件内容判断）。"))
    return kind
