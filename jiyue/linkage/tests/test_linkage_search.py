"""Search finds a reposted item once, at its source, with where else it stands."""

import pytest
from django.test import override_settings
from django.utils.html import strip_tags

from jiyue.search import lexicon
from jiyue.search.tests.helpers import PORTAL, search

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def search_dir(tmp_path, settings):
    settings.JIYUE_SEARCH_DIR = tmp_path / "search"
    lexicon.forget_local()
    yield
    lexicon.forget_local()


@override_settings(ROOT_URLCONF="jiyue.urls_public")
def test_one_result_with_its_other_locations(demo_cluster):
    response = search(PORTAL, q="加强政府网站信息内容建设的意见", scope="cluster")
    items = [
        i
        for i in response.context["items"]
        if strip_tags(i["title"]) == "国务院办公厅关于加强政府网站信息内容建设的意见"
    ]
    assert len(items) == 1
    names = {name for name, _url in items[0]["also_at"]}
    assert names == {"贵阳市云岩区人民政府", "贵阳市大数据发展管理局"}
    assert "同时转载于" in response.content.decode()
