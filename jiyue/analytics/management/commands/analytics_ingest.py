"""``jiyue analytics_ingest LOGFILE…``: nginx access logs into visit statistics."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jiyue.analytics.ingest import ingest_files


class Command(BaseCommand):
    help = _(
        "读取 nginx 访问日志（jiyue 格式，含轮转和 gzip 压缩的文件），增量计入访问统计。"
    )

    def add_arguments(self, parser):
        parser.add_argument("logfiles", nargs="+", help=_("访问日志文件"))

    def handle(self, *args, **options):
        paths = [Path(p) for p in options["logfiles"]]
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise CommandError(
                _("找不到文件：%(files)s") % {"files": "、".join(missing)}
            )
        for report in ingest_files(paths):
            for line in report.describe():
                self.stdout.write(line)
