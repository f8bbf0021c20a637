"""A large, realistic, deterministic cluster for benchmarks (``jiyue generate``).

Sites, home pages and columns are made through Wagtail as usual. Items are made in
bulk: adding 100,000 pages one by one through treebeard and revisions would take
hours, so items are inserted as rows with their tree paths computed here, without
revisions (docs/decisions/0008-bulk-generation.md). They are live pages that serve,
list and publish like any other; editing one in the admin creates its first revision.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Locale, Page, Site

from jiyue.cluster.models import SiteProfile

from .demo.corpus import read_corpus
from .models import ArticlePage, ColumnPage, HomePage, PolicyDocumentPage

BATCH = 2000
COLUMNS = (
    ("yaowen", "要闻动态", "news", 0.55),
    ("tzgg", "通知公告", "notice", 0.25),
    ("zcwj", "政策文件", "policy", 0.20),
)


@dataclass
class GenerateReport:
    sites: int = 0
    items: int = 0


class ClusterGenerator:
    def __init__(
        self, *, sites: int, items: int, seed: int, corpus_dir: Path, today: date
    ):
        self.site_count, self.item_count = sites, items
        self.rng = random.Random(seed)
        self.seed = seed
        self.today = today
        self.sentences = [
            s for d in read_corpus(corpus_dir).values() for s in d.sentences()
        ]
        self.locale = Locale.get_default()
        self.report = GenerateReport()

    def run(self, progress=None) -> GenerateReport:
        per_site = [self.item_count // self.site_count] * self.site_count
        for i in range(self.item_count % self.site_count):
            per_site[i] += 1
        portal = None
        for index, count in enumerate(per_site):
            with transaction.atomic():
                profile = self._site(index, portal)
                portal = portal or profile
                self._items(profile, index, count)
            if progress:
                progress(index + 1, count)
        return self.report

    # -- sites and columns (through Wagtail) ---------------------------------

    def _site(self, index: int, portal: SiteProfile | None) -> SiteProfile:
        code = f"52{90000000 + self.seed % 1000 * 10000 + index:08d}"[-10:]
        host = f"g{self.seed}-{index:03d}"
        name = "演示市人民政府" if index == 0 else f"演示市第{index}部门"
        existing = SiteProfile.objects.filter(code=code).first()
        if existing:
            return existing
        root = Page.get_first_root_node()
        home = HomePage(title=name, slug=host)
        root.add_child(instance=home)
        site = Site.objects.create(
            hostname=f"{host}.localhost", port=8000, root_page=home, site_name=name
        )
        for slug, title, kind, _share in COLUMNS:
            home.add_child(
                instance=ColumnPage(
                    title=title, slug=slug, kind=kind, show_in_menus=True
                )
            )
        self.report.sites += 1
        return SiteProfile.objects.create(
            site=site, name=name, code=code, kind="portal" if index == 0 else "department",
            level="city", parent=portal, sponsor=name, primary_domain=f"{host}.localhost",
            org_code=f"G{self.seed:04d}{index:04d}",
        )  # fmt: skip

    # -- items (in bulk) -----------------------------------------------------

    def _items(self, profile: SiteProfile, index: int, count: int) -> None:
        home = profile.site.root_page
        for slug, _title, kind, share in COLUMNS:
            column = ColumnPage.objects.get(
                path__startswith=home.path, depth=home.depth + 1, slug=slug
            )
            wanted = round(count * share)
            have = column.numchild
            if wanted > have:
                self._bulk_children(column, kind, profile, have, wanted - have)

    def _bulk_children(
        self, column: ColumnPage, kind: str, profile, start: int, count: int
    ) -> None:
        model = PolicyDocumentPage if kind == "policy" else ArticlePage
        content_type = ContentType.objects.get_for_model(model)
        for offset in range(0, count, BATCH):
            size = min(BATCH, count - offset)
            pages = [
                self._page(model, column, content_type, profile, start + offset + i + 1)
                for i in range(size)
            ]
            self._insert(model, pages)
        ColumnPage.objects.filter(pk=column.pk).update(numchild=start + count)
        self.report.items += count

    def _page(self, model, column, content_type, profile, number: int):
        when = self._moment(number)
        title = self._title(column.kind, number)
        fields = {
            "title": title, "draft_title": title, "slug": f"item-{number:06d}",
            "content_type": content_type, "path": column.path + Page._int2str(number).rjust(4, "0"),
            "depth": column.depth + 1, "numchild": 0, "url_path": f"{column.url_path}item-{number:06d}/",
            "live": True, "has_unpublished_changes": False, "first_published_at": when,
            "last_published_at": when, "latest_revision_created_at": when, "locale": self.locale,
            "summary": title, "body": self._body(),
        }  # fmt: skip
        if model is PolicyDocumentPage:
            fields.update(
                index_no=f"{profile.org_code}/{when.year}-{number:05d}", issuer=profile.sponsor,
                published_on=when.date(), written_on=when.date() - timedelta(days=3),
            )  # fmt: skip
        return model(**fields)

    @staticmethod
    def _insert(model, pages) -> None:
        """Multi-table insert: the Page rows in bulk, then the subclass rows."""
        Page.objects.bulk_create([Page(**_page_fields(p)) for p in pages])
        by_path = dict(
            Page.objects.filter(path__in=[p.path for p in pages]).values_list(
                "path", "pk"
            )
        )
        for page in pages:
            page.page_ptr_id = page.pk = by_path[page.path]
        fields = list(model._meta.local_concrete_fields)
        model._base_manager._insert(pages, fields=fields)

    def _moment(self, number: int) -> datetime:
        day = self.today - timedelta(
            days=self.rng.randint(0, 720) if number > 3 else number
        )
        moment = time(self.rng.randint(8, 17), self.rng.choice((0, 15, 30, 45)))
        return timezone.make_aware(datetime.combine(day, moment))

    def _title(self, kind: str, number: int) -> str:
        sentence = self.rng.choice(self.sentences).rstrip("。！？")
        return f"{sentence[:28]}（{number}）"

    def _body(self) -> str:
        paragraphs = ("".join(self.rng.sample(self.sentences, 3)) for _i in range(4))
        return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def _page_fields(page: Page) -> dict:
    names = [f.attname for f in Page._meta.concrete_fields if f.attname != "id"]
    return {name: getattr(page, name) for name in names}
