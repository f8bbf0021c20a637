"""Wagtail's widgets work under the admin's real Content Security Policy.

Wagtail writes inline scripts for its date pickers, inline panels (「增加」) and
choosers; under ``script-src 'self'`` they silently did nothing. Here an editor
uses each of them on a policy document, in headless Chromium with the policy
enforced (``browser_page`` fails the test on any violation or script error), and
saves: what he chose is stored.
"""

from __future__ import annotations

import datetime

import pytest

from tests.browser import shot, sign_in, walk

pytestmark = [
    pytest.mark.browser,
    pytest.mark.second_factor,
    pytest.mark.django_db(transaction=True),
]


def _policy_document():
    from jiyue.content.models import PolicyDocumentPage

    return PolicyDocumentPage.objects.get(url_path="/www/zcwj/guobanfa-2014-57/")


def _pick_a_date(page) -> None:
    """Opens 成文日期's picker (on its month, 2014-11) and clicks the 10th."""
    page.click("#id_written_on")
    picker = page.locator(".xdsoft_datetimepicker:visible")
    picker.wait_for()
    picker.locator("td.xdsoft_date:not(.xdsoft_other_month)[data-date='10']").click()


def _attach_a_document(page) -> None:
    """「增加 附件」, then the document chooser's modal, then a document in it."""
    page.locator("#id_attachments-ADD").click()
    row = page.locator("#id_attachments-FORMS > *").last
    row.locator("button[data-chooser-action-choose], button.action-choose").click()
    modal = page.locator(".modal:visible")
    modal.locator("a[data-chooser-modal-choice]").first.click()
    modal.wait_for(state="hidden")
    row.locator("input[name$='-title']").fill("附件一")


def _choose_a_topic(page) -> None:
    """「选择其他 主题分类」 from the chosen topic's menu: the snippet chooser's modal."""
    field = page.locator("[data-contentpath=topic]")
    field.locator(".w-dropdown__toggle").click()
    page.locator("[data-chooser-action-choose]:visible").first.click()
    modal = page.locator(".modal:visible")
    modal.locator("a[data-chooser-modal-choice]").last.click()
    modal.wait_for(state="hidden")


def test_an_editor_uses_date_picker_inline_panel_and_choosers(demo):
    document = _policy_document()
    attachments_before = document.attachments.count()
    with walk() as page:
        sign_in(page, demo, "bianji")
        page.goto(f"{demo}/admin/pages/{document.pk}/edit/")
        page.wait_for_load_state("networkidle")
        _pick_a_date(page)
        _attach_a_document(page)
        _choose_a_topic(page)
        shot(page, "widgets-before-save")
        with page.expect_navigation():
            page.click("footer button.action-save")
        shot(page, "widgets-saved")
    saved = _policy_document().get_latest_revision_as_object()
    assert saved.written_on == datetime.date(2014, 11, 10)
    assert len(saved.attachments.all()) == attachments_before + 1
    assert saved.attachments.all()[len(saved.attachments.all()) - 1].title == "附件一"
    assert saved.topic is not None


def _png_file(path) -> None:
    """A small real PNG, as an editor would upload a photo (Pillow is Wagtail's)."""
    from PIL import Image

    Image.new("RGB", (320, 200), (200, 30, 30)).save(path, "PNG")


def _upload_an_image_in_the_chooser(page, path) -> None:
    """「选择图片」, the chooser's 「上传」 tab, a file and a title, then 上传."""
    field = page.locator("[data-contentpath=image]")
    field.locator("button[data-chooser-action-choose]").click()
    modal = page.locator(".modal:visible")
    modal.locator("a[href='#tab-upload'], [role=tab][href$='upload']").first.click()
    modal.locator("input[type=file]").set_input_files(str(path))
    title = modal.locator("input[name$='title']")
    title.fill("解读配图")
    modal.locator("form button[type=submit]").first.click()
    modal.wait_for(state="hidden")


def _type_in_the_rich_text(page, text: str) -> None:
    """Draftail: click into 正文 at its end and type, as a person does."""
    editor = page.locator("[data-contentpath=body] .public-DraftEditor-content")
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type(text)
    # Draftail writes its hidden input a moment after the last key (debounced),
    # as a person's pause before reaching for 保存 gives it time to.
    page.wait_for_timeout(1000)


def test_an_editor_uploads_an_image_in_its_chooser_and_writes_rich_text(demo, tmp_path):
    from jiyue.content.models import InterpretationPage

    interpretation = InterpretationPage.objects.filter(
        url_path__startswith="/www/"
    ).first()
    png = tmp_path / "peitu.png"
    _png_file(png)
    with walk() as page:
        sign_in(page, demo, "bianji")
        page.goto(f"{demo}/admin/pages/{interpretation.pk}/edit/")
        page.wait_for_load_state("networkidle")
        _upload_an_image_in_the_chooser(page, png)
        _type_in_the_rich_text(page, "图解：三项要求一图读懂。")
        shot(page, "widgets-image-before-save")
        with page.expect_navigation():
            page.click("footer button.action-save")
        shot(page, "widgets-image-saved")
    saved = InterpretationPage.objects.get(pk=interpretation.pk)
    saved = saved.get_latest_revision_as_object()
    assert saved.image is not None and saved.image.title == "解读配图"
    assert "图解：三项要求一图读懂。" in saved.body


def test_the_page_chooser_picks_a_sites_root_page(demo):
    """「选择根页面」 on a new Wagtail site: the page chooser's modal, a page
    chosen in it, and the site saved with it."""
    from wagtail.models import Page, Site

    target = Page.objects.get(url_path="/www/")
    with walk() as page:
        sign_in(page, demo, "admin")
        page.goto(f"{demo}/admin/sites/new/")
        page.wait_for_load_state("networkidle")
        page.fill("#id_hostname", "xuanze.localhost")
        page.fill("#id_port", "8000")
        page.fill("#id_site_name", "页面选择测试")
        page.locator("[data-chooser-action-choose]").first.click()
        modal = page.locator(".modal:visible")
        modal.wait_for()
        modal.get_by_role("link", name="贵阳市人民政府", exact=True).first.click()
        modal.wait_for(state="hidden")
        assert "贵阳市人民政府" in page.inner_text("main")
        shot(page, "page-chooser-chosen")
        with page.expect_navigation():
            page.click("form button[type=submit]:has-text('创建')")
        shot(page, "page-chooser-saved")
    site = Site.objects.get(hostname="xuanze.localhost")
    assert site.root_page_id == target.pk
