import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from jiyue.cluster.sites import profiles, site_summary


class Command(BaseCommand):
    help = _("列出站群中的所有站点")

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help=_("以 JSON 输出"))

    def handle(self, *args, **options):
        rows = [site_summary(profile) for profile in profiles()]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            parent = row["parent"] or "-"
            self.stdout.write(
                f"{row['code']}  {row['name']}  {row['url']}  上级：{parent}"
            )
