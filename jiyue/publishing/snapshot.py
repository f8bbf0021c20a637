"""What the pages of a site ask the database, asked once per publishing run.

Rendering a page dynamically asks for the site's profile and navigation, the
page's ancestors (breadcrumbs), its column, a column's items and subcolumns, a
policy document's relations: 10–15 queries per page. A publishing run renders
hundreds of pages of the same site, so :class:`SiteSnapshot` asks each question
once for all of them and puts the answers on the page instances
(``page.jiyue_prefetched``, read by ``jiyue.content.models.base.prefetched``).
Every answer is what the page's own method would return, in the same order; where
the order is not total (ties in a date), the answer is left out and the page asks
the database itself (docs/decisions/0205-bulk-rendering.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from django.db.models import prefetch_related_objects
from wagtail import hooks
from wagtail.models import Page, Site

from jiyue.content.models import (
    ColumnPage,
    InterpretationPage,
    ItemPage,
    PolicyAttachment,
    PolicyDocumentPage,
)
from jiyue.content.templatetags.jiyue_public import site_context_for

STEP = Page.steplen
PREFETCH_HOOK = "jiyue_snapshot_prefetch"


def _ancestor_paths(path: str, top: int) -> list[str]:
    """Paths of the ancestors of ``path`` from length ``top`` down, root first."""
    return [path[:end] for end in range(top, len(path), STEP)]


def _order_is_total(items: list, key: Callable) -> bool:
    """Whether sorting ``items`` by ``key`` leaves nothing to the database's whim."""
    keys = [key(item) for item in items]
    return None not in keys and len(set(keys)) == len(keys)


class ListedItems(Sequence):
    """A column's live items in list order, as a sequence a ``Paginator`` slices.

    The ids come from one query; the pages are looked up (or loaded) only for the
    slice a list page shows: an incremental run renders one list page of a column
    that may hold thousands of items (docs/decisions/0211)."""

    def __init__(self, pks: list[int], objects: Callable[[list[int]], dict]) -> None:
        self.pks = pks
        self._objects = objects

    def __len__(self) -> int:
        return len(self.pks)

    def __getitem__(self, index):
        if isinstance(index, slice):
            wanted = self.pks[index]
            found = self._objects(wanted)
            return [found[pk] for pk in wanted if pk in found]
        pk = self.pks[index]
        return self._objects([pk])[pk]


class SiteSnapshot:
    """The answers for ``pages`` (specific instances, all of one site)."""

    def __init__(self, site: Site, pages: Iterable[Page], *, complete: bool = False):
        self.site = site
        self.pages = list(pages)
        self.by_id: dict[int, Page] = {page.pk: page for page in self.pages}
        self.complete = complete  # ``pages`` are all live, public pages of the site
        self.context = site_context_for(site)
        self.root_paths = self._relevant_root_paths(site)
        root = site.root_page
        self.columns = {
            column.path: column
            for column in ColumnPage.objects.descendant_of(root, inclusive=True).live()
        }
        for page in self.pages:
            page.jiyue_prefetched = {"site_context": self.context}
        self._prefetch_ancestors()
        self._prefetch_columns()
        self._prefetch_policy()
        self._prefetch_from_other_apps()

    @staticmethod
    def _relevant_root_paths(site: Site) -> list:
        """The site root paths Wagtail looks through for each URL of this site's
        pages: those above or inside the site's root (the others cannot match),
        in Wagtail's order. With 100 sites, Wagtail would scan 100 for every link."""
        root = site.root_page.url_path
        return [
            srp
            for srp in Site.get_site_root_paths()
            if root.startswith(srp.root_path) or srp.root_path.startswith(root)
        ]

    @classmethod
    def of_site(cls, site: Site) -> SiteSnapshot:
        from .selectors import site_pages

        return cls(site, site_pages(site), complete=True)

    def page(self, page_id: int | None) -> Page | None:
        return self.by_id.get(page_id) if page_id is not None else None

    def _prefetch_from_other_apps(self) -> None:
        """What other apps' template tags read, asked once per site: each
        ``jiyue_snapshot_prefetch`` hook answers ``(site, pages)`` with
        ``{key: {page id: value}}`` (看过此文的人还看了: jiyue.analytics)."""
        for prefetch in hooks.get_hooks(PREFETCH_HOOK):
            for key, values in prefetch(self.site, self.pages).items():
                for page in self.pages:
                    page.jiyue_prefetched[key] = values.get(page.pk, [])

    # --- tree -------------------------------------------------------------

    def _prefetch_ancestors(self) -> None:
        top = len(self.site.root_page.path)
        by_path = {page.path: page for page in self.pages}
        wanted = {p for page in self.pages for p in _ancestor_paths(page.path, top)}
        missing = wanted - set(by_path)
        if missing:
            by_path.update(
                (page.path, page)
                for page in Page.objects.filter(path__in=missing).specific()
            )
        for page in self.pages:
            ancestors = [by_path[p] for p in _ancestor_paths(page.path, top)]
            page.jiyue_prefetched["ancestors"] = ancestors
            if isinstance(page, ItemPage):
                page.jiyue_prefetched["column"] = self._column_of(page)

    def _column_of(self, page: Page) -> ColumnPage | None:
        for path in reversed(_ancestor_paths(page.path, STEP)):
            if path in self.columns:
                return self.columns[path]
        return None

    def _prefetch_columns(self) -> None:
        rendered = [p for p in self.pages if isinstance(p, ColumnPage)]
        if not rendered:
            return
        children: dict[str, list[ColumnPage]] = defaultdict(list)
        for path, column in self.columns.items():  # tree order
            children[path[:-STEP]].append(column)
        items = self._items_of(rendered)
        for column in rendered:
            column.jiyue_prefetched["subcolumns"] = children.get(column.path, [])
            column.jiyue_prefetched["live_items"] = items[column.path]

    def _items_of(self, columns: list[ColumnPage]) -> dict[str, ListedItems]:
        """Each column's live items, newest first, as ``live_items`` orders them."""
        from jiyue.content.models.column import live_items

        wanted = {column.path for column in columns}
        rows = (
            live_items(self.site.root_page)
            .values_list("pk", "path")
            .order_by("-first_published_at", "-pk")
        )
        if not self.complete:
            rows = rows.filter(pk__in=self._descendant_ids(columns))
        pks: dict[str, list[int]] = {path: [] for path in wanted}
        for pk, path in rows:
            for ancestor in _ancestor_paths(path, STEP):
                if ancestor in wanted:
                    pks[ancestor].append(pk)
        return {path: ListedItems(ids, self._objects) for path, ids in pks.items()}

    def _descendant_ids(self, columns: list[ColumnPage]):
        query = Page.objects.none()
        for column in columns:
            query |= Page.objects.descendant_of(column)
        return query.values("pk")

    def _objects(self, ids: list[int]) -> dict[int, Page]:
        found = {pk: self.by_id[pk] for pk in ids if pk in self.by_id}
        missing = [pk for pk in ids if pk not in found]
        if missing:
            # Items only listed (title, URL, date): their own fields are not read.
            found.update(
                (page.pk, page)
                for page in Page.objects.filter(pk__in=missing).specific(defer=True)
            )
        return found

    # --- policy documents and interpretations -------------------------------

    def _prefetch_policy(self) -> None:
        docs = [p for p in self.pages if isinstance(p, PolicyDocumentPage)]
        interpretations = [p for p in self.pages if isinstance(p, InterpretationPage)]
        if docs:
            self._prefetch_documents(docs)
        if interpretations:
            self._prefetch_interpretations(interpretations)

    def _prefetch_documents(self, docs: list[PolicyDocumentPage]) -> None:
        ids = [doc.pk for doc in docs]
        prefetch_related_objects(docs, "topic")
        implements = PolicyDocumentPage.implements.through.objects
        relations = {
            "live_interpretations": (
                InterpretationPage.interprets.through.objects.filter(
                    policydocumentpage_id__in=ids
                ).values_list("policydocumentpage_id", "interpretationpage_id"),
                InterpretationPage,
                lambda page: page.first_published_at,
            ),
            "live_implements": (
                implements.filter(from_policydocumentpage_id__in=ids).values_list(
                    "from_policydocumentpage_id", "to_policydocumentpage_id"
                ),
                PolicyDocumentPage,
                lambda page: page.published_on,
            ),
            "live_implementing": (
                implements.filter(to_policydocumentpage_id__in=ids).values_list(
                    "to_policydocumentpage_id", "from_policydocumentpage_id"
                ),
                PolicyDocumentPage,
                lambda page: page.published_on,
            ),
        }
        for key, (pairs, model, order) in relations.items():
            self._prefetch_relation(docs, key, list(pairs), model, order)
        self._prefetch_attachments(docs, ids)

    def _prefetch_relation(self, owners, key, pairs, model, order) -> None:
        """``owner.<key>()``: the live related pages, newest first by ``order``."""
        related = {
            page.pk: page
            for page in model.objects.filter(pk__in={pk for _o, pk in pairs}).live()
        }
        grouped: dict[int, list] = defaultdict(list)
        for owner_id, pk in pairs:
            if pk in related:
                grouped[owner_id].append(related[pk])
        for owner in owners:
            pages = grouped.get(owner.pk, [])
            if _order_is_total(pages, order):
                pages.sort(key=order, reverse=True)
                owner.jiyue_prefetched[key] = pages

    def _prefetch_attachments(self, docs: list[PolicyDocumentPage], ids) -> None:
        grouped: dict[int, list] = defaultdict(list)
        for attachment in (
            PolicyAttachment.objects.filter(page_id__in=ids)
            .order_by("sort_order", "pk")
            .select_related("document")
        ):
            grouped[attachment.page_id].append(attachment)
        for doc in docs:
            attachments = grouped.get(doc.pk, [])
            if _order_is_total(attachments, lambda a: a.sort_order):
                doc.jiyue_prefetched["attachments"] = attachments

    def _prefetch_interpretations(self, pages: list[InterpretationPage]) -> None:
        pairs = InterpretationPage.interprets.through.objects.filter(
            interpretationpage_id__in=[page.pk for page in pages]
        ).values_list("interpretationpage_id", "policydocumentpage_id")
        related = {
            doc.pk: doc
            for doc in PolicyDocumentPage.objects.filter(
                pk__in={pk for _o, pk in pairs}
            ).live()
        }
        grouped: dict[int, list] = defaultdict(list)
        for owner_id, pk in pairs:
            if pk in related:
                grouped[owner_id].append(related[pk])
        for page in pages:
            docs = grouped.get(page.pk, [])
            docs.sort(key=lambda doc: doc.path)  # the default order: the tree's
            page.jiyue_prefetched["live_documents"] = docs
