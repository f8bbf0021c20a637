"""In Chromium: a citizen finds 生育登记 on the portal by theme and by department and
downloads its form; the portal's administrator sees what a guide lacks beside its
fields, completes it with 「增加 申请材料」 and the document chooser, and saves it
under the real security policy."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import override_settings

from jiyue.interaction.memo import forget_local
from jiyue.services.completeness import completeness
from jiyue.services.models import ServiceGuidePage
from tests.browser import axe_violations, shot, sign_in, walk

pytestmark = [
    pytest.mark.browser,
    pytest.mark.second_factor,
    pytest.mark.django_db(transaction=True),
]


@override_settings(ROOT_URLCONF="jiyue.urls_public")
def test_a_citizen_finds_a_service_and_downloads_its_form(
    live_server, load_demo_cluster, tmp_path
):
    load_demo_cluster()
    cache.clear()
    forget_local()
    base = live_server.url.replace("127.0.0.1", "www.localhost")
    with walk() as page:
        page.goto(base + "/")
        page.click("nav >> text=办事服务")
        page.locator("h1", has_text="办事服务").wait_for()
        assert axe_violations(page) == []
        page.click(".service-themes >> text=生育收养")
        listing = page.locator("table.service-list tr", has_text="贵阳市卫生健康局")
        listing.locator("text=生育登记").click()
        guide = page.inner_text("main")
        for text in ("设定依据", "受理条件", "承诺办结时限", "办理流程", "申请材料"):
            assert text in guide
        assert axe_violations(page) == []
        shot(page, "services-guide")
        with page.expect_download() as download_info:
            page.click("text=空白表格（DOCX）")
        download = download_info.value
        assert download.suggested_filename.endswith(".docx")
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        assert saved.read_bytes()[:2] == b"PK"  # a real Word (zip) file
        # By department: 贵阳市卫生健康局 lists it too.
        page.goto(base + "/banshi/")
        page.click(".service-departments >> text=贵阳市卫生健康局")
        assert "生育登记" in page.inner_text("main")
        shot(page, "services-department")


def test_the_administrator_completes_a_guide_in_the_editor(demo_live):
    demo = demo_live
    guide = ServiceGuidePage.objects.get(item_code="520100-07-0003")  # 收养登记
    with walk() as page:
        sign_in(page, demo, "wangzhan")
        page.goto(f"{demo}/admin/services/")
        listing = page.inner_text("main")
        assert "收养登记" in listing and "设定依据（关键）" in listing
        page.click("text=收养登记")
        page.wait_for_load_state("networkidle")
        panel = page.locator("[data-guide-completeness]")
        assert "设定依据（关键要素）" in panel.inner_text()
        page.fill("#id_legal_basis", "《中国公民收养子女登记办法》第五条")
        page.fill("#id_consult_phone", "0851-87980003")
        page.locator("#id_materials-ADD").click()
        row = page.locator("#id_materials-FORMS > *").last
        row.locator("input[name$='-name']").fill("收养协议")
        row.locator("input[name$='-needs_form']").check()
        row.locator("[data-contentpath=blank_form] button[data-chooser-action-choose], "
                    "[data-contentpath=blank_form] button.action-choose").first.click()  # fmt: skip
        modal = page.locator(".modal:visible")
        modal.locator("a[data-chooser-modal-choice]").first.click()
        modal.wait_for(state="hidden")
        shot(page, "services-editor-before-save")
        with page.expect_navigation():
            page.click("footer button.action-save")
        page.wait_for_load_state("networkidle")
        assert "关键要素齐全" in page.locator("[data-guide-completeness]").inner_text()
        shot(page, "services-editor-saved")
    saved = ServiceGuidePage.objects.get(pk=guide.pk).get_latest_revision_as_object()
    assert saved.legal_basis == "《中国公民收养子女登记办法》第五条"
    materials = list(saved.materials.all())
    assert materials[-1].name == "收养协议" and materials[-1].blank_form_id
    assert completeness(saved).passes
