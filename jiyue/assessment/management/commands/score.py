"""``jiyue score --site CODE [--json]``: the site's score against the inspection
indicators, as the admin shows it."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jiyue.assessment.scoring import number, score
from jiyue.cluster.models import SiteProfile


class Command(BaseCommand):
    help = _("按当前考核指标计算网站得分（单项否决、扣分、加分，每项附证据）。")

    def add_arguments(self, parser):
        parser.add_argument("--site", required=True, help=_("网站标识码"))
        parser.add_argument("--json", action="store_true", help=_("输出 JSON"))

    def handle(self, *args, **options):
        profile = (
            SiteProfile.objects.select_related("site")
            .filter(code=options["site"])
            .first()
        )
        if profile is None:
            raise CommandError(
                _("没有标识码为 %(code)s 的网站。") % {"code": options["site"]}
            )
        try:
            result = score(profile)
        except LookupError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(
                json.dumps(result.as_dict(), ensure_ascii=False, indent=2)
            )
            return
        self.stdout.write(
            _("%(name)s（%(code)s）：%(verdict)s，得分 %(score)s，加分 %(bonus)s，证据不足 %(n)d 项")
            % {
                "name": result.profile.name, "code": result.profile.code,
                "verdict": result.verdict, "score": number(result.score),
                "bonus": number(result.bonus), "n": len(result.unjudged),
            }
        )  # fmt: skip
        self.stdout.write(_("指标版本：%(rules)s") % {"rules": result.rule_set})
        for line in result.lines:
            mark = _("（未经确认）") if line.indicator.unconfirmed else ""
            self.stdout.write(
                f"- [{line.indicator.get_kind_display()}] {line.indicator.name}{mark}："
                f"{line.state}　{line.found.detail}"
            )
            for text, url in line.found.lines:
                self.stdout.write(f"    · {text}" + (f" {url}" if url else ""))
