"""What the search keeps in the database.

- the office's vocabulary: words (分词词表), synonyms (同义词) and best bets
  (推荐结果), read by every process through the shared cache and effective at
  the next query after a save (``lexicon``);
- the query and click logs, without personal data (no address, no cookie, no
  user): what was searched where, how many results, and which result was opened;
- the rebuilds of the index and, while one runs, the documents changed meanwhile;
- the PostgreSQL engine's table (``SearchEntry``) and its sample
  (``SearchSample``); unused on SQLite.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site


class WordKind(models.TextChoices):
    PLACE = "place", _("地名")
    UNIT = "unit", _("单位名称")
    POLICY = "policy", _("政策术语")
    COLLOQUIAL = "colloquial", _("俗称")
    OTHER = "other", _("其他")


class SearchWord(models.Model):
    """A word the segmentation keeps whole (一网通办, 不动产登记, a place name)."""

    word = models.CharField(_("词语"), max_length=30, unique=True)
    kind = models.CharField(
        _("类别"), max_length=20, choices=WordKind.choices, default=WordKind.OTHER
    )
    created_at = models.DateTimeField(_("添加时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("搜索词表词语")
        verbose_name_plural = _("搜索词表")
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word


class Synonym(models.Model):
    """Words that mean the same to a citizen (医保, 医疗保障); a query for any of
    them finds all. A group without a site holds in the whole cluster."""

    terms = models.CharField(
        _("同义词组"),
        max_length=300,
        help_text=_("用逗号或空格分隔，如：医保，医疗保障，医疗保险"),
    )
    site = models.ForeignKey(
        Site,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("适用站点"),
        help_text=_("留空则适用于全部站点。"),
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("同义词")
        verbose_name_plural = _("同义词")

    def __str__(self) -> str:
        return self.terms

    def term_list(self) -> list[str]:
        from .lexicon import split_terms

        return split_terms(self.terms)


class BestBet(models.Model):
    """A result shown first, above the engine's, for one query (推荐结果)."""

    query = models.CharField(_("搜索词"), max_length=100)
    site = models.ForeignKey(
        Site,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("适用站点"),
        help_text=_("留空则适用于全部站点。"),
    )
    page = models.ForeignKey(
        Page,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("页面"),
    )
    url = models.CharField(
        _("链接"), max_length=500, blank=True, help_text=_("不选页面时填写。")
    )
    title = models.CharField(_("标题"), max_length=200, blank=True)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("推荐结果")
        verbose_name_plural = _("推荐结果")
        ordering = ["query", "sort_order", "pk"]

    def __str__(self) -> str:
        return f"{self.query} → {self.title or self.url or self.page_id}"


class Scope(models.TextChoices):
    SITE = "site", _("本站")
    SUBTREE = "subtree", _("本站及下级站点")
    CLUSTER = "cluster", _("全部站点")


class QueryLog(models.Model):
    """One search as a citizen made it: no address, no cookie, no user."""

    query = models.CharField(_("搜索词"), max_length=100, db_index=True)
    site = models.ForeignKey(
        Site,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("站点"),
    )
    scope = models.CharField(_("范围"), max_length=10, choices=Scope.choices)
    results = models.PositiveIntegerField(_("结果数"))
    searched_on = models.DateField(_("日期"), db_index=True)

    class Meta:
        verbose_name = _("搜索记录")
        verbose_name_plural = _("搜索记录")
        indexes = [models.Index(fields=["site", "searched_on"])]

    def __str__(self) -> str:
        return self.query


class ClickLog(models.Model):
    """A result opened from the result list (through ``/search/go/``)."""

    query = models.CharField(_("搜索词"), max_length=100, db_index=True)
    site = models.ForeignKey(
        Site,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("站点"),
    )
    url = models.CharField(_("打开的链接"), max_length=500)
    position = models.PositiveSmallIntegerField(_("结果位置"))
    clicked_on = models.DateField(_("日期"), db_index=True)

    class Meta:
        verbose_name = _("搜索点击")
        verbose_name_plural = _("搜索点击")

    def __str__(self) -> str:
        return f"{self.query} → {self.url}"


class SearchRebuild(models.Model):
    """One full build of an engine's index (``jiyue search_reindex``): the index
    in use is the last finished one; an index whose build is not recorded here
    (a database loaded afresh) counts as not built."""

    engine = models.CharField(max_length=20)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    documents = models.PositiveIntegerField(default=0)
    # The words of the lexicon it was cut with (beyond jieba's dictionary), one
    # a line: a query need not look for them in pieces (ADR 0616).
    words = models.TextField(blank=True)

    class Meta:
        verbose_name = _("索引重建")
        verbose_name_plural = _("索引重建")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.engine} #{self.pk}"


class IndexChange(models.Model):
    """A document changed while a rebuild ran: replayed into the new index once
    it is swapped in, so that nothing published meanwhile is lost."""

    key = models.CharField(max_length=40)
    changed_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("索引变更")
        verbose_name_plural = _("索引变更")

    def __str__(self) -> str:
        return self.key


class SearchEntry(models.Model):
    """One document in the PostgreSQL engine (``engines/postgres_engine.py``).

    ``document`` holds the same pre-segmented tokens as the embedded engine, at
    their character offsets, weighted A (title), B (文号, 发布机构, 摘要…), D (text);
    a GIN index, or RUM where that extension is installed (migration 0002).
    ``generation`` is the build the row belongs to: a rebuild writes a new one
    beside the old and switches in one step."""

    generation = models.PositiveIntegerField()
    key = models.CharField(max_length=40)
    site_id = models.PositiveIntegerField()
    url = models.CharField(max_length=500)
    kind = models.CharField(max_length=40)
    column_kind = models.CharField(max_length=20, blank=True)
    column_title = models.CharField(max_length=255, blank=True)
    topic = models.CharField(max_length=120, blank=True)
    issuer = models.CharField(max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(null=True)
    validity = models.CharField(max_length=20, blank=True)
    date = models.DateTimeField(null=True)
    weight = models.FloatField(default=1.0)
    title = models.TextField()
    body = models.TextField(blank=True)
    doc_number = models.CharField(max_length=60, blank=True)
    index_no = models.CharField(max_length=60, blank=True)
    document = SearchVectorField(null=True)
    # The title's words alone: small enough to stay in the row, so that the
    # candidates to rank are chosen without reading ``document`` (0613).
    title_document = SearchVectorField(null=True)

    class Meta:
        verbose_name = _("搜索索引条目")
        verbose_name_plural = _("搜索索引条目")
        constraints = [
            models.UniqueConstraint(
                fields=["generation", "key"], name="search_entry_generation_key"
            )
        ]
        indexes = [models.Index(fields=["generation", "site_id"])]

    def __str__(self) -> str:
        return self.key


class SearchSample(models.Model):
    """The rows of ``SearchEntry`` in the sampled buckets (``sample`` < 2 of
    64, by key), copied by the database's own triggers on every insert, update
    and delete (migration 0005): what a query with very many matches is counted
    on. Its rows are few and narrow, so that counting reads few pages — the
    same rows read in the whole table lie on a page in two
    (docs/decisions/0618-postgresql-counts-a-sample-and-walks-for-the-page.md)."""

    id = models.BigIntegerField(primary_key=True)  # the SearchEntry's
    generation = models.PositiveIntegerField()
    site_id = models.PositiveIntegerField()
    column_kind = models.CharField(max_length=20, blank=True)
    topic = models.CharField(max_length=120, blank=True)
    issuer = models.CharField(max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(null=True)
    validity = models.CharField(max_length=20, blank=True)
    document = SearchVectorField(null=True)

    class Meta:
        verbose_name = _("搜索索引样本")
        verbose_name_plural = _("搜索索引样本")

    def __str__(self) -> str:
        return str(self.id)
