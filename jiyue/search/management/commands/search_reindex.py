"""``jiyue search_reindex [--site CODE]``: rebuilds the search index.

The whole index is built beside the one in use and swapped in; one site's
documents are replaced in one step. Searches go on meanwhile.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from jiyue.cluster.models import SiteProfile
from jiyue.search.documents import all_documents, count_documents
from jiyue.search.engines import get_engine
from jiyue.search.indexing import rebuild


class Command(BaseCommand):
    help = "重建站内搜索索引（在旁边建好后切换，不中断搜索）。"

    def add_arguments(self, parser):
        parser.add_argument("--site", metavar="CODE", help="只重建该网站标识码的站点")
        parser.add_argument(
            "--engine", choices=["tantivy", "postgres"], help="搜索引擎"
        )
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, **options):
        site = None
        if options["site"]:
            profile = (
                SiteProfile.objects.select_related("site")
                .filter(code=options["site"])
                .first()
            )
            if profile is None:
                raise CommandError(f"没有网站标识码为 {options['site']} 的站点。")
            site = profile.site
        engine = get_engine(options["engine"])
        total = (
            sum(1 for _doc in all_documents(site=site)) if site else count_documents()
        )
        with tqdm(
            total=total, unit="条", desc="建立索引", disable=options["no_progress"]
        ) as bar:
            count = rebuild(site=site, progress=bar.update, engine=engine)
        self.stdout.write(f"已建立索引：{count} 条（{engine.name}）。")
