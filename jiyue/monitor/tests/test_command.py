"""The ``monitor`` management command: a thin wrapper that prints Chinese and writes JSON."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command


def test_bad_url_is_a_chinese_command_error(tmp_path):
    with pytest.raises(CommandError, match="无效的网址"):
        call_command("monitor", "www.example.gov.cn", state_dir=tmp_path)


def _monitor(server, tmp_path, *options: str) -> tuple[str, str, dict]:
    """``jiyue monitor`` of the test server (no external links) with ``options``:
    the URL, what it printed and the JSON it wrote."""
    out = io.StringIO()
    target = tmp_path / "out.json"
    url = f"http://{server.address}/"
    call_command(
        "monitor",
        url,
        *options,
        "--json",
        str(target),
        "--no-external",
        "--state-dir",
        str(tmp_path),
        stdout=out,
    )
    return url, out.getvalue(), json.loads(target.read_text(encoding="utf-8"))


@pytest.mark.django_db  # is the URL a site on the platform?
def test_crawl_prints_summary_and_writes_json(server, tmp_path):
    url, text, document = _monitor(server, tmp_path, "--today", "2026-11-20")
    assert "监测完成" in text
    assert "单项否决命中：暗链 1" in text
    assert set(document) == {"summary", "findings"}
    kinds = [(f["type"], f["severity"], f["target"]) for f in document["findings"]]
    assert ("hidden_link", "veto", "http://www.000wyt.com/") in kinds
    assert ("broken_link", "error", f"{url}gone.html") in kinds
    assert set(document["findings"][0]) == {
        "type",
        "severity",
        "url",
        "target",
        "evidence",
        "message",
        "position",
    }
    assert document["summary"]["veto"] == {"hidden_link": 1}


@pytest.mark.django_db
def test_links_only_says_what_it_did_not_check(server, tmp_path):
    url, text, document = _monitor(server, tmp_path, "--links-only")
    assert "检查范围：只检查链接（未检查暗链、栏目更新、内容和无障碍）" in text
    assert document["summary"]["checks"] == "links"
    assert {f["type"] for f in document["findings"]} == {"broken_link"}
    assert ("broken_link", f"{url}gone.html") in {
        (f["type"], f["target"]) for f in document["findings"]
    }
