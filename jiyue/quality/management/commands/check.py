"""``jiyue check FILE... [--json]``: the quality checks on files.

Django's own ``check`` (the system check framework) keeps working: when no
positional argument is an existing file, this command is Django's unchanged.
See docs/decisions/0101-check-command-override.md.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.core.management.commands.check import Command as SystemCheckCommand

from jiyue.quality.findings import TYPE_NAMES, Finding

SEVERITY_NAMES = {
    "veto": "单项否决",
    "error": "错误",
    "warning": "警告",
    "info": "提示",
}


def _looks_like_path(arg: str) -> bool:
    return "/" in arg or "." in Path(arg).name


class Command(SystemCheckCommand):
    help = (
        "检查文件内容质量（敏感词、规范表述、错别字、个人信息、乱码与残留标记、植入内容、链接、无障碍）："
        "jiyue check FILE... [--json]。不带文件时为 Django 的系统检查。"
    )

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--json", action="store_true", help="以 JSON 数组输出检查结果"
        )
        parser.add_argument(
            "--statistical-typos",
            action="store_true",
            help="同时运行统计方法查错别字（发布前检查默认运行，见 docs/decisions/0409）",
        )

    def handle(self, *app_labels: str, **options: Any) -> None:
        files = [a for a in app_labels if Path(a).is_file()]
        if not files and not any(_looks_like_path(a) for a in app_labels):
            return super().handle(*app_labels, **options)
        missing = [a for a in app_labels if not Path(a).is_file()]
        if missing:
            raise CommandError("文件不存在：" + "、".join(missing), returncode=2)
        if options.get("statistical_typos"):
            from jiyue.quality import registry

            registry.enable("typo_statistical")
        findings = self._check_files(files)
        self._print(findings, as_json=options["json"])
        if any(f.blocks for f in findings):
            sys.exit(1)

    def _check_files(self, files: list[str]) -> list[Finding]:
        from jiyue.quality import check_file

        findings: list[Finding] = []
        for name in files:
            for finding in check_file(name):
                findings.append(finding if finding.url else _with_url(finding, name))
        return findings

    def _print(self, findings: list[Finding], *, as_json: bool) -> None:
        if as_json:
            data = [f.as_dict() for f in findings]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        for f in findings:
            where = (
                f"{f.url}:{f.position.line}:{f.position.column}"
                if f.position
                else f"{f.url}"
            )
            self.stdout.write(
                f"{where}: [{SEVERITY_NAMES[f.severity]}] "
                f"{TYPE_NAMES.get(f.type, f.type)}: {f.message}"
            )
        self.stdout.write(f"共 {len(findings)} 条检查结果。")


def _with_url(finding: Finding, url: str) -> Finding:
    from dataclasses import replace

    return replace(finding, url=url)
