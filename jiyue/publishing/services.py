"""Writes: full and incremental publishing of sites (静态发布)."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from jiyue.cluster.sites import profile_for_site
from jiyue.content.models import ColumnPage

from . import qr_store, selectors, storage
from .manifest import Manifest, sha256
from .models import PublishState
from .render import (
    HASHED_RE,
    RENDITION_REF_RE,
    STATIC_REF_RE,
    PublicRenderer,
    Rendered,
    RenderError,
)
from .selectors import Change, Target
from .snapshot import SiteSnapshot

logger = logging.getLogger(__name__)
Progress = Callable[[int, int], None]


@dataclass
class PublishReport:
    host: str
    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)
    unchanged: int = 0


@dataclass
class _Run:
    """One publishing pass over one site's tree."""

    site: Site
    tree: Path
    manifest: Manifest
    renderer: PublicRenderer
    report: PublishReport
    fallback: Path | None = None  # the previous tree, for pages that fail
    snapshot: SiteSnapshot | None = None  # the pages to render, prefetched


def _site_code(site: Site) -> str:
    profile = profile_for_site(site)
    return profile.code if profile else ""


# --- state shown in the admin -------------------------------------------------


def _state(site: Site) -> PublishState:
    state, _created = PublishState.objects.get_or_create(site=site)
    return state


def _state_update(site: Site, **values) -> None:
    _state(site)
    PublishState.objects.filter(site=site).update(**values)


def _state_finish(site: Site, report: PublishReport, *, full: bool) -> None:
    qr_store.flush()  # the QR codes met in this run, for the next (0210)
    now = timezone.now()
    values: dict = {"failed_pages": report.failed, "running": False}
    values["last_full_at" if full else "last_incremental_at"] = now
    if report.failed:
        values.update(
            last_error=_("%(count)d 个页面发布失败，已保留其上一次成功发布的版本。")
            % {"count": len(report.failed)},
            last_error_at=now,
        )
    elif full:
        values["last_error"] = ""
    _state_update(site, **values)


def _state_error(site: Site, message: str) -> None:
    logger.error("%s: %s", site.hostname, message)
    _state_update(site, running=False, last_error=message, last_error_at=timezone.now())


# --- one target ---------------------------------------------------------------


def _write_assets(run: _Run, assets: dict[str, bytes]) -> None:
    for path, data in assets.items():
        target = run.tree / path
        if path in run.manifest.files and target.exists():
            continue
        if _current_bytes(target) != data:
            storage.atomic_write(target, data)
        run.manifest.put(path, data, None, None)


def _keep_last_good(run: _Run, path: str, target: Target, error: RenderError) -> None:
    run.report.failed.append({"url": target.url, "error": str(error)})
    logger.error(
        "%s%s: %s", run.site.hostname, target.url, _("页面渲染失败：%s") % error
    )
    if run.fallback is None:
        return
    previous = run.fallback / path
    if previous.exists() and previous != run.tree / path:
        data = previous.read_bytes()
        assets = _previous_assets(run, data)
        storage.store_object(run.tree.parent, sha256(data), data)
        storage.atomic_write(run.tree / path, data)
        run.manifest.put(path, data, target.page_id, target.revision_id, assets)


def _previous_assets(run: _Run, data: bytes) -> list[str]:
    """The hashed static files and the renditions the last good version refers
    to, kept beside it."""
    assets = {}
    for match in STATIC_REF_RE.finditer(data):
        path = "static/" + match["path"].decode()
        source = run.fallback / path
        if HASHED_RE.search(path) and source.is_file():
            assets[path] = source.read_bytes()
    for match in RENDITION_REF_RE.finditer(data):
        path = "media/" + unquote(match["path"].decode())
        source = run.fallback / path
        if ".." not in path and source.is_file():
            assets[path] = source.read_bytes()
    _write_assets(run, assets)
    return sorted(assets)


def _current_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _render(run: _Run, target: Target):
    snapshot = run.snapshot
    page = snapshot.page(target.page_id) if snapshot else None
    if page is None or target.url.endswith("/feed.xml"):
        return run.renderer.render(run.site, target.url)
    return run.renderer.render_page(
        run.site,
        page,
        selectors.page_url(run.site, page),
        target.url,
        root_paths=snapshot.root_paths,
    )


def _record(run: _Run, path: str, target: Target, rendered: Rendered) -> None:
    run.manifest.put(
        path, rendered.content, target.page_id, target.revision_id, rendered.assets
    )


def publish_target(run: _Run, target: Target) -> None:
    """Renders one URL and writes it when its bytes differ from the file's."""
    path = storage.file_path_for_url(target.url)
    try:
        rendered = _render(run, target)
    except RenderError as error:
        _keep_last_good(run, path, target, error)
        return
    _write_assets(run, rendered.assets)
    destination = run.tree / path
    digest = sha256(rendered.content)
    storage.store_object(run.tree.parent, digest, rendered.content)
    entry = run.manifest.files.get(path)
    if _current_bytes(destination) == rendered.content:
        run.report.unchanged += 1
        if entry is None or entry["sha256"] != digest or "assets" not in entry:
            _record(run, path, target, rendered)
        return
    storage.atomic_write(destination, rendered.content)
    _record(run, path, target, rendered)
    run.report.written.append(path)


# --- full rebuild -------------------------------------------------------------


def publish_site(
    site: Site,
    *,
    progress: Progress | None = None,
    renderer: PublicRenderer | None = None,
) -> PublishReport:
    """Builds a new tree for ``site`` beside the old one and switches to it."""
    host = site.hostname
    with storage.site_lock(host):
        try:
            return _build_and_switch(site, progress, renderer or PublicRenderer())
        except storage.PublishWriteError as error:
            _state_error(site, error.strerror or str(error))
            raise


def _build_and_switch(
    site: Site, progress: Progress | None, renderer: PublicRenderer
) -> PublishReport:
    host = site.hostname
    old_version = storage.current_version(host)
    version = storage.build_version(host)
    storage.remove_stale_versions(host, spare=version)
    run = _Run(
        site=site,
        tree=storage.tree_dir(version),
        manifest=Manifest(host=host, site_code=_site_code(site)),
        renderer=renderer,
        report=PublishReport(host=host),
        fallback=storage.tree_dir(old_version) if old_version else None,
        snapshot=SiteSnapshot.of_site(site),
    )
    try:
        targets = selectors.targets_for(site, run.snapshot.pages)
        _render_all(run, targets, progress)
        run.report.deleted = storage.prune_tree(run.tree, set(run.manifest.files))
        storage.prune_objects(version, run.manifest.digests())
        run.manifest.save(version)
        storage.switch_to(host, version)
    except BaseException:
        shutil.rmtree(version, ignore_errors=True)
        raise
    storage.remove_stale_versions(host)
    _state_finish(site, run.report, full=True)
    return run.report


def _render_all(run: _Run, targets: list[Target], progress: Progress | None) -> None:
    total = len(targets)
    _state_update(
        run.site, running=True, progress_done=0, progress_total=total, failed_pages=[]
    )
    for done, target in enumerate(targets, start=1):
        publish_target(run, target)
        if progress:
            progress(done, total)
        if done % 50 == 0 or done == total:
            _state_update(run.site, progress_done=done)


def publish_all() -> list[PublishReport]:
    """Rebuilds every site (over several processes when there are several)."""
    from .parallel import publish_sites

    return [report for _site, report in publish_sites(selectors.all_sites())]


# --- incremental --------------------------------------------------------------


def _previous_revision_lookup(manifests: dict[int, Manifest]):
    def lookup(page_id: int) -> int | None:
        for manifest in manifests.values():
            revision = manifest.revision_of(page_id)
            if revision is not None:
                return revision
        return None

    return lookup


def _load_manifest(site: Site) -> Manifest:
    version = storage.current_version(site.hostname)
    return Manifest.load(version, site.hostname, _site_code(site))


def publish_change(change: Change) -> list[PublishReport]:
    """Re-renders exactly what ``change`` touches, on every site it touches."""
    sites = {site.pk: site for site in Site.objects.select_related("root_page")}
    manifests = {pk: _load_manifest(sites[pk]) for pk in change.sites if pk in sites}
    affected = selectors.affected_by(change, _previous_revision_lookup(manifests))
    every_id = set(change.changed).union(*affected.pages.values())
    renderer = PublicRenderer()
    reports = []
    for site_id in sorted(affected.sites | set(affected.pages)):
        if site_id not in sites:
            continue
        site = sites[site_id]
        pages = affected.pages.get(site_id, set())
        full = site_id in affected.full
        reports.append(
            _sync_site(
                site, pages, every_id, full=full, renderer=renderer, change=change
            )
        )
    return reports


def _sync_site(
    site: Site,
    page_ids: set[int],
    every_id: set[int],
    *,
    full: bool,
    renderer,
    change: Change | None = None,
) -> PublishReport:
    host = site.hostname
    if storage.current_version(host) is None:
        return PublishReport(host=host)  # never published: first publish is full
    with storage.site_lock(host):
        try:
            return _sync_in_place(site, page_ids, every_id, full, renderer, change)
        except storage.PublishWriteError as error:
            _state_error(site, error.strerror or str(error))
            raise


def _incremental_snapshot(site: Site, page_ids: set[int], full: bool) -> SiteSnapshot:
    if full:
        return SiteSnapshot.of_site(site)
    pages = (
        Page.objects.filter(pk__in=page_ids)
        .descendant_of(site.root_page, inclusive=True)
        .live()
        .public()
        .order_by("path")
        .specific()
    )
    return SiteSnapshot(site, pages)


def _sync_in_place(
    site: Site,
    page_ids: set[int],
    every_id: set[int],
    full: bool,
    renderer,
    change: Change | None = None,
) -> PublishReport:
    version = storage.current_version(site.hostname)
    manifest = Manifest.load(version, site.hostname, _site_code(site))
    run = _Run(
        site=site,
        tree=storage.tree_dir(version),
        manifest=manifest,
        renderer=renderer,
        report=PublishReport(host=site.hostname),
        fallback=storage.tree_dir(version),
        snapshot=_incremental_snapshot(site, page_ids, full),
    )
    targets = selectors.targets_for(site, run.snapshot.pages)
    wanted = {storage.file_path_for_url(t.url) for t in targets}
    if change is not None and not full:
        targets = _without_unchanged_list_pages(run, targets, change)
    for target in targets:
        publish_target(run, target)
    _remove_gone(run, wanted, every_id, full)
    _remove_superseded_assets(run)
    manifest.save(version)
    _state_finish(site, run.report, full=False)
    return run.report


def _without_unchanged_list_pages(
    run: _Run, targets: list[Target], change: Change
) -> list[Target]:
    """Leaves out a column's list pages that cannot have changed: when every page
    of ``change`` under the column is an item republished where it was (same URL
    in the manifest, so the same ``first_published_at`` and the same place in the
    list), only the list pages showing those items differ
    (docs/decisions/0211-list-pages-of-a-republished-item.md)."""
    snapshot = run.snapshot
    changed = [snapshot.page(pk) for pk in change.changed]
    if None in changed:  # unpublished, deleted or restricted: the lists shift
        return targets
    touched = change.changed | change.context
    skip: set[str] = set()
    for column in snapshot.pages:
        if not isinstance(column, ColumnPage) or column.pk in touched:
            continue
        paginator = column.paginator()
        numbers = _list_pages_showing(run, column, paginator.per_page, changed)
        if not numbers:
            continue
        url = selectors.page_url(run.site, column)
        for number in range(1, paginator.num_pages + 1):
            if number not in numbers:
                skip.add(url if number == 1 else f"{url}page/{number}/")
    return [target for target in targets if target.url not in skip]


def _list_pages_showing(
    run: _Run, column: ColumnPage, per_page: int, changed: list[Page]
) -> set[int] | None:
    """The numbers of ``column``'s list pages showing the ``changed`` pages under
    it, or ``None`` (all of them) unless each is an item republished in place."""
    items = getattr(column, "jiyue_prefetched", {}).get("live_items")
    if items is None:  # not in the snapshot: the column asks the database itself
        return None
    under = [page for page in changed if page.path.startswith(column.path)]
    if not under:
        return None
    position = {pk: index for index, pk in enumerate(items.pks)}
    numbers = set()
    for page in under:
        if page.pk not in position or not _published_in_place(run, page):
            return None
        numbers.add(position[page.pk] // per_page + 1)
    return numbers


def _published_in_place(run: _Run, page: Page) -> bool:
    path = storage.file_path_for_url(selectors.page_url(run.site, page))
    entry = run.manifest.files.get(path)
    return entry is not None and entry.get("page_id") == page.pk


def _remove_superseded_assets(run: _Run) -> None:
    """Hashed static files that no published file refers to any more (a changed
    stylesheet, once every page has been rewritten with its new name)."""
    for path in sorted(run.manifest.unreferenced_assets()):
        storage.remove_file(run.tree / path)
        run.manifest.files.pop(path, None)
        run.report.deleted.append(path)


def _remove_gone(run: _Run, wanted: set[str], every_id: set[int], full: bool) -> None:
    if full:
        candidates = {
            p for p, e in run.manifest.files.items() if e.get("page_id") is not None
        }
    else:
        candidates = run.manifest.owned_by(every_id)
    for path in sorted(candidates - wanted):
        storage.remove_file(run.tree / path)
        run.manifest.files.pop(path, None)
        run.report.deleted.append(path)


# --- view restrictions ----------------------------------------------------------


def withdraw_restricted(page_id: int) -> list[str]:
    """Deletes at once the files of ``page_id`` and its subtree that are no longer
    public (a view restriction), unless a run holds the site's tree: the queued
    incremental run, which follows, removes them and rewrites the lists."""
    page = Page.objects.filter(pk=page_id).first()
    site = selectors.site_of(page) if page else None
    if site is None or storage.current_version(site.hostname) is None:
        return []
    subtree = Page.objects.descendant_of(page, inclusive=True)
    hidden = set(subtree.values_list("pk", flat=True)) - set(
        subtree.public().values_list("pk", flat=True)
    )
    if not hidden:
        return []
    with storage.site_lock(site.hostname, wait=False) as locked:
        if not locked:
            return []
        version = storage.current_version(site.hostname)
        manifest = Manifest.load(version, site.hostname, _site_code(site))
        paths = sorted(manifest.owned_by(hidden))
        for path in paths:
            storage.remove_file(storage.tree_dir(version) / path)
            manifest.files.pop(path, None)
        manifest.save(version)
    return paths
