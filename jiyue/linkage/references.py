"""Reposts by reference (转载): what a reference shows, where it may point, and
what a change of its source does to it (ADR 1101).

A reference renders its source's live content each time it is rendered; the static
publisher re-renders every reference of a changed page because linkage answers
publishing's ``jiyue_related_page_ids`` hook with them.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page, PageViewRestriction

from jiyue.cluster.tenancy import Capability, people_for

from .models import ReferencePage, is_item

logger = logging.getLogger(__name__)

SOURCE_CHANGED = "jiyue.linkage.source_changed"


def site_name(page: Page) -> str:
    site = page.get_site()
    profile = getattr(site, "profile", None) if site else None
    return profile.name if profile else (site.site_name if site else "")


def reference_problem(reference: ReferencePage) -> str:
    """Why ``reference`` may not point where it points (empty: it may)."""
    source = reference.source
    if source is None:
        return "" if reference.pk else _("请选择要转载的原文。")
    if not is_item(source):
        return _(
            "只能转载信息、政策文件和政策解读；转载页不能再被转载（避免循环引用）。"
        )
    if reference.pk and source.pk == reference.pk:
        return _("转载页不能引用它自己。")
    if not source.live:
        return _("原文尚未发布或已撤回，不能转载。")
    site = source.get_site()
    profile = getattr(site, "profile", None) if site else None
    if profile is not None and profile.is_closed:
        return _("原文所在网站已关停，不能转载。")
    return ""


def live_source(reference: ReferencePage) -> Page | None:
    source = reference.source
    if source is None or not source.live:
        return None
    if PageViewRestriction.objects.filter(
        page__in=source.get_ancestors(inclusive=True)
    ).exists():
        return None
    return source.specific


def reference_context(reference: ReferencePage) -> dict:
    source = live_source(reference)
    return {
        "source": source,
        "withdrawn": source is None,
        "source_site_name": reference.source_site_name,
        "source_address": (source.full_url if source else reference.source_address),
    }


def remember_source(reference: ReferencePage) -> None:
    """Keeps the provenance on the reference itself, so that a withdrawn or
    deleted source still says where it came from."""
    source = reference.source
    if source is None:
        return
    reference.source_site_name = site_name(source)
    reference.source_address = source.full_url or ""
    if reference.follow_title or not reference.title:
        reference.title = source.title


def references_of(page_id: int):
    return ReferencePage.objects.filter(source_id=page_id)


def pages_showing(page: Page) -> set[int]:
    """The references of ``page`` and the columns that list them."""
    refs = list(references_of(page.pk).values_list("pk", "path", "depth"))
    ids = {pk for pk, _path, _depth in refs}
    parent_paths = {path[: (depth - 1) * Page.steplen] for _pk, path, depth in refs}
    if parent_paths:
        ids |= set(
            Page.objects.filter(path__in=parent_paths).values_list("pk", flat=True)
        )
    return ids


def follow_source(page: Page, *, withdrawn: bool) -> list[ReferencePage]:
    """After a change of ``page``: titles that follow it are updated (without a
    new revision: the reference's own content did not change), the provenance is
    kept, each reference's log says what happened, and each target's editors are
    told by mail."""
    changed = []
    for reference in references_of(page.pk).select_related("source"):
        before = reference.title
        if not withdrawn:
            remember_source(reference)
            ReferencePage.objects.filter(pk=reference.pk).update(
                source_site_name=reference.source_site_name,
                source_address=reference.source_address,
            )
            if reference.title != before:
                Page.objects.filter(pk=reference.pk).update(
                    title=reference.title, draft_title=reference.title
                )
        action = _("原文已撤回") if withdrawn else _("原文已更新")
        log(
            instance=reference,
            action=SOURCE_CHANGED,
            data={"source": page.pk, "what": str(action)},
        )
        changed.append(reference)
    if changed:
        _tell_editors(page, changed, withdrawn=withdrawn)
    return changed


def _tell_editors(page: Page, references: list[ReferencePage], *, withdrawn) -> None:
    what = _("已被来源网站撤回") if withdrawn else _("已被来源网站更正或更新")
    for reference in references:
        site = reference.get_site()
        if site is None:
            continue
        emails = sorted(
            {
                u.email
                for u in people_for(Capability.EDIT, site, oversight=False)
                if u.email
            }
        )
        if not emails:
            continue
        subject = _("转载的原文%(what)s：%(title)s") % {
            "what": what,
            "title": page.title,
        }
        body = _(
            "贵站转载页「%(ref)s」（%(url)s）引用的原文%(what)s，转载页已随之重新发布。"
        ) % {
            "ref": reference.title,
            "url": reference.full_url or "",
            "what": what,
        }
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, emails)
        except OSError:
            logger.warning("reference notice not sent", exc_info=True)


def locations(page_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """(site name, full URL) of each live reference of each page, in one
    query for a page of results: search shows the original once, with where
    else it stands."""
    found: dict[int, list[tuple[str, str]]] = {}
    references = (
        ReferencePage.objects.filter(source_id__in=page_ids).live().order_by("path")
    )
    for reference in references:
        site = reference.get_site()
        name = site.profile.name if site and hasattr(site, "profile") else ""
        found.setdefault(reference.source_id, []).append(
            (name, reference.full_url or "")
        )
    return found
