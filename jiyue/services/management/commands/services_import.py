"""``jiyue services_import FILE --site CODE [--publish] [--dry-run]``."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.models import Site

from jiyue.services.importer import import_file


class Command(BaseCommand):
    help = _("从政务服务事项目录（XLSX、CSV 或 JSON）导入办事指南，按事项编码更新。")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("事项目录文件"))
        parser.add_argument("--site", required=True, help=_("网站标识码"))
        parser.add_argument(
            "--publish", action="store_true", help=_("导入后直接发布（否则存为草稿）")
        )
        parser.add_argument("--dry-run", action="store_true", help=_("只检查，不写入"))

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("找不到文件：%(path)s") % {"path": path})
        site = Site.objects.filter(profile__code=options["site"]).first()
        if site is None:
            raise CommandError(
                _("没有标识码为 %(code)s 的网站。") % {"code": options["site"]}
            )
        report = import_file(
            path.name,
            path.read_bytes(),
            site=site,
            publish=options["publish"],
            dry_run=options["dry_run"],
        )
        for line in report.lines():
            self.stdout.write(line)
        if report.file_problems:
            raise CommandError(_("文件未导入。"))
