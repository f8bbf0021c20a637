"""Bulk rendering (a snapshot per site, pages served without routing and
middleware) gives the bytes of the full request cycle, with a handful of queries
per site instead of a dozen per page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from jiyue.content.models import (
    ArticlePage,
    ColumnPage,
    InterpretationPage,
    PolicyDocumentPage,
)
from jiyue.publishing import selectors, services
from jiyue.publishing.render import PublicRenderer
from jiyue.publishing.snapshot import SiteSnapshot

pytestmark = pytest.mark.django_db


def bulk_and_reference(site):
    renderer = PublicRenderer()
    snapshot = SiteSnapshot.of_site(site)
    for target in selectors.targets_for(site, snapshot.pages):
        page = snapshot.page(target.page_id)
        if page is None or target.url.endswith("/feed.xml"):
            continue
        bulk = renderer.render_page(
            site,
            page,
            selectors.page_url(site, page),
            target.url,
            root_paths=snapshot.root_paths,
        )
        yield target.url, bulk.content, renderer.render(site, target.url).content


def test_every_page_of_every_demo_site_is_byte_identical(demo_cluster):
    compared = 0
    for site in selectors.all_sites():
        for url, bulk, reference in bulk_and_reference(site):
            assert bulk == reference, f"{site.hostname}{url}"
            compared += 1
    assert compared > 50


def test_ties_in_related_lists_are_left_to_the_database(www):
    """Two interpretations published at the same instant: their order is the
    database's, so the snapshot does not guess it; the bytes are still the same."""
    document = PolicyDocumentPage.objects.live().descendant_of(www.root_page).first()
    parent = InterpretationPage.objects.live().first().get_parent()
    moment = document.first_published_at + timedelta(days=1)
    for n in range(3):
        interpretation = InterpretationPage(
            title=f"同一时刻的解读{n}", slug=f"tie-{n}", form="text",
            author_unit="办公室", body="<p>解读。</p>",
        )  # fmt: skip
        parent.add_child(instance=interpretation)
        interpretation.interprets.set([document])
        interpretation.save_revision().publish()
        Page.objects.filter(pk=interpretation.pk).update(first_published_at=moment)
    snapshot = SiteSnapshot.of_site(www)
    assert "live_interpretations" not in snapshot.page(document.pk).jiyue_prefetched
    pages = {url: (b, r) for url, b, r in bulk_and_reference(www)}
    bulk, reference = pages[selectors.page_url(www, document)]
    assert bulk == reference
    assert "同一时刻的解读2" in bulk.decode()


def queries_of_a_full_rebuild(site) -> int:
    with CaptureQueriesContext(connection) as queries:
        services.publish_site(site)
    return len(queries)


def test_the_queries_of_a_full_rebuild_do_not_grow_with_the_pages(publish_root, www):
    """Was 14–15 queries per page when each went through routing and middleware."""
    before = queries_of_a_full_rebuild(www)
    column = ColumnPage.objects.get(url_path="/www/yaowen/")
    for n in range(30):
        article = ArticlePage(
            title=f"批量信息{n}", slug=f"bulk-{n}", body="<p>正文</p>"
        )
        column.add_child(instance=article)
        article.save_revision().publish()
    after = queries_of_a_full_rebuild(www)
    assert after - before <= 3, (before, after)
