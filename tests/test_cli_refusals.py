"""A command line typed wrong is refused in Chinese, saying what is wrong
(argparse's own messages, jiyue.argparse_zh; ADR 0807)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["annual_report", "--year", "2026"], "须提供以下参数之一：--site --supervision"),
        (["annual_report", "--site", "1", "--year", "明年"], "不是有效的整数：'明年'"),
        (["annual_report", "--site", "1", "--year", "2026", "--format", "doc"],
         "无效的选项：'doc'"),
        (["score", "--site", "1", "--bogus"], "无法识别的参数：--bogus"),
        (["score"], "缺少必需的参数：--site"),
    ],
)  # fmt: skip
def test_a_wrong_command_line_is_refused_in_chinese(arguments, said, tmp_path):
    env = {**os.environ, "JIYUE_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)  # argparse refuses before any database
    done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-c", "from jiyue.cli import main; main()", *arguments],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    last = done.stderr.strip().splitlines()[-1]
    assert said in last and "：错误：" in last and "error" not in last


def test_a_missing_secret_key_is_one_chinese_line_not_a_traceback(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("JIYUE_DEMO", "SECRET_KEY", "DATABASE_URL",
                        "DJANGO_SETTINGS_MODULE")}  # fmt: skip
    env["JIYUE_VAR_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", "from jiyue.cli import main; main()", "sites"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "未设置 SECRET_KEY 环境变量" in done.stderr
