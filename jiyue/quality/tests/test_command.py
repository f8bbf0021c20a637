"""``jiyue check FILE... [--json]`` and Django's system check under the same name."""

import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def _run(*args):
    from io import StringIO

    out = StringIO()
    code = 0
    try:
        call_command("check", *args, stdout=out)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue()


def test_json_output_and_exit_status(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("联系人手机13812345678，关健在于落实。", encoding="utf-8")
    code, out = _run(str(path), "--json")
    data = json.loads(out)
    assert code == 1
    assert [d["type"] for d in data] == ["privacy_leak", "typo"]
    assert data[0]["evidence"] == "138****5678" and "13812345678" not in out
    assert data[0]["url"] == str(path)
    assert data[1]["position"] == {"line": 1, "column": 18}


def test_only_warnings_exit_zero(tmp_path):
    path = tmp_path / "b.html"
    path.write_text("<p>关健在于落实</p>", encoding="utf-8")
    code, out = _run(str(path))
    assert code == 0
    assert "[警告] 错别字:" in out and "共 1 条检查结果" in out
    assert "typo" not in out  # no code name where a person reads


def test_every_finding_type_has_a_chinese_name():
    from jiyue.quality.findings import FINDING_TYPES, TYPE_NAMES

    assert set(TYPE_NAMES) == set(FINDING_TYPES)
    assert all(re.fullmatch("[\u4e00-\u9fff/]+", n) for n in TYPE_NAMES.values())


def test_clean_corpus_file(corpus, tmp_path):
    name, text = next(iter(corpus.items()))
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, out = _run(str(path), "--json")
    assert code == 0
    assert all(d["severity"] not in {"veto", "error"} for d in json.loads(out))


def test_missing_file(tmp_path):
    with pytest.raises(CommandError) as info:
        call_command("check", str(tmp_path / "nope.txt"))
    assert "文件不存在" in str(info.value)
    assert info.value.returncode == 2


def test_without_files_it_is_djangos_system_check():
    from io import StringIO

    err = StringIO()
    out = StringIO()
    call_command("check", stdout=out, stderr=err)
    assert "System check identified no issues" in out.getvalue() + err.getvalue()


def test_statistical_typos_on_request(tmp_path):
    from jiyue.quality import registry

    path = tmp_path / "c.txt"
    path.write_text("请各单位认真做好迎检布署工作。", encoding="utf-8")
    try:
        assert _run(str(path), "--json") == (0, "[]\n")
        code, out = _run(str(path), "--json", "--statistical-typos")
        assert code == 0
        assert [(d["type"], d["evidence"]) for d in json.loads(out)] == [
            ("typo", "布署")
        ]
    finally:
        registry.enable("typo_statistical", False)
