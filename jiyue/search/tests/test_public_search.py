"""The public search page on the demo cluster: scope by host, highlighting,
facets, pagination, 搜索即服务 cards, pinyin, synonyms, 「您是不是要找」, best
bets, the query log and the click redirect."""

import pytest
from django.test import Client

from jiyue.search.models import BestBet, ClickLog, QueryLog, Synonym

from .helpers import ANKANG, PORTAL, YUNYAN, publish_article, search, titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def services_content(demo_cluster):
    publish_article(
        PORTAL,
        "关于调整社会保险缴费基数的通知",
        "社会保险缴费基数按上年度平均工资确定。",
    )
    publish_article(ANKANG, "安康市医疗保障局门诊报销新规", "医疗保障待遇进一步提高。")
    publish_article(PORTAL, "住房公积金提取办法", "职工可以提取住房公积金用于租房。")


def test_a_site_without_a_parent_searches_the_whole_cluster_by_default(demo_cluster):
    response = search(PORTAL, q="网站")
    assert response.status_code == 200
    assert response.context["params"].scope == "cluster"
    sites = {item["site_name"] for item in response.context["items"]}
    sites |= {
        o["label"]
        for g in response.context["facet_groups"]
        if g["name"] == "site"
        for o in g["options"]
    }
    assert {"贵阳市人民政府", "安康市人民政府", "北京市人民政府"} <= sites


def test_a_site_below_the_portal_searches_itself_unless_widened(demo_cluster):
    own = search(YUNYAN, q="网站")
    assert own.context["params"].scope == "site"
    assert {i["site_name"] for i in own.context["items"]} == {"贵阳市云岩区人民政府"}
    wide = search(YUNYAN, q="网站", scope="cluster")
    assert wide.context["total"] > own.context["total"]
    # The cluster-wide results link to the other sites by their address.
    links = [i["url"] for i in wide.context["items"]]
    assert all(u.startswith(("/", "http://")) for u in links)


def test_the_subtree_holds_a_portal_and_the_sites_below_it(demo_cluster):
    response = search(PORTAL, q="网站", scope="subtree")
    site_facet = next(
        g for g in response.context["facet_groups"] if g["name"] == "site"
    )
    names = {o["label"] for o in site_facet["options"]}
    assert "安康市人民政府" not in names and "贵阳市人民政府" in names


def test_a_word_inside_a_title_is_found_and_marked(demo_cluster):
    response = search(PORTAL, q="网站")
    first = response.context["items"][0]
    assert "<mark>网站</mark>" in first["title"]
    assert response.context["total"] > 10
    assert "<mark>网站</mark>" in response.content.decode()


def test_titles_are_escaped_before_they_are_marked(demo_cluster):
    publish_article(PORTAL, "<script>alert(1)</script>网站测试标题", "正文")
    response = search(PORTAL, q="网站测试标题")
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_doc_number_answers_with_the_document_card_first(demo_cluster):
    for typed in ("国办发〔2014〕57号", "国办发[2014]57号", "国办发(2014)57号"):
        response = search(PORTAL, q=typed)
        (card,) = response.context["cards"]
        assert card.template == "search/cards/document.html"
        document = card.context["document"]
        assert document.doc_number == "国办发〔2014〕57号"
        assert titles(response)[0] == document.title
        html = response.content.decode()
        assert "发布机构" in html and "索引号" in html and document.index_no in html


def test_facets_filter_and_keep_their_siblings(demo_cluster):
    everything = search(PORTAL, q="网站")
    kinds = next(
        g for g in everything.context["facet_groups"] if g["name"] == "column_kind"
    )
    policy = next(o for o in kinds["options"] if o["label"] == "政策文件")
    filtered = Client().get("/search/" + policy["url"], HTTP_HOST=PORTAL)
    assert filtered.context["total"] == policy["count"]
    assert {i["kind_label"] for i in filtered.context["items"]} <= {"政策文件", "信息"}
    kinds_after = next(
        g for g in filtered.context["facet_groups"] if g["name"] == "column_kind"
    )
    assert len(kinds_after["options"]) == len(kinds["options"]) and kinds_after["clear"]


def test_results_are_paged_in_chinese(demo_cluster):
    first = search(PORTAL, q="网站")
    pagination = first.context["pagination"]
    assert pagination["pages"] > 1
    html = first.content.decode()
    assert "下一页" in html and "尾页" in html and "共 " in html
    second = search(PORTAL, q="网站", page="2")
    assert titles(second)[0] not in titles(first)
    assert search(PORTAL, q="网站", page="99999").status_code == 200


def test_counts_from_a_sample_are_shown_as_approximate(
    demo_cluster, settings, monkeypatch
):
    """A word in very many documents: tantivy counts on a sample and the page
    says 约 beside the total and each facet's count (ADR 0617)."""
    from jiyue.search.engines import tantivy_engine

    settings.JIYUE_SEARCH_ENGINE = "tantivy"
    exact = search(PORTAL, q="网站")
    html = exact.content.decode()
    assert (
        not exact.context["approximate"]
        and "找到 约" not in html
        and "（约 " not in html
    )
    monkeypatch.setattr(tantivy_engine, "APPROXIMATE_ABOVE", -1)  # every query
    response = search(PORTAL, q="网站")
    assert response.context["approximate"]
    assert titles(response) == titles(exact)
    html = response.content.decode()
    assert f"找到 约 {response.context['total']} 条结果" in html
    assert f"共 约 {response.context['total']} 条" in html and "（约 " in html


def test_an_estimate_is_shown_in_wan():
    from jiyue.search.searching import shown_count

    assert shown_count(975_000, True) == "约 97.5 万"
    assert shown_count(1_000_000, True) == "约 100 万"
    assert shown_count(12_340_000, True) == "约 1234 万"
    assert shown_count(10_600, True) == "约 1.06 万"
    assert shown_count(640, True) == "约 640"
    assert shown_count(975_123, False) == "975123"


def test_a_facet_counted_on_a_sample_is_shown_as_approximate_alone():
    """A chosen value's siblings over very many matches are estimated while
    the filtered results are counted (ADR 0618): 约 there, not elsewhere."""
    from jiyue.search.engines.base import EngineResult
    from jiyue.search.searching import Params, facet_groups

    result = EngineResult(
        3, [], {"year": [(2025, 64_000)], "validity": [("valid", 3)]},
        estimated=frozenset({"year"}),
    )  # fmt: skip
    shown = {
        group["name"]: [o["shown"] for o in group["options"]]
        for group in facet_groups(result, Params(q="网站"), {})
    }
    assert shown == {"year": ["约 6.4 万"], "validity": ["3"]}


def test_sorted_by_date(demo_cluster):
    response = search(PORTAL, q="网站", sort="date")
    dates = [i["date"] for i in response.context["items"]]
    assert dates == sorted(dates, reverse=True)


def test_repealed_documents_are_marked(demo_cluster):
    from jiyue.content.models import PolicyDocumentPage

    document = PolicyDocumentPage.objects.get(doc_number="国办发〔2014〕57号")
    document.validity = "repealed"
    document.save_revision().publish()
    response = search(PORTAL, q="国办发〔2014〕57号")
    assert response.context["items"][0]["validity_mark"] == "已废止"
    assert "已废止" in response.content.decode()


def test_colloquial_words_pinyin_and_initials(services_content):
    assert titles(search(PORTAL, q="社保"))[0] == "关于调整社会保险缴费基数的通知"
    # The demo's service guides (医疗保险参保, 公积金提取) rank with the articles.
    assert "安康市医疗保障局门诊报销新规" in titles(search(PORTAL, q="医保"))
    assert "住房公积金提取办法" in titles(search(PORTAL, q="公积金提取"))
    for letters in ("shebao", "sb"):
        response = search(PORTAL, q=letters)
        assert titles(response)[0] == "关于调整社会保险缴费基数的通知", letters
        assert "社保" in response.context["notice"]


def test_a_homophone_is_searched_as_the_word_meant(services_content):
    response = search(PORTAL, q="社宝")
    assert titles(response)[0] == "关于调整社会保险缴费基数的通知"
    assert "「社宝」可能有误" in response.context["notice"]


def test_nothing_found_gets_did_you_mean(services_content):
    from jiyue.search import lexicon, suggest
    from jiyue.search.query import parse

    lex = lexicon.current()
    found = suggest.suggestions(parse("社宝", lex), lex, lambda word: word == "社保")
    assert found == ["社保"]
    response = search(PORTAL, q="zzxxqq")
    assert response.context["total"] == 0
    assert "没有找到" in response.content.decode()


def test_synonyms_of_the_office_apply_at_the_next_query(services_content):
    assert search(PORTAL, q="诊疗").context["total"] == 0
    Synonym.objects.create(terms="诊疗，门诊")
    assert titles(search(PORTAL, q="诊疗"))[0] == "安康市医疗保障局门诊报销新规"


def test_best_bets_come_first(demo_cluster):
    from jiyue.content.models import PolicyDocumentPage

    document = PolicyDocumentPage.objects.get(doc_number="国办发〔2014〕57号")
    BestBet.objects.create(query="网站建设", page=document, title="网站建设的总要求")
    response = search(PORTAL, q="网站建设")
    (bet,) = response.context["bets"]
    assert bet["title"] == "网站建设的总要求" and bet["url"]
    assert "推荐结果" in response.content.decode()


def test_bad_input_gets_a_chinese_message(demo_cluster):
    cases = {
        "": "请输入要搜索的内容。",
        "网" * 101: "搜索词太长了，请不要超过 100 个字。",
        "*:~^()": "没有可以搜索的词，请换个说法再试。",
        "锟斤拷": "搜索词中有乱码，请重新输入。",
    }
    for q, message in cases.items():
        response = search(PORTAL, q=q)
        assert response.status_code == 200
        assert response.context["message"] == message
        assert message in response.content.decode()


def test_the_page_without_a_query_is_just_the_form(demo_cluster):
    response = Client().get("/search/", HTTP_HOST=PORTAL)
    assert response.status_code == 200
    assert 'id="search-q"' in response.content.decode()
    assert not QueryLog.objects.exists()


def test_searches_are_logged_without_personal_data(demo_cluster):
    Client().get("/search/", {"q": "网站"}, HTTP_HOST=PORTAL, REMOTE_ADDR="10.1.2.3")
    (entry,) = QueryLog.objects.all()
    assert (entry.query, entry.scope, entry.site.hostname) == (
        "网站",
        "cluster",
        "www.localhost",
    )
    assert entry.results > 0
    fields = {f.name for f in QueryLog._meta.get_fields()}
    assert fields == {"id", "query", "site", "scope", "results", "searched_on"}


def test_a_click_is_recorded_and_redirected_on_the_cluster_only(demo_cluster):
    response = search(PORTAL, q="网站")
    go = response.context["items"][0]["go_url"]
    redirect = Client().get(go, HTTP_HOST=PORTAL)
    assert redirect.status_code == 302
    assert redirect["Location"] == response.context["items"][0]["url"]
    (click,) = ClickLog.objects.all()
    assert (click.query, click.position) == ("网站", 1)
    other = Client().get(
        "/search/go/",
        {"to": "http://ankang.localhost:8000/", "q": "x"},
        HTTP_HOST=PORTAL,
    )
    assert other.status_code == 302
    for target in ("http://evil.example/", "//evil.example/", "https://evil.example@www.localhost/",
                   "javascript:alert(1)", "/\\evil.example", "", "http:///evil.example"):  # fmt: skip
        refused = Client().get("/search/go/", {"to": target}, HTTP_HOST=PORTAL)
        assert refused.status_code == 400, target
        assert "链接地址无效" in refused.content.decode()
    assert ClickLog.objects.count() == 2


def test_the_search_box_is_on_every_public_page(demo_cluster):
    html = Client().get("/", HTTP_HOST=PORTAL).content.decode()
    assert (
        'action="/search/"' in html and 'name="q"' in html and 'role="search"' in html
    )


def test_a_column_or_a_leader_named_answers_with_its_card(demo_cluster):
    """Found through the page table's content-type index (answers.of_type)."""
    (card,) = [
        c
        for c in search(PORTAL, q="政策文件").context["cards"]
        if c.template == "search/cards/column.html"
    ]
    assert card.context["column"].title == "政策文件"
    leader = [
        c
        for c in search(PORTAL, q="李明远").context["cards"]
        if c.template == "search/cards/leader.html"
    ]
    assert [c.context["leader"].title for c in leader] == ["李明远"]
    assert search(PORTAL, q="张三丰").context["cards"] == []


def test_a_page_in_a_private_section_answers_with_no_card(demo_cluster):
    """The private sections are read once a search, for every answerer."""
    from wagtail.models import Page, PageViewRestriction

    def cards(text):
        return [c.template for c in search(PORTAL, q=text).context["cards"]]

    assert "search/cards/leader.html" in cards("李明远")
    assert "search/cards/column.html" in cards("政策文件")
    leader = Page.objects.get(title="李明远")
    PageViewRestriction.objects.create(page=leader, restriction_type="login")
    assert "search/cards/leader.html" not in cards("李明远")
    assert "search/cards/column.html" in cards("政策文件")
