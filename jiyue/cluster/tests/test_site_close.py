"""Closing a site follows the rules: a closure notice at least one month old, then
the site is archived — it stops answering, its pages and letters are kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.utils import timezone
from wagtail.models import ModelLogEntry, Page, Site

from jiyue.cluster.models import SiteProfile
from jiyue.cluster.opening import one_month_after
from jiyue.interaction.models import Mailbox

from .test_site_open import OPEN_KAIYANG, body

PUBLIC = override_settings(ROOT_URLCONF="jiyue.urls_public")
CODE = "5201210001"


@pytest.fixture
def kaiyang(demo_cluster, publish_root, django_capture_on_commit_callbacks) -> Site:
    with django_capture_on_commit_callbacks(execute=True):
        call_command(*OPEN_KAIYANG)
    return Site.objects.select_related("root_page").get(hostname="kaiyang.localhost")


def get(site: Site, path: str):
    with PUBLIC:
        return Client().get(path, HTTP_HOST=f"{site.hostname}:{site.port}")


def days_ago(n: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=n)).isoformat()


def test_one_month_after():
    assert one_month_after(dt.date(2026, 11, 4)) == dt.date(2026, 12, 4)
    assert one_month_after(dt.date(2026, 12, 15)) == dt.date(2027, 1, 15)
    assert one_month_after(dt.date(2027, 1, 31)) == dt.date(2027, 2, 28)


def test_closing_without_a_notice_is_refused(kaiyang):
    with pytest.raises(CommandError) as error:
        call_command("site_close", CODE)
    assert "关停公告发布日期：未登记关停公告" in str(error.value)
    assert get(kaiyang, "/").status_code == 200


def test_closing_before_a_month_is_refused_and_the_notice_recorded(kaiyang):
    notice = days_ago(10)
    with pytest.raises(CommandError) as error:
        call_command("site_close", CODE, "--notice-date", notice)
    earliest = one_month_after(dt.date.fromisoformat(notice)).isoformat()
    assert f"须满一个月（{earliest} 起）方可关停网站" in str(error.value)
    profile = SiteProfile.objects.get(code=CODE)
    assert profile.closure_notice_date.isoformat() == notice
    assert profile.closed_at is None
    assert get(kaiyang, "/").status_code == 200
    assert ModelLogEntry.objects.filter(
        action="jiyue.cluster.site_closure_notice"
    ).exists()


def test_a_notice_in_the_future_is_refused(kaiyang):
    with pytest.raises(CommandError) as error:
        call_command("site_close", CODE, "--notice-date", days_ago(-3))
    assert "关停公告发布日期：关停公告发布日期不能晚于今天" in str(error.value)
    assert SiteProfile.objects.get(code=CODE).closure_notice_date is None


def test_unknown_code_and_bad_date_are_named(demo_cluster):
    with pytest.raises(CommandError, match="网站标识码：网站标识码“5299999999”不存在"):
        call_command("site_close", "5299999999")
    with pytest.raises(CommandError, match="关停公告发布日期：“11月1日”不是日期"):
        call_command("site_close", CODE, "--notice-date", "11月1日")


def test_after_a_month_the_site_stops_answering_and_its_pages_remain(
    kaiyang, publish_root, django_capture_on_commit_callbacks
):
    pages = Page.objects.descendant_of(kaiyang.root_page, inclusive=True)
    page_ids = set(pages.values_list("pk", flat=True))
    assert (publish_root / "kaiyang.localhost").is_symlink()
    portal = Site.objects.get(hostname="www.localhost")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("site_close", CODE, "--notice-date", days_ago(40))

    for path in ("/", "/tzgg/", "/hdjl/"):
        response = get(kaiyang, path)
        assert response.status_code == 410, path
        assert "开阳县人民政府已关停" in body(response)
    assert get(portal, "/").status_code == 200  # the rest of the cluster answers
    # archived, not deleted: the pages, still live, and the site's records
    assert set(pages.live().values_list("pk", flat=True)) == page_ids
    profile = SiteProfile.objects.get(code=CODE)
    assert profile.closed_at is not None
    assert Site.objects.filter(pk=kaiyang.pk).exists()
    assert Mailbox.objects.filter(site=kaiyang).count() == 5
    assert not Mailbox.objects.filter(site=kaiyang, is_active=True).exists()
    # the static tree is off the web server
    assert not (publish_root / "kaiyang.localhost").exists()
    entry = ModelLogEntry.objects.get(action="jiyue.cluster.site_close")
    assert entry.data["pages_kept"] == len(page_ids)
    # a full rebuild does not publish it again
    from jiyue.publishing.selectors import all_sites

    assert kaiyang.pk not in {site.pk for site in all_sites()}
    assert portal.pk in {site.pk for site in all_sites()}

    with pytest.raises(CommandError, match=r"已于.*关停"):
        call_command("site_close", CODE)
