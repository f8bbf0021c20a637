"""The figures the dashboards, the yearly report and the scores read."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, Sum

from .models import PageDay, QueryDay, ReferrerDay, SiteDay

TOTALS = {
    "views": Sum("views"),
    "visits": Sum("visits"),
    "visitors": Sum("visitors"),
    "not_found": Sum("not_found"),
}


def daily(site, start: dt.date, end: dt.date) -> list[dict]:
    """One row per day from ``start`` to ``end`` (days without a line: zeros)."""
    rows = {
        r.day: r for r in SiteDay.objects.filter(site=site, day__range=(start, end))
    }
    out = []
    day = start
    while day <= end:
        row = rows.get(day)
        out.append(
            {
                "day": day,
                "views": row.views if row else 0,
                "visits": row.visits if row else 0,
                "visitors": row.visitors if row else 0,
                "not_found": row.not_found if row else 0,
            }
        )
        day += dt.timedelta(days=1)
    return out


def totals(site, start: dt.date, end: dt.date) -> dict:
    """Sums over the days; 独立访客 is the sum of daily unique visitors (as the
    yearly report's 独立用户访问总量 is counted, docs/decisions/0901)."""
    found = SiteDay.objects.filter(site=site, day__range=(start, end)).aggregate(
        **TOTALS
    )
    return {key: value or 0 for key, value in found.items()}


def top(model, field: str, count: str, site, start, end, limit=10) -> list[dict]:
    return list(
        model.objects.filter(site=site, day__range=(start, end))
        .values(field)
        .annotate(n=Sum(count))
        .filter(n__gt=0)
        .order_by("-n", field)[:limit]
    )


def top_pages(site, start, end, limit=10):
    return top(PageDay, "path", "views", site, start, end, limit)


def not_found_pages(site, start, end, limit=10):
    return top(PageDay, "path", "not_found", site, start, end, limit)


def top_referrers(site, start, end, limit=10):
    return top(ReferrerDay, "host", "views", site, start, end, limit)


def top_queries(site, start, end, limit=10):
    return top(QueryDay, "query", "count", site, start, end, limit)


def column_rows(site, start: dt.date, end: dt.date) -> list[dict]:
    """Each first-level column of ``site``: the views of its pages (sub-columns
    included) and the items it published in the period (栏目统计, Guiyang 七(三))."""
    from django.utils import timezone
    from wagtail.models import Page

    from jiyue.content.models import ColumnPage

    root = site.root_page
    columns = list(
        ColumnPage.objects.child_of(root)
        .live()
        .order_by("path")
        .only("title", "url_path", "path")
    )
    views = dict(
        PageDay.objects.filter(site=site, day__range=(start, end))
        .values_list("path")
        .annotate(n=Sum("views"))
        .values_list("path", "n")
    )
    since = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    until = timezone.make_aware(
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min)
    )
    rows = []
    for column in columns:
        prefix = "/" + column.url_path[len(root.url_path) :]
        published = (
            Page.objects.live()
            .descendant_of(column)
            .filter(first_published_at__gte=since, first_published_at__lt=until)
            .exclude(content_type=column.content_type)
            .count()
        )
        rows.append(
            {
                "title": column.title,
                "path": prefix,
                "views": sum(n for path, n in views.items() if path.startswith(prefix)),
                "published": published,
            }
        )
    return sorted(rows, key=lambda r: (-r["views"], r["path"]))


def cluster_rows(sites, start: dt.date, end: dt.date) -> list[dict]:
    """Every site's totals over the period (as ``totals``), most viewed first;
    one query for all the sites."""
    sums = {
        row.pop("site_id"): row
        for row in SiteDay.objects.filter(site__in=sites, day__range=(start, end))
        .values("site_id")
        .annotate(**TOTALS)
        .order_by()
    }
    empty = dict.fromkeys(TOTALS, 0)
    rows = [
        {"site": site, **{k: v or 0 for k, v in sums.get(site.pk, empty).items()}}
        for site in sites
    ]
    return sorted(rows, key=lambda r: (-r["views"], r["site"].hostname))


RELATED_MIN_VISITORS = 2


def related_reading(page, limit: int = 5) -> list:
    """Live item pages of ``page``'s site that at least two of its readers also
    viewed, most shared first (看过此文的人还看了; computed at ingestion)."""
    from wagtail.models import Page

    from jiyue.content.models import ColumnPage

    from .models import CoVisit

    site = page.get_site()
    if site is None:
        return []
    root = site.root_page.url_path
    path = "/" + page.url_path[len(root) :]
    rows = CoVisit.objects.filter(
        Q(path=path) | Q(other=path), site=site, count__gte=RELATED_MIN_VISITORS
    ).values_list("path", "other", "count")
    # Each pair is stored once (path < other): the page is on either side.
    ranked = sorted((-n, b if a == path else a) for a, b, n in rows)
    others = [other for _n, other in ranked[: limit * 2]]
    if not others:
        return []
    url_paths = {root + other.lstrip("/"): rank for rank, other in enumerate(others)}
    pages = (
        Page.objects.live()
        .public()
        .filter(url_path__in=list(url_paths))
        .not_type(ColumnPage)
        .specific()
    )
    return sorted(pages, key=lambda p: url_paths[p.url_path])[:limit]


def related_reading_of_site(site, pages) -> dict[int, list]:
    """``related_reading`` of every page of ``site`` in two queries (the static
    publisher renders a whole site at once)."""
    from collections import defaultdict

    from wagtail.models import Page

    from jiyue.content.models import ColumnPage

    from .models import CoVisit

    root = site.root_page.url_path
    others: dict[str, list[str]] = defaultdict(list)
    ranked: dict[str, list[tuple[int, str]]] = defaultdict(list)
    rows = CoVisit.objects.filter(site=site, count__gte=RELATED_MIN_VISITORS)
    for path, other, count in rows.values_list("path", "other", "count"):
        ranked[path].append((-count, other))  # each pair is stored once
        ranked[other].append((-count, path))
    for path, pairs in ranked.items():
        others[path] = [root + other.lstrip("/") for _n, other in sorted(pairs)]
    if not others:
        return {}
    wanted = {url for urls in others.values() for url in urls}
    found = {
        p.url_path: p
        for p in Page.objects.live()
        .public()
        .filter(url_path__in=wanted)
        .not_type(ColumnPage)
        .specific()
    }
    answer = {}
    for page in pages:
        path = "/" + page.url_path[len(root) :]
        if path in others:
            listed = [found[u] for u in others[path] if u in found]
            answer[page.pk] = [p for p in listed if p.pk != page.pk][:5]
    return answer
