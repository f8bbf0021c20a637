"""Which review chain a column of each kind gets (docs/decisions/0408).

Every chain has 编辑初审 and 保密审查 (先审查、后公开: nothing goes public
without the confidentiality review). 签发 — the leader's signature — is added
for what speaks with the government's authority: policy documents and their
interpretations, notices, and the official record of organisation and leaders.
Day-to-day news, topics, service guides and the like skip it: an office that
sends every news item to a leader publishes it days late.

A ``ReviewChainRule`` for a site (or for every site) overrides the default of a
kind; the site's root keeps the full chain for pages outside any column.
"""

from __future__ import annotations

from django.db.models import Q
from wagtail.models import Site

from jiyue.content.models import ColumnKind

SIGNOFF_BY_KIND: dict[str, bool] = {
    ColumnKind.POLICY: True,
    ColumnKind.INTERPRETATION: True,
    ColumnKind.NOTICE: True,
    ColumnKind.ORGANISATION: True,
    ColumnKind.LEADERS: True,
    ColumnKind.NEWS: False,
    ColumnKind.OVERVIEW: False,
    ColumnKind.SERVICE: False,
    ColumnKind.INTERACTION: False,
    ColumnKind.TOPIC: False,
    ColumnKind.OTHER: False,
    ColumnKind.DISCLOSURE: False,
    ColumnKind.DISCLOSURE_GUIDE: True,
    ColumnKind.DISCLOSURE_RULES: True,
    ColumnKind.PLANS: True,
    ColumnKind.STATISTICS: True,
    ColumnKind.BUDGET: True,
    ColumnKind.PERSONNEL: True,
    ColumnKind.ANNUAL_REPORT: True,
}


def needs_signoff(site: Site, kind: str) -> bool:
    """The site's rule for ``kind``, else the cluster's, else the default."""
    from .models import ReviewChainRule

    rules = dict(
        ReviewChainRule.objects.filter(column_kind=kind)
        .filter(Q(site=site) | Q(site__isnull=True))
        .values_list("site_id", "signoff")
    )
    if site.pk in rules:
        return rules[site.pk]
    if None in rules:
        return rules[None]
    return SIGNOFF_BY_KIND.get(kind, True)
