"""What is searchable, as engine-neutral documents.

Every live, public page of the content model except home pages and columns
(columns are answered by name, ``answers.py``): 信息, 政策文件 with their metadata,
解读, 机构职能, 负责人, 专题, and the pages of the 互动交流 channels; pages of a
closed site are left out. Besides pages, the replies to citizens that are
published (``jiyue.interaction.selectors.published_messages``).

A document's key says where it comes from: ``page:<id>`` or
``message:<site id>:<id>``; ``document_for(key)`` gives its current state (None:
it must leave the index).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, time
from functools import lru_cache
from operator import attrgetter

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.options import Options
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from selectolax.lexbor import LexborHTMLParser
from wagtail import hooks
from wagtail.fields import RichTextField
from wagtail.models import Page, Site

from jiyue.cluster.models import SiteProfile
from jiyue.content.models import ColumnKind, ColumnPage, HomePage, Validity

from .segment import normalize_doc_number

BATCH = 500
# Replies are served by the public application only (the worker indexes them).
PUBLIC_URLCONF = "jiyue.urls_public"
REPEALED = {Validity.REPEALED.value, Validity.EXPIRED.value}
CURRENT_WEIGHT = 2  # the largest ``IndexDoc.weight``
# Metadata searched with a higher weight than the text (and shown on cards).
META_FIELDS = (
    "doc_number",
    "index_no",
    "issuer",
    "subject_words",
    "keywords",
    "summary",
    "author_unit",
    "source_name",
    "author",
    "position",
)
SKIP_FIELDS = {"slug", "seo_title", "search_description", "draft_title", "url_path"}
KIND_LABELS = {
    "article": _("信息"),
    "guide": _("办事指南"),
    "policy": _("政策文件"),
    "interpretation": _("解读"),
    "organisation": _("机构职能"),
    "leader": _("领导信息"),
    "topic": _("专题"),
    "reply": _("互动答复"),
}
MODEL_KINDS = {
    "content.articlepage": "article",
    "content.policydocumentpage": "policy",
    "content.interpretationpage": "interpretation",
    "content.organisationpage": "organisation",
    "content.leaderpage": "leader",
    "content.topicpage": "topic",
    "services.serviceguidepage": "guide",
}


@dataclass
class IndexDoc:
    """One searchable thing, as every engine indexes it."""

    key: str
    site_id: int
    url: str  # path on its site's host
    title: str
    body: str = ""
    meta: str = ""
    kind: str = "article"
    kind_label: str = ""
    column_kind: str = ""
    column_title: str = ""
    topic: str = ""
    issuer: str = ""
    validity: str = ""
    date: datetime | None = None
    doc_number: str = ""
    index_no: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def year(self) -> int | None:
        return timezone.localtime(self.date).year if self.date else None

    @property
    def weight(self) -> int:
        """Repealed and expired documents come after current ones (``weight`` is
        the engine's multiplier, as GOV.UK ranks historic pages down)."""
        return 0 if self.validity in REPEALED else CURRENT_WEIGHT


def plain_text(value: str) -> str:
    if not value or "<" not in value:
        return value or ""
    return LexborHTMLParser(value).text(separator="\n")


class Places:
    """Where pages are: each site's root and each live column, loaded once."""

    def __init__(self) -> None:
        closed = set(
            SiteProfile.objects.filter(closed_at__isnull=False).values_list(
                "site_id", flat=True
            )
        )
        sites = Site.objects.select_related("root_page").exclude(pk__in=closed)
        self.roots = sorted(
            ((s.root_page.path, s.root_page.url_path, s) for s in sites),
            key=lambda item: -len(item[0]),
        )
        self.columns = {
            path: (title, kind)
            for path, title, kind in ColumnPage.objects.live().values_list(
                "path", "title", "kind"
            )
        }

    def site_of(self, page: Page) -> tuple[Site, str] | None:
        for root_path, root_url_path, site in self.roots:
            if page.path.startswith(root_path):
                return site, "/" + page.url_path[len(root_url_path) :]
        return None

    def column_of(self, page: Page) -> tuple[str, str]:
        for end in range(len(page.path) - Page.steplen, 0, -Page.steplen):
            found = self.columns.get(page.path[:end])
            if found:
                return found
        return "", ""


def _text_fields(page: Page) -> tuple[list[str], list[str]]:
    meta, body = [], []
    for name, rich, is_meta in _searched_fields(type(page)):
        value = getattr(page, name, "") or ""
        if rich:
            value = plain_text(value)
        (meta if is_meta else body).append(value)
    return meta, body


@lru_cache(maxsize=256)
def _searched_fields(model: type[Page]) -> tuple[tuple[str, bool, bool], ...]:
    """A page type's own text fields: (name, rich text?, metadata?), in the
    model's order (looked up once per type, not per page)."""
    return tuple(
        (field.name, isinstance(field, RichTextField), field.name in META_FIELDS)
        for field in model._meta.concrete_fields
        if not (
            field.model is Page
            or field.name in SKIP_FIELDS
            or field.choices
            or isinstance(field, models.URLField)
            or not isinstance(field, models.CharField | models.TextField)
        )
    )


def _kind(page: Page, column_kind: str) -> tuple[str, str]:
    label_lower = page._meta.label_lower
    kind = MODEL_KINDS.get(label_lower)
    if kind == "article" and column_kind == ColumnKind.SERVICE:
        kind = "guide"
    if kind is None:
        return label_lower, str(page._meta.verbose_name)
    return kind, label_of_kind(kind)


def label_of_kind(kind: str) -> str:
    """``KIND_LABELS[kind]`` in the active language (translated once per
    language: a rebuild asks for it once per document)."""
    return _kind_labels(get_language())[kind]


@lru_cache(maxsize=8)
def _kind_labels(language: str | None) -> dict[str, str]:
    return {kind: str(label) for kind, label in KIND_LABELS.items()}


def _publish_moment(page: Page) -> datetime | None:
    published_on = getattr(page, "published_on", None)
    if published_on:
        return timezone.make_aware(datetime.combine(published_on, time(12)))
    return page.first_published_at


def page_document(
    page: Page, places: Places, topics: dict[int, str]
) -> IndexDoc | None:
    located = places.site_of(page)
    if located is None:
        return None
    site, url = located
    column_title, column_kind = places.column_of(page)
    kind, kind_label = _kind(page, column_kind)
    meta, body = _text_fields(page)
    topic_id = getattr(page, "topic_id", None)
    return IndexDoc(
        key=f"page:{page.pk}",
        site_id=site.pk,
        url=url,
        title=page.title,
        body="\n".join(v for v in body if v),
        meta="\n".join(v for v in meta if v),
        kind=kind,
        kind_label=kind_label,
        column_kind=column_kind,
        column_title=column_title,
        topic=topics.get(topic_id, "") if topic_id else "",
        issuer=getattr(page, "issuer", "") or "",
        validity=getattr(page, "validity", "") or "",
        date=_publish_moment(page),
        doc_number=normalize_doc_number(getattr(page, "doc_number", "") or ""),
        index_no=(getattr(page, "index_no", "") or "").lower(),
    )


def topic_names() -> dict[int, str]:
    from jiyue.content.models import TopicCategory

    return {t.pk: str(t) for t in TopicCategory.objects.select_related("parent")}


#: Page types that another app shows elsewhere and that must not be found twice
#: (a repost by reference, jiyue.linkage): ``() -> [model, ...]`` functions.
UNSEARCHABLE_HOOK = "jiyue_unsearchable_page_types"


def indexable_pages():
    left_out = [HomePage, ColumnPage]
    for page_types in hooks.get_hooks(UNSEARCHABLE_HOOK):
        left_out += page_types()
    return Page.objects.live().public().filter(depth__gt=1).not_type(*left_out)


def page_documents(*, site: Site | None = None) -> Iterator[IndexDoc]:
    """Every indexable page (of ``site``), in batches of ``BATCH`` ids, each
    batch in the order of the pages' paths (as Wagtail's page manager gives
    them: the documents' order in a tantivy index breaks ties)."""
    places, topics = Places(), topic_names()
    pages = indexable_pages()
    if site is not None:
        pages = pages.filter(path__startswith=site.root_page.path)
    ids = list(pages.order_by("pk").values_list("pk", "content_type_id"))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        for row in sorted(_page_rows(batch), key=attrgetter("path")):
            doc = page_document(row, places, topics)
            if doc is not None:
                yield doc


#: What ``page_document`` reads of a page besides its text fields.
PAGE_COLUMNS = ("path", "url_path", "title", "first_published_at")
OPTIONAL_COLUMNS = ("published_on", "issuer", "validity", "doc_number", "index_no")


class PageRow:
    """A page's columns as ``page_document`` reads them, from ``.values()``
    (a rebuild makes no model instance: they were a third of reading a page;
    docs/decisions/0615-reindex-cheaper-per-token-work.md). Each page type has
    its subclass, whose ``_meta`` is the model's."""

    _meta: Options
    pk: int


@lru_cache(maxsize=256)
def _row_type(model: type[Page]) -> tuple[type[PageRow], tuple[str, ...]]:
    names = {field.name for field in model._meta.concrete_fields}
    columns = (
        "pk",
        *PAGE_COLUMNS,
        *(name for name, _rich, _meta in _searched_fields(model)),
        *(name for name in OPTIONAL_COLUMNS if name in names),
        *(("topic_id",) if "topic" in names else ()),
    )
    row_type = type(f"{model.__name__}Row", (PageRow,), {"_meta": model._meta})
    return row_type, tuple(dict.fromkeys(columns))


def _page_rows(batch: list[tuple[int, int]]) -> list[PageRow]:
    """The pages of ``batch`` ((id, content type)), one query per page type."""
    by_type: dict[int, list[int]] = {}
    for pk, content_type in batch:
        by_type.setdefault(content_type, []).append(pk)
    rows = []
    for content_type, pks in by_type.items():
        model = ContentType.objects.get_for_id(content_type).model_class() or Page
        row_type, columns = _row_type(model)
        for values in model._default_manager.filter(pk__in=pks).values(*columns):
            row = row_type()
            row.__dict__.update(values)
            rows.append(row)
    return rows


# -- replies to citizens (互动答复) ---------------------------------------------


def _message_document(message, site: Site) -> IndexDoc:
    body = "\n".join(v for v in (message.public_content, message.public_reply) if v)
    return IndexDoc(
        key=f"message:{site.pk}:{message.pk}",
        site_id=site.pk,
        url=reverse(
            "interaction:reply", args=[message.tracking_no], urlconf=PUBLIC_URLCONF
        ),
        title=message.public_subject,
        body=body,
        meta="\n".join(
            v for v in (message.mailbox.title, message.reply_unit_name) if v
        ),
        kind="reply",
        kind_label=label_of_kind("reply"),
        column_kind=ColumnKind.INTERACTION.value,
        column_title=message.mailbox.title,
        date=message.published_at or message.replied_at,
    )


def message_documents(*, site: Site | None = None) -> Iterator[IndexDoc]:
    from jiyue.interaction.selectors import published_messages

    places = Places()
    for _path, _url, each in places.roots:
        if site is not None and each.pk != site.pk:
            continue
        messages = published_messages(site=each).select_related("mailbox")
        for message in messages.iterator(chunk_size=BATCH):
            if message.public_subject:
                yield _message_document(message, each)


def all_documents(*, site: Site | None = None) -> Iterator[IndexDoc]:
    yield from page_documents(site=site)
    yield from message_documents(site=site)


def count_documents() -> int:
    """About how many documents a full build indexes (for the progress bar)."""
    from jiyue.interaction.selectors import published_messages

    messages = sum(published_messages(site=s).count() for s in Site.objects.only("pk"))
    return indexable_pages().count() + messages


def document_for(
    key: str, *, places: Places | None = None, topics: dict[int, str] | None = None
) -> IndexDoc | None:
    """``key``'s document as it is now, or None if it is not searchable."""
    kind, _sep, rest = key.partition(":")
    if kind == "page" and rest.isdigit():
        page = indexable_pages().filter(pk=int(rest)).specific().first()
        if page is None:
            return None
        return page_document(page, places or Places(), topics or topic_names())
    if kind == "message":
        return _message_for(rest)
    return None


def _message_for(rest: str) -> IndexDoc | None:
    from jiyue.interaction.selectors import published_messages

    site_id, _sep, pk = rest.partition(":")
    if not (site_id.isdigit() and pk.isdigit()):
        return None
    site = Site.objects.filter(pk=int(site_id)).first()
    if site is None:
        return None
    message = (
        published_messages(site=site)
        .select_related("mailbox")
        .filter(pk=int(pk))
        .first()
    )
    if message is None or not message.public_subject:
        return None
    return _message_document(message, site)
