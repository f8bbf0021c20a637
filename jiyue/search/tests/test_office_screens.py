"""The office's side of the search in the admin (jiyue/search/admin/): best bets
per site, synonyms, the word list, the statistics; who may do which, on which
site (jiyue.cluster.tenancy, Capability.SEARCH); a change is effective at the
next query, without a restart; the pages are Chinese."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone
from lxml import html as lxml_html
from wagtail.models import ModelLogEntry, Page, Site

from jiyue.cluster.roles import Role
from jiyue.search import lexicon
from jiyue.search.models import BestBet, ClickLog, QueryLog, SearchWord, Synonym
from tests.chinese import data_words, english_words, menu_values
from tests.staff import login

from .helpers import ANKANG, PORTAL, publish_article, search, titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def www(demo_cluster):
    return Site.objects.get(hostname="www.localhost")


@pytest.fixture
def ankang(demo_cluster):
    return Site.objects.get(hostname="ankang.localhost")


@pytest.fixture
def staff(make_staff, www, ankang):
    def client_of(name, role=None, site=None):
        return login(Client(), make_staff(name, role, site))

    return client_of


def formset_data(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": str(initial),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"form-{i}-{key}"] = value
    return data


def bet_row(query, page="", url="", title="", sort_order="0") -> dict:
    return {"query": query, "page": page, "url": url, "title": title,
            "description": "", "sort_order": sort_order, "is_active": "on"}  # fmt: skip


def live_page(site: Site) -> Page:
    return (
        Page.objects.live()
        .descendant_of(site.root_page)
        .filter(depth__gt=site.root_page.depth + 1)
        .order_by("path")
        .first()
    )


# -- best bets ------------------------------------------------------------------------


def test_a_site_administrator_adds_a_best_bet_seen_at_the_next_search(
    staff, www, ankang
):
    client = staff("www-admin", Role.SITE_ADMIN, www)
    before = search(PORTAL, q="办事大厅")
    assert before.status_code == 200 and before.context.get("bets") == []
    built = lexicon.current()  # this process's lexicon, as a public worker keeps it
    page = live_page(www)
    url = f"/admin/search/bets/{www.pk}/"
    assert client.get("/admin/search/bets/").url == url  # one site: straight there
    response = client.post(url, formset_data("form", [bet_row("办事大厅", page.pk)]))
    assert response.status_code == 302
    bet = BestBet.objects.get()
    assert (bet.site, bet.page_id, bet.query) == (www, page.pk, "办事大厅")
    after = search(PORTAL, q="办事大厅")
    assert [b["title"] for b in after.context["bets"]] == [page.title]
    assert lexicon.current() is not built  # rebuilt from the shared version stamp
    # only on its own site
    assert search(ANKANG, q="办事大厅").context.get("bets") == []
    assert ModelLogEntry.objects.filter(action="jiyue.search.bet_save").exists()
    # deleting it takes it away at the next search too
    data = formset_data("form", [{**bet_row("办事大厅", page.pk), "id": bet.pk,
                                  "DELETE": "on"}], initial=1)  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert not BestBet.objects.exists()
    assert search(PORTAL, q="办事大厅").context.get("bets") == []


def test_bad_best_bets_are_refused_in_chinese_and_nothing_is_lost(staff, www, ankang):
    client = staff("www-admin", Role.SITE_ADMIN, www)
    url = f"/admin/search/bets/{www.pk}/"
    rows = [
        bet_row("社保查询", live_page(ankang).pk),  # another site's page
        bet_row("公积金", url="javascript:alert(1)", title="公积金"),
        bet_row("医保"),  # neither page nor link
    ]
    response = client.post(url, formset_data("form", rows))
    assert response.status_code == 200
    body = response.content.decode()
    assert "所选页面不属于本站点" in body
    assert "链接须以" in body
    assert "请选择一个页面，或者填写链接" in body
    assert 'value="社保查询"' in body and 'value="公积金"' in body
    assert not BestBet.objects.exists()


def test_another_sites_administrator_is_refused(staff, www, ankang):
    BestBet.objects.create(
        query="甲站秘密推荐", site=www, url="/x/", title="甲站秘密推荐"
    )
    Synonym.objects.create(terms="甲站词，甲站同义", site=www)
    client = staff("ankang-admin", Role.SITE_ADMIN, ankang)
    for path in (f"/admin/search/bets/{www.pk}/", f"/admin/search/synonyms/{www.pk}/"):
        assert client.get(path).status_code == 404
        assert client.post(path, formset_data("form", [])).status_code == 404
    for path in ("/admin/search/bets/cluster/", "/admin/search/synonyms/cluster/",
                 "/admin/search/words/"):  # fmt: skip
        assert client.get(path).status_code == 403
    assert client.get("/admin/search/stats/", {"site": www.pk}).status_code == 404
    own = client.get(f"/admin/search/bets/{ankang.pk}/")
    assert own.status_code == 200 and "甲站秘密推荐" not in own.content.decode()
    assert (
        "甲站词"
        not in client.get(f"/admin/search/synonyms/{ankang.pk}/").content.decode()
    )


def test_an_editor_has_no_search_screens(staff, www):
    client = staff("www-editor", Role.EDITOR, www)
    for path in ("/admin/search/", "/admin/search/bets/", "/admin/search/synonyms/",
                 "/admin/search/stats/", "/admin/search/stats/export/",
                 f"/admin/search/bets/{www.pk}/"):  # fmt: skip
        assert client.get(path).status_code == 403, path
    tree = lxml_html.document_fromstring(client.get("/admin/").content)
    assert not any("/admin/search/" in u for u in menu_values(tree, ("url",)))


# -- synonyms and the word list -------------------------------------------------------


def test_the_office_adds_a_cluster_synonym_effective_at_the_next_search(staff, www):
    publish_article(PORTAL, "城市书房开放时间调整", "各城市书房每日开放。")
    assert "城市书房开放时间调整" not in titles(search(PORTAL, q="自助图书馆"))
    client = staff("office", Role.PLATFORM_OFFICE)
    rows = formset_data("form", [{"terms": "城市书房 自助图书馆", "is_active": "on"}])
    response = client.post("/admin/search/synonyms/cluster/", rows)
    assert response.status_code == 302
    assert Synonym.objects.get().site is None
    assert "城市书房开放时间调整" in titles(search(PORTAL, q="自助图书馆"))
    assert ModelLogEntry.objects.filter(action="jiyue.search.synonym_save").exists()


def test_a_synonym_group_needs_two_words(staff, www):
    client = staff("www-admin", Role.SITE_ADMIN, www)
    url = f"/admin/search/synonyms/{www.pk}/"
    response = client.post(
        url, formset_data("form", [{"terms": "孤词", "is_active": "on"}])
    )
    assert "同义词组至少需要两个不同的词" in response.content.decode()
    assert not Synonym.objects.exists()
    good = formset_data("form", [{"terms": "老年证，老年人优待证", "is_active": "on"}])
    assert client.post(url, good).status_code == 302
    assert Synonym.objects.get().site == www


def test_the_office_keeps_the_word_list(staff, www):
    client = staff("office", Role.PLATFORM_OFFICE)
    assert "城市书房" not in lexicon.current().vocabulary
    data = {
        "action": "add",
        "add-words": "城市书房\n筑城广场，城市书房",
        "add-kind": "place",
    }
    assert client.post("/admin/search/words/", data).status_code == 302
    assert set(SearchWord.objects.values_list("word", flat=True)) == {
        "城市书房",
        "筑城广场",
    }
    assert "城市书房" in lexicon.current().vocabulary  # no restart
    assert lexicon.current().segmenter.has_word("城市书房")
    bad = {"action": "add", "add-words": "好\n城市书房", "add-kind": "place"}
    response = client.post("/admin/search/words/", bad)
    body = response.content.decode()
    assert response.status_code == 200 and "以下词语不符合要求" in body
    assert "好\n城市书房" in body  # the text stays in the form
    again = client.post("/admin/search/words/",
                        {"action": "add", "add-words": "城市书房", "add-kind": "place"},
                        follow=True)  # fmt: skip
    assert "已在词库中" in again.content.decode()
    word = SearchWord.objects.get(word="筑城广场")
    assert (
        client.post("/admin/search/words/", {"del-ids": [word.pk]}).status_code == 302
    )
    assert not SearchWord.objects.filter(word="筑城广场").exists()
    assert ModelLogEntry.objects.filter(action="jiyue.search.word_delete").exists()
    listing = client.get("/admin/search/words/", {"q": "城市"}).content.decode()
    assert "城市书房" in listing


# -- statistics -----------------------------------------------------------------------


def _logs(www, ankang):
    today = timezone.localdate()
    for query, site, results, times in (
        ("社保查询", www, 12, 5), ("无此事项", www, 0, 3), ("公积金", www, 4, 2),
        ("安康专有词", ankang, 3, 7),
    ):  # fmt: skip
        for _n in range(times):
            QueryLog.objects.create(query=query, site=site, scope="site",
                                    results=results, searched_on=today)  # fmt: skip
    ClickLog.objects.create(query="社保查询", site=www, url="/x/", position=1,
                            clicked_on=today)  # fmt: skip
    QueryLog.objects.create(query="上月的词", site=www, scope="site", results=1,
                            searched_on=date(2020, 1, 15))  # fmt: skip
    return today


def test_a_site_administrator_sees_his_sites_statistics_and_exports_them(
    staff, www, ankang
):
    from openpyxl import load_workbook

    today = _logs(www, ankang)
    client = staff("www-admin", Role.SITE_ADMIN, www)
    response = client.get("/admin/search/stats/")
    assert response.status_code == 200
    result = response.context["report"]
    assert (result.searches, result.no_result_searches, result.clicks) == (10, 3, 1)
    assert [r["query"] for r in result.top] == ["社保查询", "无此事项", "公积金"]
    assert [r["query"] for r in result.no_result] == ["无此事项"]
    assert [r["query"] for r in result.no_click] == ["公积金"]
    assert "安康专有词" not in response.content.decode()
    assert "2020-01" in response.context["months"]
    old = client.get("/admin/search/stats/", {"month": "2020-01"}).context["report"]
    assert [r["query"] for r in old.top] == ["上月的词"]
    bad = client.get("/admin/search/stats/", {"month": "去年"}, follow=True)
    assert "月份格式应为" in bad.content.decode()
    export = client.get("/admin/search/stats/export/", {"month": f"{today:%Y-%m}"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(export.content))
    assert book.sheetnames == ["概况", "热门搜索词", "无结果搜索词", "有结果无点击"]
    top = list(book["热门搜索词"].iter_rows(values_only=True))
    assert top[0][0] == "搜索词" and top[1][:2] == ("社保查询", 5)
    assert all("安康专有词" not in str(row) for row in top)


def test_the_office_sees_every_sites_statistics(staff, www, ankang):
    _logs(www, ankang)
    client = staff("office", Role.PLATFORM_OFFICE)
    result = client.get("/admin/search/stats/").context["report"]
    assert result.searches == 17 and result.top[0]["query"] == "安康专有词"
    one = client.get("/admin/search/stats/", {"site": ankang.pk}).context["report"]
    assert [r["query"] for r in one.top] == ["安康专有词"]


def test_the_query_log_keeps_no_personal_data():
    fields = {f.name for f in QueryLog._meta.get_fields()}
    assert fields == {"id", "query", "site", "scope", "results", "searched_on"}
    fields = {f.name for f in ClickLog._meta.get_fields()}
    assert fields == {"id", "query", "site", "url", "position", "clicked_on"}


# -- the pages are Chinese ------------------------------------------------------------


def test_every_search_screen_is_chinese(staff, www, ankang):
    _logs(www, ankang)
    BestBet.objects.create(query="办事大厅", site=www, page=live_page(www))
    Synonym.objects.create(terms="医保，医疗保障", site=www)
    SearchWord.objects.create(word="城市书房")
    client = staff("office", Role.PLATFORM_OFFICE)
    paths = ["/admin/search/bets/", "/admin/search/bets/cluster/",
             f"/admin/search/bets/{www.pk}/", "/admin/search/synonyms/",
             "/admin/search/synonyms/cluster/", f"/admin/search/synonyms/{www.pk}/",
             "/admin/search/words/", "/admin/search/stats/",
             f"/admin/search/stats/?site={www.pk}&month=bad"]  # fmt: skip
    known = data_words()
    for path in paths:
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        assert english_words(response.content.decode(), known, path) == set(), path
    tree = lxml_html.document_fromstring(client.get("/admin/").content)
    labels = set(menu_values(tree, ("label",)))
    assert {"站内搜索", "推荐结果", "同义词", "搜索词库", "搜索统计"} <= labels
    assert "/admin/search/words/" in menu_values(tree, ("url",))


def test_a_site_administrator_sees_the_menu_without_the_word_list(staff, www):
    client = staff("www-admin", Role.SITE_ADMIN, www)
    tree = lxml_html.document_fromstring(client.get("/admin/").content)
    urls = menu_values(tree, ("url",))
    assert "/admin/search/stats/" in urls and "/admin/search/bets/" in urls
    assert "/admin/search/words/" not in urls
    assert client.get("/admin/search/words/").status_code == 403
