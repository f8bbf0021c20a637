"""Content's part of the demo cluster: the sites, their columns and pages, the
corpus documents where they belong. Idempotent: each step looks for what it would
create and creates only what is missing (jiyue.demo assembles the whole demo)."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from jiyue.cluster.models import SiteProfile
from jiyue.content.models import (
    ArticlePage,
    ColumnPage,
    HomePage,
    InterpretationPage,
    LeaderPage,
    OrganisationPage,
    PolicyDocumentPage,
    TopicCategory,
    TopicPage,
)

from . import texts
from .cluster import COLUMNS, IMPLEMENTS, REPOST_SOURCE, SITES, DemoSite
from .corpus import CorpusDocument, read_corpus

NEWS_PER_SITE = 14
NOTICES_PER_SITE = 6


class DemoLoader:
    def __init__(
        self, corpus_dir: Path, *, now: datetime | None = None, port: int | None = None
    ):
        self.corpus = read_corpus(corpus_dir)
        self.sentences = [s for doc in self.corpus.values() for s in doc.sentences()]
        self.now = now or timezone.now()
        self.port = port or settings.JIYUE_PUBLIC_PORT
        self.documents: dict[str, PolicyDocumentPage] = {}
        self.created = 0

    def run(self) -> int:
        self._remove_wagtail_welcome()
        self.topic = self._topic()
        for spec in SITES:
            with transaction.atomic():
                self._load_site(spec)
        with transaction.atomic():
            self._link_documents()
        return self.created

    # -- sites ---------------------------------------------------------------

    def _remove_wagtail_welcome(self) -> None:
        Site.objects.filter(hostname="localhost", port=80, root_page__depth=2).exclude(
            root_page__content_type__model="homepage"
        ).delete()
        Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()

    @staticmethod
    def _create_root() -> Page:
        """Recreates what Wagtail's migrations make, for a flushed database."""
        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        return Page.add_root(title="全部网站", slug="root")

    def _topic(self) -> TopicCategory:
        parent, _ = TopicCategory.objects.get_or_create(name="综合政务", parent=None)
        topic, _ = TopicCategory.objects.get_or_create(name="政务公开", parent=parent)
        return topic

    def _load_site(self, spec: DemoSite) -> None:
        rng = random.Random(spec.code)
        home = self._home(spec)
        site = self._site(spec, home)
        self._profile(spec, site)
        columns = {
            slug: self._column(home, slug, title, kind) for slug, title, kind in COLUMNS
        }
        self._news(spec, rng, columns["yaowen"])
        self._notices(spec, rng, columns["tzgg"])
        self._policies(spec, rng, columns["zcwj"], columns["zcjd"])
        self._organisation(spec, columns["jgzn"])
        self._leaders(spec, columns["ldxx"])
        if spec.host == "www":
            self._topic_page(spec, rng, home)

    def _home(self, spec: DemoSite) -> HomePage:
        root = Page.get_first_root_node() or self._create_root()
        home = HomePage.objects.child_of(root).filter(slug=spec.host).first()
        if home is None:
            home = HomePage(
                title=spec.name, slug=spec.host, intro=f"欢迎访问{spec.name}门户网站"
            )
            self._add(root, home, self.now - timedelta(days=400))
        return home

    def _site(self, spec: DemoSite, home: HomePage) -> Site:
        site, _ = Site.objects.update_or_create(
            hostname=f"{spec.host}.localhost",
            port=self.port,
            defaults={
                "root_page": home,
                "site_name": spec.name,
                "is_default_site": spec.host == "www",
            },
        )
        return site

    def _profile(self, spec: DemoSite, site: Site) -> None:
        parent = (
            SiteProfile.objects.get(code=self._code(spec.parent))
            if spec.parent
            else None
        )
        SiteProfile.objects.update_or_create(
            code=spec.code,
            defaults={
                "site": site, "name": spec.name, "kind": spec.kind, "level": spec.level,
                "parent": parent, "sponsor": spec.sponsor, "operator": f"{spec.city}信息中心（演示）",
                "contact": "0000-12345678（演示）", "icp_number": "演示ICP备00000000号-1",
                "police_number": "演示公网安备00000000000000号",
                "badge_url": "https://bszs.conac.cn/", "primary_domain": f"{spec.host}.localhost",
                "org_code": spec.org_code,
            },
        )  # fmt: skip

    @staticmethod
    def _code(host: str) -> str:
        return next(s.code for s in SITES if s.host == host)

    def _column(self, home: HomePage, slug: str, title: str, kind: str) -> ColumnPage:
        column = ColumnPage.objects.child_of(home).filter(slug=slug).first()
        if column is None:
            column = ColumnPage(title=title, slug=slug, kind=kind, show_in_menus=True)
            self._add(home, column, self.now - timedelta(days=400))
        return column

    # -- items ---------------------------------------------------------------

    def _add(self, parent: Page, page: Page, when: datetime) -> Page:
        """Add ``page`` under ``parent``, publish it and date it ``when``."""
        parent.add_child(instance=page)
        page.save_revision().publish()
        Page.objects.filter(pk=page.pk).update(
            first_published_at=when,
            last_published_at=when,
            latest_revision_created_at=when,
        )
        page.first_published_at = page.last_published_at = when
        self.created += 1
        return page

    def _exists(self, parent: Page, slug: str) -> Page | None:
        return Page.objects.child_of(parent).filter(slug=slug).specific().first()

    def _news(self, spec: DemoSite, rng: random.Random, column: ColumnPage) -> None:
        for i in range(NEWS_PER_SITE):
            slug = f"news-{i + 1:03d}"
            if self._exists(column, slug):
                continue
            when = self._recent(rng, i * 2)
            unit = spec.units[i % len(spec.units)] if spec.units else ""
            title = texts.NEWS_TITLES[i % len(texts.NEWS_TITLES)].format(city=spec.city)
            lead = texts.news_lead(spec.city, unit, f"{when.month}月{when.day}日")
            body = texts.paragraphs_html(rng, self.sentences, lead)
            page = ArticlePage(
                title=title, slug=slug, body=body, author=unit, summary=lead
            )
            self._add(column, page, when)

    def _notices(self, spec: DemoSite, rng: random.Random, column: ColumnPage) -> None:
        for i in range(NOTICES_PER_SITE):
            slug = f"notice-{i + 1:03d}"
            if self._exists(column, slug):
                continue
            when = self._recent(rng, i * 9 + 1)
            title = texts.NOTICE_TITLES[i % len(texts.NOTICE_TITLES)].format(
                year=when.year
            )
            body = texts.paragraphs_html(
                rng, self.sentences, f"各有关单位：现将{title[2:]}有关事项通知如下。"
            )
            self._add(
                column,
                ArticlePage(title=title, slug=slug, body=body, author=spec.sponsor),
                when,
            )

    def _recent(self, rng: random.Random, days_ago: int) -> datetime:
        day = timezone.localtime(self.now).date() - timedelta(days=days_ago)
        moment = time(
            hour=rng.randint(8, 17), minute=rng.choice((0, 10, 20, 30, 40, 50))
        )
        # Never in the future: an item "published" later today would be a faked date.
        return min(
            timezone.make_aware(datetime.combine(day, moment)),
            self.now - timedelta(minutes=30),
        )

    def _policies(
        self, spec, rng, column: ColumnPage, interp_column: ColumnPage
    ) -> None:
        for slug in spec.reposts:
            self.documents[slug] = self._document(
                spec, column, self.corpus[slug], repost=True
            )
        for slug in spec.own_documents:
            self.documents[slug] = self._document(
                spec, column, self.corpus[slug], repost=False
            )
        docs = [self.documents[s] for s in (*spec.own_documents, *spec.reposts)]
        for index, doc in enumerate(docs):
            self._interpretation(spec, rng, interp_column, doc, index)
        if not docs:
            self._generated_policy(spec, rng, column, interp_column)

    def _document(
        self, spec, column, doc: CorpusDocument, *, repost: bool
    ) -> PolicyDocumentPage:
        existing = self._exists(column, doc.slug)
        if existing:
            return existing
        published = doc.written_on or (
            timezone.localtime(self.now).date() - timedelta(days=20)
        )
        source = REPOST_SOURCE if repost else (spec.sponsor, "")
        page = PolicyDocumentPage(
            title=doc.title, slug=doc.slug, doc_number=doc.doc_number, issuer=doc.issuer,
            written_on=doc.written_on, published_on=published, topic=self.topic,
            subject_words="政府网站 信息内容建设", body=doc.body_html(), summary=doc.title,
            source_name=source[0], source_url=source[1], keywords="政府网站,信息内容建设",
        )  # fmt: skip
        when = timezone.make_aware(datetime.combine(published, time(10, 0)))
        return self._add(column, page, when)

    def _interpretation(
        self, spec, rng, column, doc: PolicyDocumentPage, index: int
    ) -> None:
        slug = f"jd-{doc.slug}"
        if self._exists(column, slug):
            return
        short = doc.title.split("关于", 1)[-1]
        title = texts.INTERPRETATION_TITLES[index % 2].format(title=short)
        lead = f"为便于公众理解《{doc.title}》，现就文件出台背景、主要内容解读如下。"
        page = InterpretationPage(
            title=title, slug=slug, form="text", author_unit=spec.sponsor,
            body=texts.paragraphs_html(rng, self.sentences, lead), summary=lead,
        )  # fmt: skip
        page.interprets = [doc]
        self._add(column, page, self._recent(rng, 5 + index))

    def _generated_policy(self, spec, rng, column, interp_column) -> None:
        slug = "wenjian-001"
        doc = self._exists(column, slug)
        if doc is None:
            when = self._recent(rng, 30)
            lead = f"为进一步加强{spec.city}政府网站信息内容建设，结合工作实际，制定本办法。"
            doc = PolicyDocumentPage(
                title=f"{spec.sponsor}关于进一步加强政府网站内容保障工作的通知",
                slug=slug, issuer=spec.sponsor, published_on=when.date(),
                written_on=when.date() - timedelta(days=3), topic=self.topic,
                body=texts.paragraphs_html(rng, self.sentences, lead), summary=lead,
            )  # fmt: skip
            self._add(column, doc, when)
        self._interpretation(spec, rng, interp_column, doc, 1)

    def _topic_page(self, spec: DemoSite, rng: random.Random, home: HomePage) -> None:
        topic = self._exists(home, "zhuanti-wzjs")
        if topic is None:
            topic = TopicPage(
                title="政府网站与政务新媒体建设专题", slug="zhuanti-wzjs", show_in_menus=True,
                banner_text="建好管好用好政府网站", intro="<p>集中展示本市政府网站集约化建设的工作动态和经验做法。</p>",
            )  # fmt: skip
            self._add(home, topic, self.now - timedelta(days=60))
        for i in range(3):
            slug = f"zt-{i + 1:03d}"
            if self._exists(topic, slug):
                continue
            lead = f"{spec.city}政府网站集约化建设第{i + 1}阶段工作稳步推进。"
            page = ArticlePage(title=f"{spec.city}政府网站集约化建设工作综述（{i + 1}）", slug=slug,
                               body=texts.paragraphs_html(rng, self.sentences, lead), summary=lead)  # fmt: skip
            self._add(topic, page, self._recent(rng, 10 + i * 7))

    def _organisation(self, spec: DemoSite, column: ColumnPage) -> None:
        if self._exists(column, "jigou"):
            return
        units = "".join(f"<li>{u}</li>" for u in spec.units)
        page = OrganisationPage(
            title=f"{spec.sponsor}机构职能", slug="jigou", setup=f"<ul>{units}</ul>",
            duties="<p>负责本级政府网站的规划建设、内容保障和监督管理工作；负责政府信息公开、政策解读和互动交流的组织协调。</p>",
            address=f"{spec.city}行政中心（演示地址）", phone="0000-12345678",
            office_hours="工作日 9:00—12:00，13:30—17:30", postcode="000000",
        )  # fmt: skip
        self._add(column, page, self.now - timedelta(days=120))

    def _leaders(self, spec: DemoSite, column: ColumnPage) -> None:
        for index, (name, position) in enumerate(spec.leaders):
            slug = f"leader-{index + 1}"
            if self._exists(column, slug):
                continue
            page = LeaderPage(
                title=name, slug=slug, position=position, sort_order=index,
                resume=f"<p>{name}，男/女，汉族，大学学历（演示人物）。现任{spec.name}{position}。</p>",
                responsibilities=f"<p>负责{spec.city}政府全面工作中的有关事项（演示）。</p>",
            )  # fmt: skip
            self._add(column, page, self.now - timedelta(days=200))

    # -- relations -----------------------------------------------------------

    def _link_documents(self) -> None:
        for slug, targets in IMPLEMENTS.items():
            doc = self.documents.get(slug)
            wanted = [self.documents[t] for t in targets if t in self.documents]
            if doc is None or set(doc.implements.all()) >= set(wanted):
                continue
            doc.implements.add(*wanted)
            doc.save_revision().publish()
