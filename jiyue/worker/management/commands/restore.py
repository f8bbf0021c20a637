"""``jiyue restore DIR``: a backup onto an empty machine, then the checks."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jiyue.worker.backup import RefusedError, restore

SHOWN = (
    ("wagtailcore.page", _("页面")),
    ("interaction.message", _("留言")),
    ("monitor.storedfinding", _("检查发现")),
    ("monitor.crawl", _("监测记录")),
    ("auth.user", _("用户")),
    ("wagtaildocs.document", _("文档")),
)


class Command(BaseCommand):
    help = _("从备份目录恢复到空的数据库和数据目录，并做防篡改检查。")

    def add_arguments(self, parser):
        parser.add_argument("directory", help=_("备份目录"))
        parser.add_argument(
            "--skip-search",
            action="store_true",
            help=_("不重建搜索索引（稍后运行 update_index 和 search_reindex）"),
        )

    def handle(self, *args, **options):
        try:
            report = restore(
                Path(options["directory"]), rebuild_search=not options["skip_search"]
            )
        except RefusedError as refused:
            raise CommandError(str(refused), returncode=2) from None
        self.stdout.write(
            _("恢复完成：%(rows)d 行数据，用时 %(s).1f 秒。")
            % {"rows": sum(report.counts.values()), "s": report.seconds}
        )
        if options["skip_search"]:
            self.stdout.write(
                _(
                    "搜索索引未重建：请稍后运行 jiyue update_index 和 jiyue search_reindex。"
                )
            )
        else:
            self.stdout.write(
                _("其中重建搜索索引用时 %(s).1f 秒。") % {"s": report.search_seconds}
            )
        for label, name in SHOWN:
            if label in report.counts:
                self.stdout.write(f"  {name}：{report.counts[label]}")
        for label, (expected, found) in report.mismatched.items():
            self.stderr.write(
                _("数量不符：%(label)s 备份中 %(e)d 行，恢复后 %(f)d 行。")
                % {"label": label, "e": expected, "f": found}
            )
        for finding in report.findings:
            self.stderr.write(f"[{finding.type}] {finding.url} {finding.message}")
        if report.mismatched or report.findings:
            raise SystemExit(1)
        self.stdout.write(_("未发现篡改：磁盘上的文件与发布清单一致。"))
