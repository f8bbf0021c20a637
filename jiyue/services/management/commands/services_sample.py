"""``jiyue services_sample [--output DIR]``: writes the sample catalogue and the
empty import template (XLSX) and the sample as JSON."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from jiyue.services.catalogue_sample import DATA_DIR, write_sample


class Command(BaseCommand):
    help = _("生成政务服务事项目录样例（200项）和导入模板。")

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(DATA_DIR), help=_("输出目录"))

    def handle(self, *args, **options):
        for path in write_sample(Path(options["output"])):
            self.stdout.write(str(path))
