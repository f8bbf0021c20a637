"""``jiyue rules_load FILE [--activate] [--dry-run]``: a rule set written as a file
(TOML; ``jiyue/assessment/rules/gbmh-2019.toml`` is the default and the example)
loaded as a new version. Every problem is named by line, in Chinese; a file with
any problem loads nothing (exit status 1)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from jiyue.assessment.rulefile import RuleFileError, load, parse


class Command(BaseCommand):
    help = _("载入考核指标文件，生成新的指标版本。")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("指标文件（TOML）"))
        parser.add_argument(
            "--activate", action="store_true", help=_("载入后立即启用该版本")
        )
        parser.add_argument("--dry-run", action="store_true", help=_("只检查，不载入"))

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as error:
            raise CommandError(_("找不到文件 %(p)s。") % {"p": path}) from error
        except UnicodeDecodeError as error:
            raise CommandError(
                _("%(p)s 不是 UTF-8 编码的文本文件。") % {"p": path}
            ) from error
        try:
            rules = parse(text)
            if options["dry_run"]:
                self.stdout.write(
                    _("检查通过：%(n)s（%(v)s），指标 %(c)d 个；未载入。")
                    % {"n": rules.name, "v": rules.version, "c": len(rules.indicators)}
                )
                return
            rule_set = load(rules, activate=options["activate"])
        except RuleFileError as error:
            raise CommandError(
                _("指标文件有错误，未载入：\n%(p)s")
                % {"p": "\n".join(f"  {p}" for p in error.problems)}
            ) from error
        log(instance=rule_set, action="jiyue.assessment.rules_loaded", user=None,
            data={"file": path.name, "active": rule_set.active})  # fmt: skip
        self.stdout.write(
            _("已载入 %(r)s，指标 %(c)d 个%(a)s。")
            % {"r": rule_set, "c": len(rules.indicators),
               "a": "，已启用" if rule_set.active else "，未启用（加 --activate 启用）"}
        )  # fmt: skip
