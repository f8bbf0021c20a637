"""``jiyue verify``: after someone edits a published file by hand, exactly that file
is reported as ``tampered``, with a diff; added and missing files too."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from jiyue.publishing import services
from jiyue.publishing.verify import verify_disk

pytestmark = pytest.mark.django_db


def test_clean_tree_verifies(publish_root, www, capsys):
    services.publish_site(www)
    call_command("verify", "--site", "5201000001")
    assert "未发现篡改" in capsys.readouterr().out


def test_hand_edited_file_is_reported_with_a_diff(publish_root, www, capsys):
    services.publish_site(www)
    tree = publish_root / "www.localhost"
    page = tree / "yaowen/news-001/index.html"
    page.write_text(page.read_text().replace("<h1>", "<h1>假消息", 1))
    (tree / "yaowen/news-002/index.html").unlink()
    (tree / "evil.html").write_text("<p>暗链</p>")
    with pytest.raises(SystemExit) as exited:
        call_command("verify", "--site", "5201000001", "--json")
    assert exited.value.code == 1
    findings = json.loads(capsys.readouterr().out)
    assert {f["type"] for f in findings} == {"tampered"}
    by_url = {f["url"]: f for f in findings}
    assert set(by_url) == {
        "http://www.localhost:8000/yaowen/news-001/",
        "http://www.localhost:8000/yaowen/news-002/",
        "http://www.localhost:8000/evil.html",
    }
    changed = by_url["http://www.localhost:8000/yaowen/news-001/"]
    assert "+<h1>假消息" in changed["evidence"]
    assert changed["evidence"].startswith("--- published/yaowen/news-001/index.html")
    assert "+<p>暗链</p>" in by_url["http://www.localhost:8000/evil.html"]["evidence"]
    assert set(changed) == {
        "type",
        "severity",
        "url",
        "target",
        "evidence",
        "message",
        "position",
    }


def test_republishing_repairs_a_tampered_file(publish_root, www):
    services.publish_site(www)
    page = publish_root / "www.localhost/index.html"
    page.write_text("defaced")
    assert len(verify_disk(www)) == 1
    services.publish_site(www)
    assert verify_disk(www) == []
