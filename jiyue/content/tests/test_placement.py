"""Each column kind takes only its page types; new pages get short ASCII
addresses from their Chinese titles."""

from __future__ import annotations

import pytest
from django.test import Client
from wagtail.models import Page

from jiyue.content.models import ArticlePage, ColumnPage, PolicyDocumentPage
from jiyue.content.models.placement import pinyin_slug
from jiyue.interaction.models import InterviewPage
from tests.staff import login

pytestmark = pytest.mark.django_db


def test_pinyin_initials_keep_digits_and_latin():
    assert (
        pinyin_slug("关于开展全市政府网站年度普查工作的通知") == "gykzqszfwzndpcgzdtz"
    )
    assert pinyin_slug("2026年GDP统计公报") == "2026ngdptjgb"
    assert pinyin_slug("！！！") == "page"
    assert len(pinyin_slug("政" * 100)) == 24


def test_a_notice_column_takes_notices_and_documents_only(demo_cluster):
    tzgg = Page.objects.get(url_path="/www/tzgg/")
    assert ArticlePage.can_create_at(tzgg)
    assert PolicyDocumentPage.can_create_at(tzgg)
    assert not ColumnPage.can_create_at(tzgg)
    assert not InterviewPage.can_create_at(tzgg)
    hudong = ColumnPage.objects.filter(kind="interaction").first()
    assert InterviewPage.can_create_at(hudong)
    assert not ArticlePage.can_create_at(hudong)


def test_the_admin_offers_only_those_types(demo_cluster, admin_user):
    tzgg = Page.objects.get(url_path="/www/tzgg/")
    client = login(Client(), admin_user)
    html = client.get(f"/admin/pages/{tzgg.pk}/add_subpage/").content.decode()
    assert "/add/content/articlepage/" in html
    assert "/add/content/policydocumentpage/" in html
    assert "/add/content/columnpage/" not in html
    assert "/add/interaction/interviewpage/" not in html
    refused = client.get(f"/admin/pages/add/content/columnpage/{tzgg.pk}/")
    assert refused.status_code in (302, 403)


def test_a_new_page_with_a_chinese_slug_gets_pinyin_initials(demo_cluster):
    tzgg = Page.objects.get(url_path="/www/tzgg/")
    title = "关于开展全市政府网站年度普查工作的通知"
    first = tzgg.add_child(
        instance=ArticlePage(title=title, slug=title, body="<p>正文</p>")
    )
    second = tzgg.add_child(
        instance=ArticlePage(title=title, slug="", body="<p>正文</p>")
    )
    assert first.slug == "gykzqszfwzndpcgzdtz"
    assert second.slug == "gykzqszfwzndpcgzdtz-2"
    assert first.url_path.endswith("/tzgg/gykzqszfwzndpcgzdtz/")
    typed = tzgg.add_child(
        instance=ArticlePage(title=title, slug="pucha", body="<p>正</p>")
    )
    assert typed.slug == "pucha"  # what an editor typed in ASCII is kept
    first.title = "改过的标题"
    first.save()
    assert first.slug == "gykzqszfwzndpcgzdtz"  # an existing address never changes
