"""In Chromium, under the real security policy: the portal's editor pushes a policy
document with the page chooser and watches the board fill as 云岩's and 大数据局's editors
accept it from their 待办; 云岩's information officer submits (报送) and sees his
monthly count; a correction of the source shows on a reposting site."""

from __future__ import annotations

import pytest
from django.test import Client

from jiyue.content.models import PolicyDocumentPage
from jiyue.linkage.models import Push, PushTarget, ReferencePage, Submission
from tests.browser import shot, sign_in, walk

pytestmark = [
    pytest.mark.browser,
    pytest.mark.second_factor,
    pytest.mark.django_db(transaction=True),
]


def _choose_page(page, title: str) -> None:
    page.locator("[data-chooser-action-choose]:visible").first.click()
    modal = page.locator(".modal:visible")
    modal.locator("input[name=q]").fill(title)
    modal.locator("a.choose-page", has_text=title).first.click()
    page.locator(".modal:visible").wait_for(state="detached")


def _accept_from_todo(page, demo: str, username: str, column: str) -> None:
    sign_in(page, demo, username)
    page.goto(demo + "/admin/")
    page.locator("text=须转载：转载上级推送的信息或说明理由").first.wait_for()
    page.locator("a", has_text=SOURCE_TITLE).first.click()
    option = page.locator("select[name=column] option", has_text=column).first
    page.select_option("select[name=column]", value=option.get_attribute("value"))
    page.click("button[name=accept]")
    page.locator("text=已转载到本站栏目并发布").wait_for()


SOURCE_TITLE = "贵阳市人民政府办公厅关于贯彻落实《政府网站发展指引》的实施意见（修订）"


def test_push_board_submission_and_correction(demo_live):
    demo = demo_live
    policy = PolicyDocumentPage.objects.get(url_path="/www/zcwj/guiyang-2018-2/")
    policy.title = SOURCE_TITLE
    policy.save_revision().publish()
    with walk() as page:
        sign_in(page, demo, "bianji")
        page.goto(demo + "/admin/linkage/")
        page.click("text=推送须转载信息")
        _choose_page(page, SOURCE_TITLE)
        page.check("input[name=scope][value=all]")
        page.fill("input[name=note]", "请各站点及时转载。")
        page.click("[data-submit]")
        page.locator("[data-board]").wait_for()
        assert page.inner_text("[data-done]") == "0"
        shot(page, "linkage-board-empty")
        push = Push.objects.get(source=policy)
        board_url = page.url

        _accept_from_todo(page, demo, "yunyan_bianji", "政策文件")
        _accept_from_todo(page, demo, "dsj_bianji", "政策文件")

        sign_in(page, demo, "bianji")
        page.goto(board_url)
        assert page.inner_text("[data-done]") == "2"
        assert page.locator("[data-board] tr", has_text="已转载").count() == 2
        shot(page, "linkage-board-full")
        assert set(push.targets.values_list("status", flat=True)) == {
            PushTarget.Status.ACCEPTED
        }

        sign_in(page, demo, "yunyan_xinxi")
        page.goto(demo + "/admin/linkage/submit/")
        page.select_option("select[name=column]", index=1)
        page.fill("input[name=title]", "云岩区开展政务公开日活动")
        page.fill("textarea[name=body]", "活动现场群众踊跃参与。")
        page.click("[data-submit]")
        page.locator("text=已报送，等待上级网站采用").wait_for()
        counts = page.inner_text("[data-count]")
        assert "贵阳市云岩区人民政府" in counts and "80" in counts
        shot(page, "linkage-submitted")
        assert Submission.objects.filter(title="云岩区开展政务公开日活动").exists()

    # The correction, then the reposting site's page as a reader gets it.
    policy.body = "<p>（更正）本意见自印发之日起施行。</p>"
    policy.save_revision().publish()
    reference = ReferencePage.objects.get(
        source=policy, url_path__startswith="/yunyan/"
    )
    from django.test import override_settings

    with override_settings(ROOT_URLCONF="jiyue.urls_public"):
        body = Client(HTTP_HOST="yunyan.localhost").get(reference.url).content
    assert "（更正）本意见自印发之日起施行" in body.decode()
