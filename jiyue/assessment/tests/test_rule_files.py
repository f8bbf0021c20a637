"""The indicators as a file in the repository and as versions: the default file is
what the database holds; a bad file is refused by line in Chinese and loads
nothing; a loaded file is a new version; a threshold and a requirement change the
score; the office's edit in the admin is a new version (ADR 0808)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from jiyue.assessment.models import Indicator, RuleSet, ScoreRecord
from jiyue.assessment.rulefile import DEFAULT_FILE, RuleFileError, cycle, parse
from jiyue.assessment.scoring import active_rule_set, score
from jiyue.cluster.models import SiteProfile

pytestmark = [pytest.mark.django_db]

HEAD = '[rule_set]\nname = "某市政府网站考核指标"\nversion = "2027"\n'


def _indicator(code, evidence="platform.intensive", **more) -> str:
    lines = [
        "[[indicator]]", f'code = "{code}"', f'name = "指标{code}"', 'category = "测试"',
        f'kind = "{more.pop("kind", "deduction")}"', f'evidence = "{evidence}"',
        *(f"{k} = {v}" for k, v in more.items()),
    ]  # fmt: skip
    return "\n".join(lines) + "\n"


def test_the_default_file_is_the_default_rule_set(demo_cluster):
    rules = parse(DEFAULT_FILE.read_text(encoding="utf-8"))
    stored = RuleSet.objects.get(name=rules.name, version=rules.version)
    assert [i["code"] for i in rules.indicators] == list(
        stored.indicators.order_by("sort_order").values_list("code", flat=True)
    )
    assert len([i for i in rules.indicators if i["kind"] == "veto"]) == 6


def test_a_bad_file_names_each_problem_by_line_and_loads_nothing(
    demo_cluster, tmp_path
):
    text = HEAD + _indicator("a", requires='["b"]') + _indicator(
        "b", requires='["a"]'
    ) + _indicator("c", evidence="monitor.nonsense") + _indicator(
        "c", kind="penalty", points='"五"'
    )  # fmt: skip
    with pytest.raises(RuleFileError) as refused:
        parse(text)
    problems = refused.value.problems
    assert "第18行的指标“c”：未知的证据来源“monitor.nonsense”。" in problems
    assert "第24行的指标“c”：代码与第18行的指标重复。" in problems
    assert any(
        "kind 须是 veto、deduction 或 bonus，而不是“penalty”" in p for p in problems
    )
    assert any("points 须是不小于0的数，而不是“五”" in p for p in problems)
    assert "前提指标构成循环：a → b → a。" in problems
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    before = RuleSet.objects.count()
    with pytest.raises(CommandError, match="指标文件有错误，未载入"):
        call_command("rules_load", str(path))
    path.write_text(HEAD + "[[indicator]]\ncode = \n", encoding="utf-8")
    with pytest.raises(CommandError, match="第5行第8列：不是有效的 TOML 格式"):
        call_command("rules_load", str(path))
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("rules_load", str(tmp_path / "none.toml"))
    assert RuleSet.objects.count() == before
    assert cycle({"x": ["y"], "y": ["z"], "z": []}) is None


def test_a_loaded_file_is_a_new_version_and_its_rules_count(
    demo_cluster, tmp_path, capsys
):
    beijing = SiteProfile.objects.get(code="1100000009")
    text = (
        HEAD
        + _indicator("gate", per_item=2, points=10)
        + _indicator("high", per_item=3, points=10, threshold=2)
        + _indicator("after", per_item=1, points=10, requires='["gate"]')
        + _indicator("free", per_item=1, points=10, requires='["high"]')
    )
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    call_command("rules_load", str(path), "--dry-run")
    assert "检查通过" in capsys.readouterr().out
    assert not RuleSet.objects.filter(version="2027").exists()
    call_command("rules_load", str(path), "--activate")
    assert "已启用" in capsys.readouterr().out
    rules = active_rule_set()
    assert (rules.name, rules.version) == ("某市政府网站考核指标", "2027")
    lines = {line.indicator.code: line for line in score(beijing).lines}
    assert lines["gate"].points == 2  # one item found, 2 points each
    assert lines["high"].points == 0  # found 1, counted from 2
    assert lines["after"].blocked_by == "指标gate" and lines["after"].points == 0
    assert "前提指标“指标gate”未通过" in lines["after"].state
    assert lines["free"].points == 1  # "high" passed (below its threshold)
    assert score(beijing).as_dict()["rule_set"] == "某市政府网站考核指标（2027）"
    with pytest.raises(CommandError, match="已经存在"):
        call_command("rules_load", str(path))


def test_the_offices_edit_is_a_new_version_and_old_scores_keep_theirs(
    demo_cluster, client, make_staff
):
    from jiyue.assessment.scoring import record_scores
    from jiyue.cluster.roles import Role
    from tests.staff import login

    beijing = SiteProfile.objects.get(code="1100000009")
    old = active_rule_set()
    record_scores([beijing], now=timezone.now())
    office = make_staff("zb-office", Role.PLATFORM_OFFICE)
    login(client, office)
    page = client.get("/admin/assessment/indicators/")
    formset = page.context["formset"]
    data = {
        "form-TOTAL_FORMS": str(len(formset.forms)),
        "form-INITIAL_FORMS": str(len(formset.forms)),
    }
    for n, form in enumerate(formset.forms):
        data[f"form-{n}-id"] = form.instance.pk
        data[f"form-{n}-points"] = str(form.instance.points)
        data[f"form-{n}-per_item"] = str(form.instance.per_item)
        data[f"form-{n}-threshold"] = str(form.instance.threshold)
        if form.instance.enabled:
            data[f"form-{n}-enabled"] = "on"
    typos = next(n for n, f in enumerate(formset.forms) if f.instance.code == "typos")
    data[f"form-{typos}-points"] = "8"
    done = client.post("/admin/assessment/indicators/", data, follow=True)
    assert "已保存为新版本" in done.content.decode()
    new = active_rule_set()
    assert new.pk != old.pk and new.version == f"{old.version} 修订1"
    assert new.indicators.get(code="typos").points == 8
    assert old.indicators.get(code="typos").points == 5
    assert new.indicators.count() == old.indicators.count()
    assert ScoreRecord.objects.filter(site=beijing.site, rule_set=old).exists()
    assert Indicator.objects.filter(rule_set=old).count() == old.indicators.count()
    unchanged = client.post("/admin/assessment/indicators/", {
        **data, **{f"form-{n}-id": f.instance.pk for n, f in enumerate(
            client.get("/admin/assessment/indicators/").context["formset"].forms)},
        f"form-{typos}-points": "8",
    }, follow=True)  # fmt: skip
    assert "没有修改" in unchanged.content.decode()
    assert active_rule_set().pk == new.pk
