import re

import pytest
from django.test import Client, override_settings
from wagtail.models import Page

from jiyue.content.models import ColumnPage, PolicyDocumentPage, Validity
from jiyue.demo import load_demo_cluster

PUBLIC = override_settings(ROOT_URLCONF="jiyue.urls_public")


def get(path, host="www.localhost:8000", client=None):
    return (client or Client()).get(path, HTTP_HOST=host)


@pytest.mark.django_db
def test_loading_twice_changes_nothing(demo_cluster, corpus_dir):
    before = Page.objects.count()
    assert load_demo_cluster(corpus_dir) == 0
    assert Page.objects.count() == before


@pytest.mark.django_db
def test_half_loaded_database_is_completed(demo_cluster, corpus_dir):
    full = Page.objects.count()
    # Lose the last site's news column and one notice of the first site.
    Page.objects.get(url_path="/beijing/yaowen/").delete()
    Page.objects.get(url_path="/www/tzgg/notice-003/").delete()
    assert load_demo_cluster(corpus_dir) > 0
    assert Page.objects.count() == full


@pytest.mark.django_db
def test_no_column_is_empty(demo_cluster):
    for column in ColumnPage.objects.live():
        assert column.get_children().live().exists(), column.url_path


@pytest.mark.django_db
def test_implementing_documents_link_to_the_opinion(demo_cluster):
    opinion = PolicyDocumentPage.objects.get(slug="guobanfa-2014-57")
    implementing = {doc.slug for doc in opinion.live_implementing()}
    assert implementing == {"ankang-2015-71", "beijing-2015-impl"}
    assert opinion.source_name == "中国政府网"


@pytest.mark.django_db
@PUBLIC
def test_policy_page_shows_metadata_and_links_both_ways(demo_cluster):
    opinion = get("/zcwj/guobanfa-2014-57/").content.decode()
    assert "国办发〔2014〕57号" in opinion
    assert re.search(r"索引号</th><td>009390121/2014-\d{5}</td>", opinion)
    assert "贯彻落实本文件的文件" in opinion
    assert "http://ankang.localhost:8000/zcwj/ankang-2015-71/" in opinion
    assert '来源：<a href="https://www.gov.cn/' in opinion
    assert "相关解读" in opinion
    ankang = get("/zcwj/ankang-2015-71/", host="ankang.localhost:8000").content.decode()
    assert "贯彻落实的上级文件" in ankang
    assert "http://www.localhost:8000/zcwj/guobanfa-2014-57/" in ankang


@pytest.mark.django_db
@PUBLIC
def test_repealed_document_says_so_prominently(demo_cluster):
    doc = PolicyDocumentPage.objects.get(slug="ankang-2015-71")
    doc.validity = Validity.REPEALED
    doc.validity_note = "被新文件废止"
    doc.save_revision().publish()
    html = get("/zcwj/ankang-2015-71/", host="ankang.localhost:8000").content.decode()
    assert (
        '<p class="validity-banner" role="alert"><strong>本文件已废止</strong>：被新文件废止</p>'
        in html
    )


@pytest.mark.django_db
@PUBLIC
def test_item_page_has_meta_tags_footer_and_publish_time(demo_cluster):
    html = get("/yaowen/news-002/").content.decode()
    for name in ("SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnType",
                 "ArticleTitle", "PubDate", "ContentSource", "Keywords", "Description"):  # fmt: skip
        assert f'<meta name="{name}" content="' in html, name
    assert '<meta name="SiteIDCode" content="5201000001">' in html
    assert '<meta name="ColumnType" content="政务动态/要闻">' in html
    assert re.search(
        r'<meta name="PubDate" content="\d{4}-\d{2}-\d{2} \d{2}:\d{2}">', html
    )
    assert re.search(r"发布时间：<time[^>]*>\d{4}-\d{2}-\d{2} \d{2}:\d{2}</time>", html)
    for label in ("主办单位：", "承办单位：", "联系方式：", "网站标识码：5201000001", "ICP备案号：",
                  "公安机关备案号：", "党政机关网站标识", "我为政府网站找错"):  # fmt: skip
        assert label in html, label
    assert 'aria-label="当前位置"' in html


@pytest.mark.django_db
@PUBLIC
def test_column_list_is_paginated_by_path(demo_cluster):
    column = ColumnPage.objects.get(url_path="/www/yaowen/")
    column.per_page = 5
    column.save_revision().publish()
    total = column.paginator().count
    assert 10 < total <= 15
    first = get("/yaowen/").content.decode()
    assert f"共 {total} 条，第 1/3 页" in first
    assert 'href="/yaowen/page/2/" rel="next">下一页</a>' in first
    assert 'href="/yaowen/page/3/">尾页</a>' in first
    assert '<span class="disabled">首页</span>' in first
    assert 'action="/_page/"' in first and "跳转" in first
    third = get("/yaowen/page/3/").content.decode()
    assert f"共 {total} 条，第 3/3 页" in third
    assert 'href="/yaowen/">首页</a>' in third
    assert 'href="/yaowen/page/2/" rel="prev">上一页</a>' in third
    assert get("/yaowen/page/4/").status_code == 404
    assert get("/yaowen/page/1/").status_code == 404


@pytest.mark.django_db
@PUBLIC
def test_jump_to_a_list_page(demo_cluster):
    """「跳转」: a number goes to its page, past either end to the first or last,
    anything else to the first; another site's column is not found."""
    column = ColumnPage.objects.get(url_path="/www/yaowen/")
    column.per_page = 5
    column.save_revision().publish()
    for asked, where in (("2", "/yaowen/page/2/"), ("99", "/yaowen/page/3/"),
                         ("0", "/yaowen/"), ("abc", "/yaowen/"), ("", "/yaowen/"),
                         ("２", "/yaowen/"), ("9" * 30, "/yaowen/")):  # fmt: skip
        response = get(f"/_page/?column={column.pk}&page={asked}")
        assert response.status_code == 302, asked
        assert response["Location"] == where, asked
    other = ColumnPage.objects.exclude(url_path__startswith="/www/").first()
    assert get(f"/_page/?column={other.pk}&page=2").status_code == 404
    assert get("/_page/?column=abc").status_code == 404


def test_page_numbers_leave_out_the_middle():
    from types import SimpleNamespace

    from jiyue.content.templatetags.jiyue_public import page_numbers

    def numbers(current, last):
        paginator = SimpleNamespace(num_pages=last)
        return page_numbers(SimpleNamespace(number=current, paginator=paginator))

    assert numbers(1, 1) == [1]
    assert numbers(1, 3) == [1, 2, 3]
    assert numbers(6, 12) == [1, None, 4, 5, 6, 7, 8, None, 12]
    assert numbers(2, 12) == [1, 2, 3, 4, None, 12]


@pytest.mark.django_db
@PUBLIC
def test_care_mode_works_without_javascript_and_is_remembered(demo_cluster):
    client = Client()
    assert get("/_care/style.css", client=client).content == b""
    response = get("/_care/toggle/?next=/yaowen/", client=client)
    assert response.status_code == 302
    assert response["Location"] == "/yaowen/"
    assert response.cookies["jiyue_care"]["max-age"] == 365 * 24 * 3600
    css = get("/_care/style.css", client=client).content.decode()
    assert "line-height: 1.8" in css
    assert "font-size: 20px" in css
    get("/_care/toggle/?next=/", client=client)
    assert get("/_care/style.css", client=client).content == b""


@pytest.mark.django_db
@PUBLIC
def test_care_toggle_refuses_foreign_redirects(demo_cluster):
    response = get("/_care/toggle/?next=https://evil.example/")
    assert response["Location"] == "/"


@pytest.mark.django_db
@PUBLIC
def test_topic_page_lists_its_items(demo_cluster):
    html = get("/zhuanti-wzjs/").content.decode()
    assert "建好管好用好政府网站" in html
    assert html.count('href="/zhuanti-wzjs/zt-') == 3


@pytest.mark.django_db
@PUBLIC
def test_a_missing_page_is_chinese_in_the_sites_frame(demo_cluster):
    response = get("/meiyou-zhe-ge-ye/", host="ankang.localhost:8000")
    html = response.content.decode()
    assert response.status_code == 404
    assert "抱歉，您访问的页面不存在" in html
    assert "安康市人民政府" in html  # the site's own header
    assert "返回安康市人民政府首页" in html
    assert "Not Found" not in html


@pytest.mark.django_db
@PUBLIC
def test_a_server_error_is_chinese_even_without_the_frame(demo_cluster, monkeypatch):
    from django.test import RequestFactory

    from jiyue.content import errors

    request = RequestFactory().get("/", HTTP_HOST="www.localhost:8000")
    framed = errors.server_error(request).content.decode()
    assert "抱歉，系统繁忙" in framed and "网站标识码" in framed

    def broken(*args, **kwargs):
        raise RuntimeError("数据库不可用")

    monkeypatch.setattr(
        "jiyue.content.templatetags.jiyue_public.site_context_for", broken
    )
    plain = errors.server_error(request)
    assert plain.status_code == 500
    assert "抱歉，系统繁忙" in plain.content.decode()
