"""The public API: registration, selection, pluggable lexicon source, and an
engine that works without Django settings."""

import subprocess
import sys
from pathlib import Path

import pytest

import jiyue.quality as quality
from jiyue.quality import (
    Checker,
    FileLexiconSource,
    check_text,
    register,
    registry,
    set_lexicon_source,
)
from jiyue.quality.findings import Finding

ROOT = Path(__file__).resolve().parents[3]


def test_registry_holds_the_shipped_checkers():
    check_text("")  # loads the built-in checkers
    keys = set(registry.keys())
    assert {
        "sensitive_word",
        "wrong_expression",
        "typo",
        "privacy_leak",
        "garbled_text",
    } <= keys
    assert {"broken_link", "insecure_link", "accessibility", "hidden_link"} <= keys
    assert all(isinstance(c, Checker) for c in registry.all())


def test_custom_checker_registers_and_runs():
    @register
    class ShoutingChecker(Checker):
        name = "test_shouting"
        type = "wrong_expression"
        severity = "info"

        def check(self, doc):
            start = doc.text.find("！！！")
            if start >= 0:
                yield self.finding(
                    doc, message="感叹号过多。", start=start, evidence="！！！"
                )

    try:
        findings = check_text("好！！！", checkers=["test_shouting"])
        assert [(f.type, f.severity, f.evidence) for f in findings] == [
            ("wrong_expression", "info", "！！！")
        ]
    finally:
        registry.unregister("test_shouting")


def test_unknown_checker_name():
    with pytest.raises(KeyError):
        check_text("x", checkers=["no_such_checker"])


def test_finding_shape():
    finding = check_text("关健", checkers=["typo"])[0]
    assert set(finding.as_dict()) == {
        "type",
        "severity",
        "url",
        "target",
        "evidence",
        "message",
        "position",
    }
    assert isinstance(finding, Finding)


def test_lexicon_source_can_be_replaced(tmp_path):
    (tmp_path / "typos.tsv").write_text("甲乙\t乙甲\n", encoding="utf-8")
    set_lexicon_source(FileLexiconSource(tmp_path))
    try:
        assert [f.evidence for f in check_text("关健，甲乙", checkers=["typo"])] == [
            "甲乙"
        ]
    finally:
        set_lexicon_source(None)
    assert [f.evidence for f in check_text("关健，甲乙", checkers=["typo"])] == ["关健"]


def test_leaders_from_a_configured_file(tmp_path):
    data = Path(quality.__file__).parent / "data"
    for name in ("expressions.tsv", "titles.txt"):
        (tmp_path / name).write_text(
            (data / name).read_text(encoding="utf-8"), encoding="utf-8"
        )
    (tmp_path / "leaders.tsv").write_text("张三\t市长\n", encoding="utf-8")
    set_lexicon_source(FileLexiconSource(tmp_path))
    try:
        wrong = check_text("张三副市长出席会议。", checkers=["wrong_expression"])
        right = check_text("市长张三出席会议。", checkers=["wrong_expression"])
    finally:
        set_lexicon_source(None)
    assert [f.evidence for f in wrong] == ["张三副市长"]
    assert right == []


def test_engine_runs_without_django_settings():
    code = (
        "import jiyue.quality as q, django.conf as c;"
        "assert not c.settings.configured;"
        "f = q.check_text('关健');"
        "print(f[0].message)"
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.stdout.strip() == "疑似错别字：“关健”应为“关键”。"


def test_lazy_import_exposes_api():
    assert callable(quality.check_html) and callable(quality.mask_phone)
    with pytest.raises(AttributeError):
        quality.no_such_name  # noqa: B018
