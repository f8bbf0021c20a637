"""``jiyue analytics_ingest LOGFILE…``: nginx access logs into visit statistics."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from jiyue.analytics.ingest import ingest_files
from jiyue.analytics.related import count_covisits


class Command(BaseCommand):
    help = _(
        "读取 nginx 访问日志（jiyue 格式，含轮转和 gzip 压缩的文件），增量计入访问统计，"
        "再统计看过此文的人还看了。"
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
        try:
            reports = ingest_files(paths)
            # The separate step (docs/decisions/0903): the trails just kept.
            related = count_covisits()
        except (DatabaseError, OSError) as error:
            # Each file's counts and its read position are written in one
            # transaction: what failed is rolled back whole and read again next time.
            raise CommandError(
                _(
                    "写入访问统计失败（%(error)s）。未写入的日志行不计入也不丢失："
                    "腾出磁盘空间或恢复数据库后再次运行，从上次写入的位置继续。"
                )
                % {"error": str(error).strip() or type(error).__name__}
            ) from error
        for report in reports:
            for line in report.describe():
                self.stdout.write(line)
        self.stdout.write(related.describe())
