"""The editors' search in the admin finds Chinese words inside longer ones:
Wagtail's database backend is fed segmented text (wagtail_backend.py)."""

import pytest
from django.test import Client
from wagtail.models import Page

from jiyue.content.models import ArticlePage

from .helpers import PORTAL, publish_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(demo_cluster, admin_user):
    client = Client()
    client.force_login(admin_user)
    return client


def page_search(client, q):
    response = client.get("/admin/pages/search/", {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_searching_a_word_finds_it_inside_a_longer_one(admin_client):
    """网站 finds 政府网站…."""
    page = publish_article(PORTAL, "政府网站年度工作报表编制说明", "正文")
    assert "政府网站年度工作报表编制说明" in page_search(admin_client, "网站")
    assert "政府网站年度工作报表编制说明" in page_search(admin_client, "年度报表")
    assert page.title not in page_search(admin_client, "消防")


def test_traditional_characters_find_simplified_titles(admin_client):
    publish_article(PORTAL, "政务服务事项目录调整", "正文")
    assert "政务服务事项目录调整" in page_search(admin_client, "政務服務")


def test_the_backend_answers_page_search_outside_the_admin(demo_cluster):
    titles = [p.title for p in Page.objects.live().search("网站")]
    assert any("政府网站" in t for t in titles)
    assert ArticlePage.objects.search("网站").count() > 0
