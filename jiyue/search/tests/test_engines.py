"""Both engines, on the same documents and the same structured queries:
matching, ranking, 文号, filters, facets, sorting, paging, changes, rebuilds."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from jiyue.search import lexicon
from jiyue.search.documents import IndexDoc
from jiyue.search.engines import get_engine, parallel, postgres_engine, tantivy_engine
from jiyue.search.engines.base import SAMPLE_BUCKETS, SAMPLED_BUCKETS, EngineQuery
from jiyue.search.models import SearchRebuild
from jiyue.search.query import clauses, parse
from jiyue.search.segment import Segmenter

NOW = timezone.make_aware(datetime(2024, 6, 1, 10, 0))


def doc(key, title, body="", *, site=1, days=0, **fields):
    return IndexDoc(
        key=key, site_id=site, url=f"/{key.replace(':', '-')}/", title=title,
        body=body, kind=fields.pop("kind", "article"), kind_label="信息",
        date=NOW - timedelta(days=days), **fields,
    )  # fmt: skip


DOCS = [
    doc(
        "page:1",
        "关于加强政府网站信息内容建设的意见",
        "各地区、各部门要加强网站管理。",
        kind="policy",
        doc_number="国办发〔2014〕57号",
        meta="国办发〔2014〕57号 国务院办公厅",
        issuer="国务院办公厅",
        topic="政务公开",
        validity="valid",
        days=3650,
    ),
    doc(
        "page:2",
        "安康市召开工作推进会",
        "会议传达了国办发〔2014〕57号文件精神，政府网站要办好。",
        site=2,
        column_kind="news",
        days=10,
    ),
    doc(
        "page:3",
        "社会保险费缴费基数调整",
        "社保缴费基数按上年平均工资确定。",
        column_kind="notice",
        days=5,
    ),
    doc(
        "page:4",
        "醫療保障局關於門診報銷的通知",
        "醫療保障待遇。",
        site=2,
        column_kind="notice",
        days=1,
    ),
    doc(
        "page:5",
        "旧的政府网站管理办法",
        "政府网站管理。",
        kind="policy",
        validity="repealed",
        issuer="某市政府",
        topic="政务公开",
        days=2000,
    ),
    doc(
        "page:6",
        "政府网站管理办法",
        "政府网站管理。",
        kind="policy",
        validity="valid",
        issuer="某市政府",
        topic="政务公开",
        days=100,
    ),
]


def rebuilt(engine, docs) -> int:
    """``engine`` rebuilt with ``docs`` as ``indexing.rebuild`` records a build."""
    build = SearchRebuild.objects.create(engine=engine.name, started_at=NOW)
    engine.rebuild(docs, lexicon.current().segmenter, build_id=build.pk)
    SearchRebuild.objects.filter(pk=build.pk).update(finished_at=NOW)
    return build.pk


@pytest.fixture
def engine(search_engine_setting, db):
    engine = get_engine(search_engine_setting)
    rebuilt(engine, DOCS)
    yield engine
    engine.close()


def run(engine, text, **options):
    lex = lexicon.current()
    query = EngineQuery(clauses=clauses(parse(text, lex), lex, None), **options)
    return engine.search(query)


def keys(result):
    return [hit.key for hit in result.hits]


def test_a_word_inside_a_longer_one_is_found(engine):
    assert set(keys(run(engine, "网站"))) == {"page:1", "page:2", "page:5", "page:6"}


def test_a_title_match_comes_before_a_text_match(engine):
    result = run(engine, "网站 信息")
    assert keys(result)[0] == "page:1"


def test_a_doc_number_finds_the_document_first(engine):
    result = run(engine, "国办发[2014]57号")
    assert keys(result) == ["page:1", "page:2"]
    assert result.hits[0].doc_number == "国办发〔2014〕57号"


def test_traditional_text_is_found_in_simplified(engine):
    assert keys(run(engine, "医疗保障")) == ["page:4"]
    assert keys(run(engine, "醫療")) == ["page:4"]


def test_synonyms_find_each_other(engine):
    assert set(keys(run(engine, "医保"))) == {"page:4"}
    assert set(keys(run(engine, "社保"))) == {"page:3"}
    assert set(keys(run(engine, "社会保险"))) == {"page:3"}


def test_a_repealed_document_comes_after_a_current_one(engine):
    result = run(engine, "管理办法")
    assert keys(result)[:2] == ["page:6", "page:5"]


def test_sites_filters_and_facets(engine):
    assert set(keys(run(engine, "网站", site_ids=frozenset({2})))) == {"page:2"}
    result = run(engine, "网站", filters={"validity": "valid"})
    assert set(keys(result)) == {"page:1", "page:6"}
    # A chosen facet still shows its other values, with their counts.
    assert dict(result.facets["validity"]) == {"valid": 2, "repealed": 1}
    assert dict(result.facets["site"]) == {1: 2}
    assert dict(result.facets["topic"]) == {"政务公开": 2}
    assert dict(result.facets["year"])[2024] == 1


def test_sorted_by_date_and_paged(engine):
    result = run(engine, "网站", sort="date", limit=2)
    assert keys(result) == ["page:2", "page:6"] and result.total == 4
    assert keys(run(engine, "网站", sort="date", limit=2, offset=2)) == [
        "page:5",
        "page:1",
    ]


def test_a_phrase_needs_its_words_together(engine):
    assert keys(run(engine, '"医疗保障局"')) == ["page:4"]
    assert keys(run(engine, '"保障局医疗"')) == []


def test_changes_replace_and_remove_documents(engine):
    segmenter = lexicon.current().segmenter
    engine.upsert([doc("page:3", "养老保险待遇调整")], segmenter)
    engine.upsert([doc("page:7", "公积金提取办法")], segmenter)
    assert keys(run(engine, "社会保险")) == []
    assert keys(run(engine, "养老保险")) == ["page:3"]
    assert keys(run(engine, "住房公积金")) == ["page:7"]
    engine.delete(["page:7"])
    assert keys(run(engine, "公积金")) == []


def test_one_site_replaced_in_one_step(engine):
    engine.replace_site(
        2, [doc("page:8", "安康新闻", site=2)], lexicon.current().segmenter
    )
    assert keys(run(engine, "安康")) == ["page:8"]
    assert "page:1" in keys(run(engine, "网站"))


def test_a_rebuild_swaps_in_a_new_index(engine):
    build_id = rebuilt(engine, [doc("page:9", "新索引")])
    assert engine.built_id() == build_id
    assert keys(run(engine, "新索引")) == ["page:9"]
    assert keys(run(engine, "网站")) == []


def test_a_rebuild_segmented_by_worker_processes_finds_the_same(
    search_engine_setting, db, settings, monkeypatch
):
    settings.JIYUE_SEARCH_BUILD_WORKERS = 2
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 20)
    notices = [
        doc(f"page:{100 + n}", f"第{n}期政府网站工作通报", "网站抽查情况。", days=n)
        for n in range(150)
    ]
    engine = get_engine(search_engine_setting)
    build = SearchRebuild.objects.create(engine=engine.name, started_at=NOW)
    done = []
    count = engine.rebuild(
        [*DOCS, *notices], lexicon.current().segmenter, build_id=build.pk,
        progress=done.append,
    )  # fmt: skip
    SearchRebuild.objects.filter(pk=build.pk).update(finished_at=NOW)
    assert count == sum(done) == len(DOCS) + 150
    assert run(engine, "网站").total == 4 + 150
    assert keys(run(engine, "国办发[2014]57号")) == ["page:1", "page:2"]
    assert keys(run(engine, "醫療")) == ["page:4"]
    assert keys(run(engine, "网站 通报", sort="date", limit=2)) == [
        "page:100",
        "page:101",
    ]
    # One site replaced the same way, in one step.
    engine.replace_site(1, notices[:40], lexicon.current().segmenter)
    assert run(engine, "通报").total == 40
    assert keys(run(engine, "网站", site_ids=frozenset({2}))) == ["page:2"]
    engine.close()


def test_a_title_match_wins_and_every_match_is_counted_when_ranking_is_capped(
    search_engine_setting, db, monkeypatch
):
    # PostgreSQL ranks at most RANKED_AT_MOST candidates; here far fewer
    # than the matches (tantivy ranks them all: the same answers).
    monkeypatch.setattr(postgres_engine, "RANKED_AT_MOST", 5)
    texts = [
        doc(f"page:{200 + n}", f"第{n}期工作动态", "网站运行正常。网站已更新。",
            site=1 + n % 3, days=n)
        for n in range(30)
    ]  # fmt: skip
    titled = [
        doc("page:300", "政府网站年度报表", "报表。", days=3000, validity="valid"),
        doc("page:301", "旧的网站年度报表", "报表。", days=10, validity="repealed"),
    ]
    engine = get_engine(search_engine_setting)
    rebuilt(engine, [*texts, *titled])
    result = run(engine, "网站")
    assert keys(result)[:2] == ["page:300", "page:301"]
    assert result.total == 32
    assert dict(result.facets["site"]) == {1: 12, 2: 10, 3: 10}
    assert run(engine, "网站", facets=False).total == 32
    assert run(engine, "网站", offset=30).total == 32
    assert len(keys(run(engine, "网站", offset=30))) == 2
    filtered = run(engine, "网站", filters={"site": 2})
    assert filtered.total == 10 and dict(filtered.facets["site"])[1] == 12
    engine.close()


def in_sample(engine, docs) -> list:
    """The documents of ``docs`` in the sampled buckets, computed apart from
    the engine's index: tantivy's bucket is crc32 of the key, PostgreSQL's the
    server's ``hashtext`` (its column is generated from it)."""
    if engine.name == "tantivy":
        bucket = tantivy_engine.sample_bucket
        return [d for d in docs if bucket(d.key) < SAMPLED_BUCKETS]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT k FROM unnest(%s::text[]) k WHERE hashtext(k) & 63 < %s",
            [[d.key for d in docs], SAMPLED_BUCKETS],
        )
        inside = {key for (key,) in cursor.fetchall()}
    return [d for d in docs if d.key in inside]


def engine_module(engine):
    return tantivy_engine if engine.name == "tantivy" else postgres_engine


def test_a_query_matching_very_many_documents_is_counted_on_a_sample(
    search_engine_setting, db, monkeypatch
):
    """Beyond APPROXIMATE_ABOVE matches an engine counts the total and the
    facets over SAMPLED_BUCKETS of its 64 sample buckets, scaled, and says so;
    the hits are the same as with every match counted (ADR 0617, 0618)."""
    notices = [
        doc(f"page:{1000 + n}", f"第{n}期网站检查通报", "检查情况。",
            site=1 + n % 4, days=n)
        for n in range(400)
    ]  # fmt: skip
    engine = get_engine(search_engine_setting)
    module = engine_module(engine)
    monkeypatch.setattr(module, "APPROXIMATE_ABOVE", 100)
    rebuilt(engine, [*DOCS, *notices])
    sampled = in_sample(engine, notices)
    scale = SAMPLE_BUCKETS // SAMPLED_BUCKETS
    assert len(sampled) * scale > 100  # the premise: "many" seen on the sample
    assert len(sampled) < len(notices) / 4  # and a sample, not every match

    result = run(engine, "通报")
    assert result.approximate
    assert result.total == len(sampled) * scale
    per_site = {}
    for d in sampled:
        per_site[d.site_id] = per_site.get(d.site_id, 0) + scale
    assert dict(result.facets["site"]) == per_site
    by_date = run(engine, "通报", sort="date", limit=3)
    assert by_date.approximate and keys(by_date) == [
        "page:1000",
        "page:1001",
        "page:1002",
    ]
    # A filter: the sample of the filtered query tells whether to count all.
    filtered = run(engine, "通报", filters={"site": 2})
    assert filtered.approximate == (per_site[2] > 100)
    # A chosen value's siblings are counted over every site's matches: very
    # many, so on the sample, and said so when the rest is counted.
    assert dict(filtered.facets["site"]) == per_site
    assert filtered.approximate or filtered.estimated == {"site"}

    monkeypatch.setattr(module, "APPROXIMATE_ABOVE", 10_000)
    exact = run(engine, "通报")
    assert not exact.approximate and exact.total == 400
    assert keys(exact) == keys(result)
    assert dict(exact.facets["site"]) == {1: 100, 2: 100, 3: 100, 4: 100}
    exact_filtered = run(engine, "通报", filters={"site": 2})
    assert exact_filtered.total == 100 and not exact_filtered.estimated
    assert dict(exact_filtered.facets["site"]) == {1: 100, 2: 100, 3: 100, 4: 100}
    # A query with few matches is counted exactly whatever the threshold.
    monkeypatch.setattr(module, "APPROXIMATE_ABOVE", 100)
    few = run(engine, "醫療")
    assert not few.approximate and few.total == 1
    # The sample follows changes: documents removed, one site replaced.
    engine.delete([d.key for d in notices[:100]])
    segmenter = lexicon.current().segmenter
    engine.replace_site(1, [d for d in notices[100:] if d.site_id == 1], segmenter)
    kept = in_sample(engine, notices[100:])
    assert run(engine, "通报").total == len(kept) * scale
    engine.close()


def test_the_page_of_very_many_matches_is_the_page_every_match_gives(
    search_engine_setting, db, monkeypatch
):
    """The page of an estimated query is found apart from the counts
    (PostgreSQL walks its ordered indexes tier by tier: the exact 文号, the
    title, the text); it is the page the pass over every match gives, for
    relevance and date, on the first page and further, with filters."""
    monkeypatch.setattr(postgres_engine, "RANKED_AT_MOST", 5)
    texts = [
        doc(f"page:{200 + n}", f"第{n}期工作动态", "政府网站运行正常。依据国办发〔2014〕57号，网站已更新。",
            site=1 + n % 3, days=n, validity=("valid", "repealed", "")[n % 3])
        for n in range(30)
    ]  # fmt: skip
    others = [
        doc("page:300", "政府网站年度报表", "报表。", days=3000, validity="valid"),
        doc("page:301", "旧的网站年度报表", "报表。", days=10, validity="repealed"),
        doc("page:302", "转发国办发〔2014〕57号的通知", "网站。", site=2, days=7),
    ]
    engine = get_engine(search_engine_setting)
    module = engine_module(engine)
    rebuilt(engine, [*DOCS, *texts, *others])
    cases = [
        ("网站", {}),
        ("网站", {"offset": 3}),
        ("网站", {"offset": 8, "limit": 4}),
        ("网站", {"sort": "date", "offset": 2}),
        ("网站", {"filters": {"site": 2}}),
        ("网站", {"filters": {"year": 2024}}),
        ("网站", {"filters": {"year": 2024}, "sort": "date", "offset": 3}),
        ("网站", {"filters": {"validity": "repealed"}}),
        ("网站", {"filters": {"validity": "valid"}, "sort": "date", "offset": 2}),
        ("网站", {"site_ids": frozenset({1, 3})}),
        ("国办发〔2014〕57号", {}),
        ("工作动态", {}),
        ('"政府网站"', {}),
        ("网站 报表", {}),
    ]
    for text, options in cases:
        monkeypatch.setattr(module, "APPROXIMATE_ABOVE", 10**9)
        every = run(engine, text, **options)
        monkeypatch.setattr(module, "APPROXIMATE_ABOVE", -1)
        walked = run(engine, text, **options)
        assert walked.approximate and not every.approximate
        assert keys(walked) == keys(every), (text, options)
        assert keys(every), (text, options)
    assert "page:1" in keys(run(engine, "国办发〔2014〕57号"))  # the 文号's tier
    engine.close()


def test_an_index_of_an_earlier_schema_counts_as_not_built(db, settings):
    """tantivy refuses to open an index whose schema differs: one built by an
    earlier version is not searched (nor written) until rebuilt."""
    import json

    settings.JIYUE_SEARCH_ENGINE = "tantivy"
    engine = get_engine("tantivy")
    build_id = rebuilt(engine, DOCS)
    assert engine.built_id() == build_id and run(engine, "网站").total == 4
    build_file = engine.directory / "current" / tantivy_engine.BUILD_FILE
    build_file.write_text(json.dumps({"build_id": build_id}))  # no schema: version 1
    engine.close()
    assert engine.built_id() is None
    assert engine.index() is None
    assert run(engine, "网站").total == 0


def test_the_postgresql_text_index_is_rum_where_installed_else_gin(db):
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":  # the table is there, unused, unindexed
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE name = 'search_entry_document'"
            )
            assert cursor.fetchone() == (0,)
            return
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        rum = cursor.fetchone() is not None
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'search_entry_document'"
        )
        (definition,) = cursor.fetchone()
    assert ("USING rum" if rum else "USING gin") in definition


def test_a_tsvector_literal_keeps_order_limits_and_quotes():
    """Each word once with its positions in the order of title, metadata and
    text; at most 256 positions a word; positions capped at 16383; quotes and
    backslashes escaped."""
    tsvector_literal = postgres_engine.tsvector_literal
    title = [("网站", 0, 2), ("政府", 2, 4)]
    body = [("网站", 5, 7), ("it's", 9, 13), ("a\\b", 14, 17)]
    assert tsvector_literal([("A", title), ("D", body)]) == (
        "'网站':1A,4005D '政府':3A 'it''s':4009D 'a\\\\b':4014D"
    )
    many = [("的", n, n + 1) for n in range(300)]
    spots = tsvector_literal([("D", many)]).split(":")[1].split(",")
    assert len(spots) == 256 and spots[0] == "4000D"
    far = [("远", 13000, 13001), ("近", 1, 2)]
    assert tsvector_literal([("D", far)]) == "'远':16383D '近':4001D"
    assert tsvector_literal([("A", [])]) == ""


def test_a_workers_packed_words_give_tantivy_the_same_tokens():
    """What a worker sends back (words joined, offsets as bytes) becomes the
    same tokens as the words themselves; a word with a NUL is sent as is."""
    from jiyue.search.engines import tantivy_engine

    def tokens(words):
        pretokenized = tantivy_engine._pretokenized("", words)
        return [(t.text, t.position) for t in pretokenized.tokens]

    words = Segmenter().document_words("根据国办发〔2014〕57号文件精神")
    packed = tantivy_engine._packed(words)
    assert isinstance(packed, tuple)
    assert tokens(packed) == tokens(words) == [(w, at) for w, at, _end in words]
    odd = [("a\0b", 0, 3), ("c", 4, 5)]
    assert tantivy_engine._packed(odd) == odd
    assert tantivy_engine._packed([]) == []
