"""A 网站管理员 manages his own site's columns in the admin (issue 13, item 2):
adds a column of a kind under his home page and sends it into the site's review
chain, in Chromium under the real policy; another site's tree is not offered to him."""

from __future__ import annotations

import pytest

from tests.browser import shot, sign_in, walk

pytestmark = [
    pytest.mark.browser,
    pytest.mark.second_factor,
    pytest.mark.django_db(transaction=True),
]


def _home(hostname: str):
    from wagtail.models import Site

    return Site.objects.get(hostname=hostname).root_page


def test_the_site_administrator_adds_a_column_of_a_kind(demo):
    from jiyue.content.models import ColumnPage

    home = _home("www.localhost")
    with walk() as page:
        sign_in(page, demo, "wangzhan")
        page.goto(f"{demo}/admin/pages/add/content/columnpage/{home.pk}/")
        page.wait_for_load_state("networkidle")
        page.fill("#id_title", "专题活动")
        page.select_option("#id_kind", label="专题专栏")
        # No address typed: the 缩略名 on the 推荐 tab may stay empty (ADR 0421).
        shot(page, "site-admin-column-new")
        # A column goes through the site's review chain like any page
        # (docs/decisions/0402-publish-guard.md): 提交 is what he is offered.
        page.click("footer .w-dropdown__toggle")
        with page.expect_navigation():
            page.locator("footer button[name=action-submit]").click()
        shot(page, "site-admin-column-submitted")
        body = page.inner_text("body")
    column = ColumnPage.objects.get(title="专题活动")
    assert column.get_parent().pk == home.pk
    assert column.kind == "topic"
    assert column.slug == "zthd", "a short address from the title's pinyin (ADR 0421)"
    assert column.workflow_in_progress, body[:400]


def test_the_site_administrator_is_not_offered_another_sites_tree(demo):
    other = _home("ankang.localhost")
    with walk() as page:
        sign_in(page, demo, "wangzhan")
        response = page.goto(f"{demo}/admin/pages/add/content/columnpage/{other.pk}/")
        text = page.inner_text("body")
    assert response.status in (302, 403, 404) or "没有权限" in text
