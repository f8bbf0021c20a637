"""``jiyue verify [--site CODE] [--url BASE] [--json]``: the tamper check."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jiyue.publishing import selectors
from jiyue.publishing.verify import verify_disk, verify_url


class Command(BaseCommand):
    help = _("防篡改检查：比对已发布文件（或服务器实际返回的内容）与发布清单。")

    def add_arguments(self, parser):
        parser.add_argument("--site", help=_("网站标识码"))
        parser.add_argument(
            "--url", help=_("从该地址抓取页面（发送站点的 Host 头），而不是读磁盘")
        )
        parser.add_argument("--json", action="store_true", help=_("输出 JSON"))

    def handle(self, *args, **options):
        findings = []
        for site in self.sites(options["site"]):
            if options["url"]:
                findings += verify_url(site, options["url"])
            else:
                findings += verify_disk(site)
        self.report(findings, as_json=options["json"])
        if findings:
            raise SystemExit(1)

    def sites(self, code: str | None):
        if not code:
            return selectors.all_sites()
        site = selectors.site_by_code(code)
        if site is None:
            raise CommandError(_("没有标识码为 %s 的站点。") % code)
        return [site]

    def report(self, findings, *, as_json: bool) -> None:
        if as_json:
            data = [finding.as_dict() for finding in findings]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        for finding in findings:
            self.stdout.write(f"[{finding.type}] {finding.url} {finding.message}")
            if finding.evidence:
                self.stdout.write(finding.evidence)
        if not findings:
            self.stdout.write(_("未发现篡改：磁盘上的文件与发布清单一致。"))
