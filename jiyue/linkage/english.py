"""英文版: which core items of a site have an English counterpart, and how far each
counterpart lags behind its original (57号(十): 外文版 keeps the core information
roughly in step with the Chinese one)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page, Site

from .models import CoreItem, EnglishPage, is_item


def mark_core(page: Page, *, user) -> CoreItem:
    if not is_item(page) or not page.live:
        raise ValidationError(_("只能标记已发布的信息、政策文件或政策解读。"))
    if CoreItem.objects.filter(page=page).exists():
        raise ValidationError(_("该信息已标记为英文版核心信息。"))
    item = CoreItem.objects.create(page=page, marked_by=user)
    log(instance=page, action="jiyue.linkage.core_marked", user=user)
    return item


def lag_rows(site: Site, now: dt.datetime | None = None) -> list[dict]:
    """Each core item of ``site``: its live English counterpart (or none) and the
    days it lags: since the original was published or marked core (no counterpart),
    or since the original changed after the counterpart was last published."""
    now = now or timezone.now()
    rows = []
    core = CoreItem.objects.filter(
        page__path__startswith=site.root_page.path, page__live=True
    ).select_related("page")
    for item in core.order_by("page__path"):
        original = item.page
        english = (
            EnglishPage.objects.live()
            .filter(original=original)
            .order_by("-last_published_at")
            .first()
        )
        changed = original.last_published_at or original.first_published_at
        if english is None:
            # Owed since the item was published or marked core, whichever is later.
            owed = max(original.first_published_at, item.marked_at)
            lag = (now - owed).days
        elif (
            changed
            and english.last_published_at
            and changed > english.last_published_at
        ):
            lag = (now - changed).days
        else:
            lag = 0
        rows.append({"original": original, "english": english, "lag_days": lag})
    return sorted(rows, key=lambda r: (-r["lag_days"], r["original"].path))
