"""The platform office opens a site in Chromium under the admin's real security
policy: 站群管理 › 开办网站, one form, one button."""

from __future__ import annotations

import pytest
from wagtail.models import Site

from jiyue.interaction.models import Mailbox
from tests.browser import shot, sign_in, walk
from tests.conftest import demo  # noqa: F401 (the live demo cluster)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.second_factor]


def test_opening_a_site_takes_one_screen(demo, publish_root):  # noqa: F811
    base = demo
    with walk() as page:
        sign_in(page, base, "pingtai")
        clicks = 0
        page.get_by_role("button", name="站群管理").click()
        clicks += 1
        page.get_by_role("link", name="开办网站").click()
        clicks += 1
        page.wait_for_url("**/admin/site_open/")
        page.fill("input[name=code]", "5201210001")
        page.fill("input[name=name]", "开阳县人民政府")
        page.fill("input[name=sponsor]", "开阳县人民政府办公室")
        page.select_option("select[name=kind]", "portal")
        page.select_option("select[name=level]", "county")
        page.select_option("select[name=parent]", "5201000001")
        page.fill("input[name=hostname]", "kaiyang.localhost")
        page.fill("textarea[name=units]", "县政府办公室\n县教育局")
        shot(page, "site-open-form")
        page.get_by_role("button", name="开办网站").click()
        clicks += 1
        page.wait_for_url("**/admin/site_profiles/edit/**")
        assert "已开办网站“开阳县人民政府”" in page.content()
        shot(page, "site-open-done")
    assert clicks == 3
    site = Site.objects.get(hostname="kaiyang.localhost")
    assert Mailbox.objects.filter(site=site).count() == 5
    assert (publish_root / "kaiyang.localhost" / "index.html").is_file()
