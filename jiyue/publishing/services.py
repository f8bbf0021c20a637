"""Writes: full and incremental publishing of sites (静态发布)."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from jiyue.cluster.sites import profile_for_site

from . import selectors, storage
from .manifest import Manifest, sha256
from .models import PublishState
from .render import PublicRenderer, RenderError
from .selectors import Change, Target

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
        storage.store_object(run.tree.parent, sha256(data), data)
        storage.atomic_write(run.tree / path, data)
        run.manifest.put(path, data, target.page_id, target.revision_id)


def _current_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def publish_target(run: _Run, target: Target) -> None:
    """Renders one URL and writes it when its bytes differ from the file's."""
    path = storage.file_path_for_url(target.url)
    try:
        rendered = run.renderer.render(run.site, target.url)
    except RenderError as error:
        _keep_last_good(run, path, target, error)
        return
    _write_assets(run, rendered.assets)
    destination = run.tree / path
    entry = run.manifest.files.get(path)
    if (
        entry
        and entry["sha256"] == sha256(rendered.content)
        and _current_bytes(destination) == rendered.content
    ):
        run.report.unchanged += 1
        return
    storage.store_object(run.tree.parent, sha256(rendered.content), rendered.content)
    storage.atomic_write(destination, rendered.content)
    run.manifest.put(path, rendered.content, target.page_id, target.revision_id)
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
    storage.remove_stale_versions(host)
    old_version = storage.current_version(host)
    version = storage.new_version(host)
    run = _Run(
        site=site,
        tree=storage.tree_dir(version),
        manifest=Manifest(host=host, site_code=_site_code(site)),
        renderer=renderer,
        report=PublishReport(host=host),
        fallback=storage.tree_dir(old_version) if old_version else None,
    )
    try:
        _render_all(run, selectors.site_targets(site), progress)
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


def publish_all(*, progress_for: Callable[[Site], Progress | None] | None = None):
    renderer = PublicRenderer()
    reports = []
    for site in selectors.all_sites():
        progress = progress_for(site) if progress_for else None
        reports.append(publish_site(site, progress=progress, renderer=renderer))
    return reports


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
        reports.append(_sync_site(site, pages, every_id, full=full, renderer=renderer))
    return reports


def _sync_site(
    site: Site, page_ids: set[int], every_id: set[int], *, full: bool, renderer
) -> PublishReport:
    host = site.hostname
    if storage.current_version(host) is None:
        return PublishReport(host=host)  # never published: first publish is full
    with storage.site_lock(host):
        try:
            return _sync_in_place(site, page_ids, every_id, full, renderer)
        except storage.PublishWriteError as error:
            _state_error(site, error.strerror or str(error))
            raise


def _incremental_targets(site: Site, page_ids: set[int], full: bool) -> list[Target]:
    if full:
        return selectors.site_targets(site)
    targets = selectors.site_file_targets()
    pages = (
        Page.objects.filter(pk__in=page_ids)
        .descendant_of(site.root_page, inclusive=True)
        .live()
        .public()
        .order_by("path")
        .specific()
    )
    for page in pages:
        targets += selectors.page_targets(site, page)
    return targets


def _sync_in_place(
    site: Site, page_ids: set[int], every_id: set[int], full: bool, renderer
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
    )
    targets = _incremental_targets(site, page_ids, full)
    wanted = {storage.file_path_for_url(t.url) for t in targets}
    for target in targets:
        publish_target(run, target)
    _remove_gone(run, wanted, every_id, full)
    manifest.save(version)
    _state_finish(site, run.report, full=False)
    return run.report


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
