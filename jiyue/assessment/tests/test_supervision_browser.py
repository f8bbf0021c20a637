"""《政府网站监管年度报表》 filled in with Chromium under the admin's real CSP
(browser_page fails on any violation or script error): the platform office (孙督查)
enters a wrong number (refused in Chinese, the rest kept), corrects it, saves, sees
the values with 「填报：孙督查 <date>」, and signs the report off.
Screenshots go to $JIYUE_SCREENSHOTS (supervision-*.png)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from tests.browser import browser_page, shot, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.second_factor,
    pytest.mark.django_db(transaction=True),
]

ENTRIES = {
    "发现假冒政府网站数（个）": "3",
    "处置假冒政府网站数（个）": "3",
    "组织培训次数（次）": "2",
    "培训人数（人）": "85",
    "单位负责人": "刘主任",
    "审核人": "陈科长",
    "填报人": "孙督查",
}


def _row(page, name: str):
    """The report's row of a field (the screen scrolls inside the admin's main
    area: shots are taken with the fill-in rows in view)."""
    return page.locator("tbody tr", has=page.locator("td", has_text=name)).first


def test_the_office_fills_in_saves_and_signs_off_the_supervision_report(demo_live):
    from jiyue.assessment import supervision

    year = timezone.localdate().year
    today = timezone.localdate().isoformat()
    with browser_page() as page:
        sign_in(page, demo_live, "pingtai")
        page.goto(demo_live + f"/admin/assessment/supervision/{year}/")
        assert f"{year}年政府网站监管年度报表" in page.inner_text("main")
        for name, value in ENTRIES.items():
            _row(page, name).locator("input").fill(value)
        _row(page, "培训人数（人）").locator("input").fill("八十五")
        page.click("main button[type=submit]:not([name])")
        page.wait_for_load_state("load")
        alert = page.inner_text("[role=alert]")
        assert "“培训人数（人）”须填写整数" in alert
        assert _row(page, "单位负责人").locator("input").input_value() == "刘主任"
        shot(page, "supervision-refused")
        _row(page, "培训人数（人）").locator("input").fill("85")
        page.click("main button[type=submit]:not([name])")
        page.wait_for_load_state("load")
        assert "已保存填报内容" in page.inner_text("body")
        for name, value in ENTRIES.items():
            row = _row(page, name)
            assert row.locator("input").input_value() == value
            assert f"填报：孙督查 {today}" in row.inner_text()
        _row(page, "处置假冒政府网站数（个）").scroll_into_view_if_needed()
        shot(page, "supervision-saved")
        page.click("button[name=signoff]")
        page.wait_for_load_state("load")
        assert "监管年度报表已定稿" in page.inner_text("body")
        assert page.locator("main input[name^=f-]").count() == 0
        assert "85" in _row(page, "培训人数（人）").inner_text()
        assert "刘主任" in _row(page, "单位负责人").inner_text()
        _row(page, "处置假冒政府网站数（个）").scroll_into_view_if_needed()
        shot(page, "supervision-signed")
        # no English word on the screen (the office reads Chinese only)
        words = set(re.findall(r"[A-Za-z]{2,}", page.inner_text("body")))
        assert words <= {"XLSX", "PDF", "HTML", "JSON"}, words
    values = {f.name: f.value for f in supervision.build(year)}
    assert values["培训人数（人）"] == 85 and values["审核人"] == "陈科长"
    assert supervision.signed(year) is not None
