"""Attachments are checked by their content (magic bytes), not their name, and
stored under a random name with the extension their content decides, in a private
location that no URL serves (docs/decisions/0315-private-uploads.md)."""

from __future__ import annotations

import os
import posixpath
import unicodedata
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
)
CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}
DISPLAY_NAME_MAX = 100
HEAD_BYTES = 16


def max_bytes() -> int:
    return int(getattr(settings, "JIYUE_INTERACTION_MAX_UPLOAD", DEFAULT_MAX_BYTES))


def sniff(head: bytes) -> str | None:
    return next((ext for magic, ext in SIGNATURES if head.startswith(magic)), None)


def sniff_file(content) -> str | None:
    """The kind of an open file by its first bytes; its position is kept at 0."""
    content.seek(0)
    kind = sniff(content.read(HEAD_BYTES))
    content.seek(0)
    return kind


def check_upload(upload) -> str:
    """The real type (``pdf``/``png``/``jpg``) of ``upload`` or a ValidationError."""
    if upload.size > max_bytes():
        raise ValidationError(
            _("附件不能超过 %(mb)s MB。") % {"mb": max_bytes() // (1024 * 1024)}
        )
    kind = sniff_file(upload)
    if kind is None:
        raise ValidationError(_("附件只能是 PDF、PNG 或 JPG 文件（按文件内容判断）。"))
    return kind


def display_name(filename: str) -> str:
    """The citizen's file name, for display only: no directories, no control or
    format characters (bidi overrides), at most 100 characters."""
    base = PurePosixPath(filename.replace("\\", "/")).name
    kept = "".join(
        c for c in base if unicodedata.category(c)[0] not in "CZ" or c == " "
    )
    return kept.strip()[:DISPLAY_NAME_MAX]


@deconstructible
class PrivateUploadStorage(FileSystemStorage):
    """Files under ``JIYUE_PRIVATE_MEDIA_ROOT``, never under a URL. ``save`` throws
    away the name it is given but for its directory: the file is stored as
    ``<uuid4 hex>.<kind>``, the kind decided from the content."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(**kwargs)

    @property
    def base_location(self):  # read each time: tests point it elsewhere
        return self._value_or_setting(self._location, settings.JIYUE_PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def save(self, name, content, max_length=None):
        kind = sniff_file(content)
        if kind is None:
            raise SuspiciousFileOperation("upload of an unknown kind refused")
        directory = posixpath.dirname(name or "")
        random_name = posixpath.join(directory, f"{uuid.uuid4().hex}.{kind}")
        return super().save(random_name, content, max_length=max_length)

    def url(self, name):
        raise NotImplementedError("private uploads have no URL")


def private_storage() -> PrivateUploadStorage:
    return PrivateUploadStorage()


def attachment_upload_to(instance, filename: str) -> str:
    """Where a message's attachment goes; keeps the citizen's name for display
    (the file itself is renamed by :class:`PrivateUploadStorage`)."""
    instance.attachment_name = display_name(filename)
    return timezone.now().strftime("interaction/%Y/%m/upload")


def stored_kind(name: str) -> str | None:
    """The kind recorded in a stored file's extension."""
    kind = PurePosixPath(name).suffix.lstrip(".").lower()
    return kind if kind in CONTENT_TYPES else None
