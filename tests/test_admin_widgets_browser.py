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
