"""``jiyue deadline START N``."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from .factories import national_day_2030

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("deadline", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue().strip()


def test_prints_the_date():
    # 30 Sep 2026 (a date) → 7th working day 15 Oct; 18:30 → 16 Oct
    # (walks in test_counting).
    assert run("2026-09-30", "7") == ("2026-10-15", "")
    assert run("2026-09-30T18:30", "7") == ("2026-10-16", "")
    assert run("2026-09-30 18:30", "15")[0] == "2026-10-28"


def test_cutoff_option():
    assert run("2026-09-30T17:30", "7", "--cutoff", "18:00")[0] == "2026-10-15"
    assert run("2026-09-30T17:30", "7")[0] == "2026-10-16"


def test_aware_start():
    # 09:30Z is 17:30 in Shanghai: after the cut-off.
    assert run("2026-09-30T09:30Z", "7")[0] == "2026-10-16"


def test_uncertain_is_marked():
    out, err = run("2030-09-30", "7")
    assert out == "2030-10-09 uncertain"
    assert "2030" in err
    assert "节假日安排尚未知晓" in err


def test_office_notice_makes_it_certain():
    national_day_2030()
    assert run("2030-09-30", "7") == ("2030-10-15", "")


def test_json():
    out, _ = run("2030-09-30T10:00", "7", "--json")
    assert json.loads(out) == {
        "start": "2030-09-30T10:00:00",
        "n": 7,
        "cutoff": "17:00",
        "date": "2030-10-09",
        "uncertain": True,
        "unknown_years": [2030],
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2026-13-01", "7"), "无法识别开始时间“2026-13-01”"),
        (("tomorrow", "7"), "无法识别开始时间“tomorrow”"),
        (("2026-09-30", "-1"), "工作日数“-1”无效：须为不小于 0 的整数"),
        (("2026-09-30", "1.5"), "工作日数“1.5”无效"),
        (("2026-09-30", "seven"), "工作日数“seven”无效"),
        (("2026-09-30", "999999"), "工作日数 999999 过大"),
        (("2026-09-30", "7", "--cutoff", "25:00"), "截止时刻“25:00”无效"),
        (("9999-12-31", "7"), "日期超出可计算的范围"),
    ],
)
def test_bad_input(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_bad_input_exits_non_zero(capsys):
    from django.core.management import ManagementUtility

    utility = ManagementUtility(["jiyue", "deadline", "2026-09-30", "-1"])
    with pytest.raises(SystemExit) as exit_info:
        utility.execute()
    assert exit_info.value.code != 0
    assert "工作日数“-1”无效" in capsys.readouterr().err


def test_help_is_chinese():
    from jiyue.workdays.management.commands.deadline import Command

    text = Command().create_parser("jiyue", "deadline").format_help()
    assert "第 N 个工作日" in text
    assert "--cutoff HH:MM" in text
