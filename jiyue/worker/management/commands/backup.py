"""``jiyue backup DIR``: database, media, private uploads, published versions."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jiyue.worker.backup import RefusedError, backup


class Command(BaseCommand):
    help = _("容灾备份：把数据库、媒体文件、发布版本和设置（不含密钥）备份到一个目录。")

    def add_arguments(self, parser):
        parser.add_argument("directory", help=_("备份目录（须不存在或为空）"))

    def handle(self, *args, **options):
        try:
            report = backup(Path(options["directory"]))
        except RefusedError as refused:
            raise CommandError(str(refused), returncode=2) from None
        rows = sum(report.counts.values())
        self.stdout.write(
            _(
                "备份完成：%(dir)s，%(rows)d 行数据，%(files)d 个文件，"
                "%(mb).1f MB，用时 %(s).1f 秒。校验和见 SHA256SUMS。"
            )
            % {
                "dir": report.directory,
                "rows": rows,
                "files": report.files,
                "mb": report.size / 1e6,
                "s": report.seconds,
            }
        )
