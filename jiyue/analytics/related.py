"""看过此文的人还看了: co-visited pages counted from the visitors' trails, a step of
its own after ingestion (docs/decisions/0903).

Ingestion (:mod:`jiyue.analytics.ingest`) keeps, with each file's counts and in the
same transaction, the item pages each visitor of a site viewed that day
(:class:`PendingTrails`: pages only, no digest, no address, no time). This step
turns the pending trails into pairs — each unordered pair of pages once, the
lesser path first (as Python orders strings) — adds them to :class:`CoVisit` and
deletes the trails, in one transaction: a trail is counted once. Run by the
periodic job ``analytics.related`` and at the end of ``jiyue analytics_ingest``.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from .ingest import _upsert
from .models import CoVisit, PendingTrails

BATCH = 200  # pending rows per transaction (a row is one site of one file)


@dataclass
class RelatedReport:
    trails: int = 0
    pairs: int = 0

    def describe(self) -> str:
        return _(
            "看过此文的人还看了：计入 %(trails)d 位访客的浏览记录，%(pairs)d 对页面。"
        ) % {"trails": self.trails, "pairs": self.pairs}


def count_covisits() -> RelatedReport:
    """Adds every pending trail's pairs of pages to the stored co-visits."""
    report = RelatedReport()
    while True:
        with transaction.atomic():
            rows = list(
                PendingTrails.objects.select_for_update()
                .order_by("pk")
                .values_list("pk", "site_id", "data")[:BATCH]
            )
            if not rows:
                return report
            pairs: dict[int, Counter] = defaultdict(Counter)  # site -> (a, b) -> n
            for _pk, site, data in rows:
                trails = json.loads(bytes(data))
                report.trails += len(trails)
                found = pairs[site]
                for trail in trails:  # sorted: each pair (a, b) with a < b
                    found.update(itertools.combinations(sorted(trail), 2))
            added = [
                (site, a, b, n)
                for site, found in pairs.items()
                for (a, b), n in found.items()
            ]
            report.pairs += len(added)
            _upsert(CoVisit, ("site", "path", "other"), ("count",), added)
            PendingTrails.objects.filter(pk__in=[row[0] for row in rows]).delete()
