"""Citizens' attachments: stored under a random name with the extension their
content decides, outside MEDIA_ROOT, downloadable only by staff who may see the
message (docs/decisions/0315-private-uploads.md)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from jiyue.interaction import services, uploads
from jiyue.interaction.models import Message

from .conftest import admin_client, at
from .test_chain import write_letter

pytestmark = pytest.mark.django_db

POLYGLOT = b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n"
STORED_RE = re.compile(r"^interaction/\d{4}/\d{2}/[0-9a-f]{32}\.pdf$")


@pytest.fixture
def private_root(settings, tmp_path, www):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.JIYUE_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return tmp_path / "private"


def submit_with(public, name: str, data: bytes) -> Message:
    upload = SimpleUploadedFile(name, data, "text/html")
    message, _code = write_letter(public, attachment=upload)
    return message


def test_a_polyglot_named_html_is_stored_as_a_random_pdf_outside_media(
    public, private_root, settings
):
    message = submit_with(public, "x.html", POLYGLOT)
    assert STORED_RE.match(message.attachment.name), message.attachment.name
    stored = Path(message.attachment.path)
    assert stored.is_relative_to(private_root)
    assert stored.read_bytes() == POLYGLOT
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.*"))
    assert message.attachment_name == "x.html"
    with pytest.raises(NotImplementedError):
        message.attachment.url  # noqa: B018 (no URL serves a private upload)


def test_two_uploads_with_the_same_name_get_different_random_names(
    public, private_root
):
    first = submit_with(public, "身份证.pdf", POLYGLOT)
    second = submit_with(public, "身份证.pdf", POLYGLOT)
    assert first.attachment.name != second.attachment.name
    assert "身份证" not in first.attachment.name
    assert first.attachment_name == second.attachment_name == "身份证.pdf"


def test_the_display_name_loses_directories_and_invisible_characters():
    assert uploads.display_name("..\\..\\C:\\tmp\\报告.pdf") == "报告.pdf"
    assert uploads.display_name("a/b/\u202egnp.exe") == "gnp.exe"
    assert uploads.display_name("x\x00y\r\n.pdf") == "xy.pdf"
    assert len(uploads.display_name("长" * 300 + ".pdf")) == 100


def test_the_storage_refuses_content_of_an_unknown_kind(private_root):
    from django.core.exceptions import SuspiciousFileOperation
    from django.core.files.base import ContentFile

    with pytest.raises(SuspiciousFileOperation):
        uploads.private_storage().save("interaction/x.html", ContentFile(b"<html>"))
    assert not private_root.exists() or not any(private_root.rglob("*.*"))


def test_staff_with_rights_download_it_others_get_404(
    public, private_root, office_www, office_ankang, handler, platform_office
):
    message = submit_with(public, "x.html", POLYGLOT)
    url = f"/admin/interaction/{message.pk}/attachment/"
    detail = admin_client(office_www).get(f"/admin/interaction/{message.pk}/")
    assert f'href="{url}"' in detail.content.decode()
    assert "x.html" in detail.content.decode()
    response = admin_client(office_www).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == POLYGLOT
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="x.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert admin_client(platform_office).get(url).status_code == 200
    # Another site's operator, and a unit the message was not forwarded to.
    assert admin_client(office_ankang).get(url).status_code == 404
    assert admin_client(handler).get(url).status_code == 404
    assert public.get(url).status_code == 404
    assert admin_client(office_www).post(url).status_code == 405


def test_the_handling_unit_downloads_it_once_forwarded(
    public, private_root, office_www, handler, unit
):
    message = submit_with(public, "照片.png", uploads.SIGNATURES[1][0] + b"rest")
    services.message_accept(message=message, actor=office_www, now=at(2026, 9, 29))
    services.message_forward(message=message, actor=office_www, unit=unit)
    response = admin_client(handler).get(f"/admin/interaction/{message.pk}/attachment/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "filename*=utf-8''%E7%85%A7%E7%89%87.png" in response["Content-Disposition"]


def test_a_message_without_attachment_has_no_download(public, private_root, office_www):
    message, _code = write_letter(public)
    response = admin_client(office_www).get(
        f"/admin/interaction/{message.pk}/attachment/"
    )
    assert response.status_code == 404


def test_the_migration_moves_an_old_public_attachment(public, private_root, settings):
    message, _code = write_letter(public)
    old = Path(settings.MEDIA_ROOT) / "interaction/2025/01/身份证.pdf"
    old.parent.mkdir(parents=True)
    old.write_bytes(POLYGLOT)
    Message.objects.filter(pk=message.pk).update(
        attachment="interaction/2025/01/身份证.pdf"
    )
    migration = importlib.import_module(
        "jiyue.interaction.migrations.0003_private_attachments"
    )
    migration.move_public_attachments(apps, None)
    message.refresh_from_db()
    assert re.match(r"^interaction/2025/01/[0-9a-f]{32}\.pdf$", message.attachment.name)
    assert message.attachment_name == "身份证.pdf"
    assert not old.exists()
    assert Path(message.attachment.path).read_bytes() == POLYGLOT
