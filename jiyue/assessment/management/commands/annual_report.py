"""``jiyue annual_report --site CODE --year Y [--format json|xlsx|html|pdf] [--output F]``:
the site's 《政府网站工作年度报表》 with each figure's source; ``--supervision`` instead
of ``--site``: the office's 《政府网站监管年度报表》 of the cluster (ADR 0806)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jiyue.assessment import annual_report, supervision
from jiyue.cluster.models import SiteProfile


class Command(BaseCommand):
    help = _("生成网站的政府网站工作年度报表（每项注明数据来源）。")

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--site", help=_("网站标识码"))
        which.add_argument(
            "--supervision", action="store_true",
            help=_("平台管理办公室的政府网站监管年度报表"),
        )  # fmt: skip
        parser.add_argument("--year", required=True, type=int, help=_("报表年度"))
        parser.add_argument(
            "--format", default="json", choices=("json", "xlsx", "html", "pdf"),
            help=_("输出格式"),
        )  # fmt: skip
        parser.add_argument(
            "--output", help=_("输出文件（默认标准输出；xlsx 和 pdf 必须指定）")
        )

    def handle(self, *args, **options):
        if options["supervision"]:
            return self._write(options, *self._supervision(options["year"]))
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
            fields = annual_report.build(profile, options["year"])
        except annual_report.YearError as error:
            raise CommandError(str(error)) from error
        return self._write(options, profile, fields, annual_report.WORK_REPORT)

    def _supervision(self, year: int):
        try:
            fields = supervision.build(year)
        except annual_report.YearError as error:
            raise CommandError(str(error)) from error
        return supervision.office(), fields, supervision.SUPERVISION_REPORT

    def _write(self, options, profile, fields, report: str) -> None:
        kind, year = options["format"], options["year"]
        if kind in ("xlsx", "pdf") and not options["output"]:
            raise CommandError(
                _("%(kind)s 格式须用 --output 指定输出文件。") % {"kind": kind}
            )
        if kind == "xlsx":
            data = annual_report.as_xlsx(profile, year, fields, report=report)
        elif kind == "pdf":
            try:
                data = annual_report.as_pdf(profile, year, fields, report=report)
            except annual_report.PdfUnavailableError as error:
                raise CommandError(str(error)) from error
        elif kind == "html":
            data = annual_report.as_html(profile, year, fields, report=report).encode(
                "utf-8"
            )
        else:
            document = annual_report.as_json(profile, year, fields)
            data = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
        if options["output"]:
            Path(options["output"]).write_bytes(data)
            self.stdout.write(_("已写入 %(path)s") % {"path": options["output"]})
        else:
            sys.stdout.flush()
            self.stdout.write(data.decode("utf-8"), ending="")
