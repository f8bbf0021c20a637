import argparse
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from jiyue.content.generate import ClusterGenerator


def positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(
            _("“%(value)s”不是正整数。") % {"value": value}
        )
    return int(value)


class Command(BaseCommand):
    help = _("生成用于性能测试的大型站群（同一种子生成相同内容）")

    def add_arguments(self, parser):
        parser.add_argument("--sites", type=positive, required=True, help=_("站点数"))
        parser.add_argument("--items", type=positive, required=True, help=_("信息总数"))
        parser.add_argument("--seed", type=int, default=1, help=_("随机种子"))
        parser.add_argument(
            "--today", type=date.fromisoformat, help=_("以哪一天为“今天”（YYYY-MM-DD）")
        )

    def handle(self, *args, **options):
        if options["items"] < options["sites"]:
            raise CommandError(_("信息总数不能少于站点数。"))
        generator = ClusterGenerator(
            sites=options["sites"], items=options["items"], seed=options["seed"],
            corpus_dir=settings.JIYUE_CORPUS_DIR,
            today=options["today"] or timezone.localdate(),
        )  # fmt: skip
        report = generator.run(progress=self.progress)
        self.stdout.write(
            _("已生成 %(sites)d 个站点、%(items)d 条信息。")
            % {"sites": report.sites, "items": report.items}
        )

    def progress(self, done: int, _count: int) -> None:
        if self.stdout.isatty():
            self.stdout.write(f"\r{done} …", ending="")
