"""What today's spot check would find on a site, and who owns each problem: the
score's problem lines (a veto hit, a deduction), each piece of evidence with its
owner — the column the page is in and the people who hold a role in that column,
the unit a message was sent to, else the site's administrators (ADR 0809)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from jiyue.cluster.models import SiteProfile
from jiyue.cluster.tenancy import Capability, people_for

from .scoring import score


@dataclass
class Problem:
    indicator: str
    kind: str
    text: str
    url: str = ""
    owner: str = ""
    people: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"indicator": self.indicator, "kind": self.kind, "text": self.text,
                "url": self.url, "owner": self.owner, "people": self.people}  # fmt: skip


def _names(users) -> list[str]:
    return sorted({u.get_full_name() or u.get_username() for u in users})


class Owners:
    """Who answers for a page of ``site`` (asked once per column)."""

    def __init__(self, site: Site):
        self.site = site
        self.admins = _names(people_for(Capability.ADMINISTER, site, oversight=False))
        self._columns: dict[int, tuple[str, list[str]]] = {}
        self.root = site.root_page

    def _page(self, url: str) -> Page | None:
        parts = urlsplit(url)
        if parts.hostname and parts.hostname != self.site.hostname:
            return None
        path = parts.path or "/"
        if not path.endswith("/"):
            path = path.rsplit("/", 1)[0] + "/"  # …/index.html, a document
        url_path = self.root.url_path.rstrip("/") + path
        return Page.objects.filter(url_path=url_path).first()

    def column(self, page: Page) -> tuple[str, list[str]] | None:
        from jiyue.content.models import ColumnPage

        columns = ColumnPage.objects.ancestor_of(page, inclusive=True).filter(
            depth__gt=self.root.depth
        )
        column = columns.order_by("-depth").first()
        if column is None:
            return None
        if column.pk not in self._columns:
            chain = Page.objects.ancestor_of(column, inclusive=True)
            people = get_user_model().objects.filter(
                is_active=True, groups__site_role__column__in=chain
            )
            self._columns[column.pk] = (column.title, _names(people))
        return self._columns[column.pk]

    def of(self, url: str) -> tuple[str, list[str]]:
        page = self._page(url) if url else None
        found = self.column(page) if page is not None else None
        if found is not None:
            title, people = found
            return _("栏目“%(c)s”") % {"c": title}, people or self.admins
        return _("网站管理员"), self.admins


def problems(
    profile: SiteProfile, *, now: dt.datetime | None = None, result=None
) -> list[Problem]:
    """The problems a spot check scored today would list, each with its owner
    (``result``: the site's score, when the caller has it)."""
    owners = Owners(profile.site)
    found = []
    result = result or score(profile, now=now)
    for line in result.lines:
        if not line.is_problem:
            continue
        name = line.indicator.name
        evidence = line.found.lines or [(line.found.detail or name, "")]
        for text, url in evidence:
            owner, people = owners.of(url)
            found.append(Problem(indicator=name, kind=line.indicator.kind,
                                 text=str(text), url=url or "", owner=owner,
                                 people=people))  # fmt: skip
    return found
