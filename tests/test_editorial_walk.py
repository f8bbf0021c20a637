"""The whole review chain as its people would walk it, in a real headless
Chromium against a live admin server with the demo loaded: the information
officer drafts a notice in his column and submits it, the editor approves, the
confidentiality reviewer confirms both declarations, the leader signs, and the
page is live on the public site; a page with a leaked ID number is stopped at
the gate with the number shown masked beside the field.

Screenshots of each step go to $JIYUE_SCREENSHOTS (default /tmp/jiyue-walk)."""

from __future__ import annotations

import pytest

from tests.browser import shot, sign_in, walk

pytestmark = [
    pytest.mark.browser,
    pytest.mark.second_factor,
    pytest.mark.django_db(transaction=True),
]
ID_NUMBER = "11010519491231002X"
TITLE = "关于开展全市政府网站年度普查工作的通知"
BODY = (
    "各区县人民政府，市政府各部门：为做好政府网站年度普查工作，现将有关事项通知如下。"
)


def page_titled(title: str):
    from wagtail.models import Page

    return Page.objects.get(title=title).specific


def settle(page) -> None:
    """As a person pauses before clicking: the rich text editor has written its
    hidden input and Wagtail's autosave (every 0.5 s) has saved the draft."""
    page.wait_for_timeout(1500)


def draft_and_submit(page, base: str, column_id: int, title: str, body: str) -> None:
    page.goto(f"{base}/admin/pages/add/content/articlepage/{column_id}/")
    page.fill("#id_title", title)
    editor = page.locator("[data-contentpath=body] [contenteditable=true]")
    editor.click()
    page.keyboard.insert_text(body)
    page.locator("[data-contentpath=body]", has_text=body[:8]).wait_for()
    settle(page)
    page.click("footer .w-dropdown__toggle")
    with page.expect_navigation():
        page.click("button[name=action-submit]")


def act_on_dashboard(page, base: str, title: str, *, modal: bool) -> None:
    """Opens the row's actions in 「等待您审核」 and approves."""
    page.goto(base + "/admin/")
    row = page.locator("main tr", has_text=title)
    row.locator(".actions-container button").first.click()
    approve = 'button[data-workflow-action-url*="/approve/"]'
    if modal:
        row.locator(approve + "[data-launch-modal]").click()
    else:
        with page.expect_navigation():  # workflow-action.js posts, then reloads
            row.locator(approve + ":not([data-launch-modal])").click()


def confirm_review(page, base: str, title: str) -> None:
    act_on_dashboard(page, base, title, modal=True)
    dialog = page.locator(".modal")
    dialog.locator("input[name=no_state_secrets]").check()
    dialog.locator("input[name=no_personal_data]").check()
    dialog.locator("textarea[name=comment]").fill("经审查，同意公开。")
    shot(page, "05-reviewer-confirms")
    with page.expect_navigation():  # the modal posts, then the dashboard reloads
        dialog.locator("button[type=submit]").click()


def test_the_chain_from_officer_to_public(demo):
    from wagtail.models import Page

    tzgg = Page.objects.get(url_path="/www/tzgg/")
    with walk() as page:
        sign_in(page, demo, "xinxiyuan")
        draft_and_submit(page, demo, tzgg.pk, TITLE, BODY)
        shot(page, "01-officer-submitted")
        notice = page_titled(TITLE)
        assert notice.current_workflow_task.name.endswith("编辑初审")
        assert not notice.live

        sign_in(page, demo, "bianji")
        shot(page, "02-editor-dashboard")
        act_on_dashboard(page, demo, TITLE, modal=False)
        shot(page, "03-editor-approved")
        notice = page_titled(TITLE)
        assert notice.current_workflow_task.name.endswith("保密审查")

        sign_in(page, demo, "baomi")
        confirm_review(page, demo, TITLE)
        notice = page_titled(TITLE)
        assert notice.current_workflow_task.name.endswith("签发")

        sign_in(page, demo, "lingdao")
        act_on_dashboard(page, demo, TITLE, modal=False)
        shot(page, "06-leader-signed")
        notice = page_titled(TITLE)
        assert notice.live

        page.context.clear_cookies()
        response = page.goto(demo + notice.url_path.removeprefix("/www"))
        shot(page, "07-public")
        assert response.status == 200
        assert "现将有关事项通知如下" in page.content()


def test_a_leaked_id_number_is_stopped_and_shown_masked_beside_the_body(demo):
    from wagtail.models import Page

    tzgg = Page.objects.get(url_path="/www/tzgg/")
    title = "关于办理居住证的公告"
    body = f"申请人张三，身份证号{ID_NUMBER}，请登陆系统查询办理进度。"
    with walk() as page:
        sign_in(page, demo, "xinxiyuan")
        draft_and_submit(page, demo, tzgg.pk, title, body)
        blocking = page.locator("[data-contentpath=body] .jiyue-gate-note--blocking")
        blocking.wait_for(timeout=60_000)
        shot(page, "08-leak-stopped")
        note = blocking.inner_text()
        assert "110************02X" in note and "第1段第11字" in note
        shown = page.locator(".messages").inner_text() + " ".join(
            page.locator(".jiyue-gate-note").all_inner_texts()
        )
        assert ID_NUMBER not in shown  # only the masked form
        warning = page.locator("[data-contentpath=body] .jiyue-gate-note--warning")
        assert "登录系统" in warning.inner_text()  # a typo: a note, not a block
        assert "本次未提交、未发布" in page.locator(".messages").inner_text()
        leak = page_titled(title)
        assert leak.current_workflow_state is None and not leak.live

        sign_in(page, demo, "bianji")  # the editor may let it through, with a reason
        page.goto(f"{demo}/admin/pages/{leak.pk}/edit/")
        page.locator(".jiyue-gate-note__override").click()
        page.fill("textarea[name=reason]", "经核实为公开的样例号码，不涉及真实个人")
        shot(page, "09-override-reason")
        with page.expect_navigation():
            page.click("main button[type=submit]")
        page.locator("[data-contentpath=body] .jiyue-gate-note").first.wait_for(
            timeout=60_000
        )
        assert "已说明理由放行" in page.locator("[data-contentpath=body]").inner_text()
        assert page.locator(".jiyue-gate-note--blocking").count() == 0
        shot(page, "10-let-through")
