"""Benchmark of the cluster search (prints figures, asserts nothing).

    .venv/bin/python bench/search.py --sites 20 --items 100000
    .venv/bin/python bench/search.py --var /tmp/searchbench          # reuse a cluster
    .venv/bin/python bench/search.py --var /tmp/searchbench --pg postgres://root@127.0.0.1:5432/searchbench
    .venv/bin/python bench/search.py --var /tmp/searchbench --write-relevance

1. a cluster in a fresh SQLite database under ``--var``: ``jiyue generate`` (corpus
   sentences), the demo cluster (the four real documents with their 文号), and the
   relevance targets below (service notices in formal words, policy documents with 文号);
   with ``--pg``, the same in that PostgreSQL database;
2. full index builds: tantivy (``jiyue search_reindex`` in a subprocess: items/s, peak
   RSS, size on disk), PostgreSQL's engine (same, with ``--pg``), and the two peers in the
   same run: Wagtail's own database search backend (FTS5 ``unicode61``, no segmentation;
   ``add_bulk`` of every page) and a bare SQLite FTS5 ``unicode61`` table of the same
   documents (no segmentation);
3. latency over a query mix (common words, rare words, 文号, pinyin, phrases; facets and
   snippets on), after one untimed round that warms the caches (its mean is printed):
   p50/p95 in the engine (parse + engine query + facets + highlighting) and through the
   public view (Django's test client, public URLconf, query log written), and
   each peer's top 10 for the same strings;
4. relevance: ``bench/search_relevance.tsv`` (query, the title that must come first,
   category): precision@1 and recall@10 for our search on each engine (its whole pipeline:
   synonyms, pinyin, and for a query that finds nothing the first 「您是不是要找」
   suggestion, as a citizen would click it) and for the peers (the string as typed).

The machine is shared and noisy: compare the figures of one run with each other.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RELEVANCE = ROOT / "bench" / "search_relevance.tsv"
JIYUE = [sys.executable, "-m", "jiyue.cli"]

# Formal titles a citizen looks for in colloquial words (service notices, documents).
TARGETS = [
    (
        "关于调整社会保险缴费基数的通知",
        "社会保险缴费基数按上年度全市职工月平均工资确定。",
        "",
    ),
    (
        "城乡居民医疗保障待遇调整办法",
        "参保人员门诊和住院的医疗保障待遇进一步提高。",
        "",
    ),
    ("住房公积金提取业务办理指南", "职工购房、租房可以申请提取住房公积金。", ""),
    ("住房公积金贷款申请条件", "缴存职工可以申请住房公积金个人住房贷款。", ""),
    ("户籍迁移办理须知", "办理户籍迁移须携带居民户口簿和居民身份证。", ""),
    ("居民身份证换领补领办理流程", "居民身份证有效期满或者损坏的，应当换领。", ""),
    ("企业营业执照办理流程", "申请人通过企业开办一网通办平台申领营业执照。", ""),
    ("个人所得税年度汇算办理指引", "纳税人可以通过个人所得税应用办理年度汇算。", ""),
    (
        "最低生活保障申请审核办法",
        "共同生活的家庭成员人均收入低于当地标准的，可以申请。",
        "",
    ),
    ("不动产登记一窗受理服务指南", "不动产登记实行一窗受理、集成服务。", ""),
    ("出入境证件办理指南", "普通护照和往来港澳通行证可以在出入境窗口办理。", ""),
    ("机动车驾驶证换证须知", "机动车驾驶证有效期满前九十日内申请换证。", ""),
    ("结婚登记办理指南", "内地居民结婚，男女双方应当共同到婚姻登记机关办理。", ""),
    ("义务教育阶段入学报名通知", "适龄儿童少年入学报名实行网上报名。", ""),
    ("创业担保贷款贴息政策", "符合条件的创业者可以申请创业担保贷款。", ""),
    (
        "关于印发政务服务事项清单的通知",
        "政务服务事项清单实行动态管理。",
        "黔府办发〔2023〕12号",
    ),
    (
        "关于进一步优化营商环境的若干措施",
        "持续优化营商环境，激发市场主体活力。",
        "筑府发〔2022〕8号",
    ),
    (
        "关于做好失业保险稳岗返还工作的通知",
        "失业保险稳岗返还政策惠及参保企业。",
        "人社部发〔2021〕29号",
    ),
    (
        "关于加强行政规范性文件制定和监督管理工作的通知",
        "行政规范性文件应当合法性审核。",
        "国办发〔2018〕37号",
    ),
    (
        "关于全面推行行政执法公示制度的指导意见",
        "行政执法公示制度、执法全过程记录制度。",
        "国办发〔2018〕118号",
    ),
]
# Queries about the targets: (query, expected title, category).
TARGET_QUERIES = [
    ("社保", 0, "colloquial"), ("社保缴费基数", 0, "colloquial"), ("社会保险", 0, "word"),
    ("社會保險", 0, "traditional"), ("shebao", 0, "pinyin"), ("sb", 0, "initials"),
    ("社宝", 0, "misspelling"), ("医保", 1, "colloquial"), ("医保待遇", 1, "colloquial"),
    ("醫療保障", 1, "traditional"), ("yibao", 1, "pinyin"), ("公积金提取", 2, "colloquial"),
    ("提取公积金", 2, "colloquial"), ("gongjijintiqu", 2, "pinyin"), ("公积金贷款", 3, "colloquial"),
    ("户口迁移", 4, "colloquial"), ("户籍迁移", 4, "word"), ("身份证补办", 5, "colloquial"),
    ("身份证换领", 5, "word"), ("营业执照", 6, "word"), ("办营业执照", 6, "colloquial"),
    ("个税汇算", 7, "colloquial"), ("个人所得税", 7, "word"), ("低保申请", 8, "colloquial"),
    ("低保", 8, "colloquial"), ("不动产登记", 9, "word"), ("护照办理", 10, "word"),
    ("驾驶证换证", 11, "word"), ("结婚登记", 12, "word"), ("入学报名", 13, "word"),
    ("创业担保贷款", 14, "word"), ("黔府办发〔2023〕12号", 15, "doc_number"),
    ("黔府办发[2023]12号", 15, "doc_number"), ("黔府办发(2023)12号", 15, "doc_number"),
    ("筑府发〔2022〕8号", 16, "doc_number"), ("筑府发【2022】8号", 16, "doc_number"),
    ("人社部发〔2021〕29号", 17, "doc_number"), ("人社部发[2021]29号", 17, "doc_number"),
    ("国办发〔2018〕37号", 18, "doc_number"), ("国办发[2018]37号", 18, "doc_number"),
    ("国办发〔2018〕118号", 19, "doc_number"), ("国办发（2018）118号", 19, "doc_number"),
    ("营商环境 若干措施", 16, "words"), ("\"行政执法公示制度\"", 19, "phrase"),
    ("稳岗返还", 17, "word"), ("政务服务事项清单", 15, "word"),
    ("个人所得税汇算", 7, "word"), ("營業執照", 6, "traditional"), ("不動產登記", 9, "traditional"),
    ("出入境", 10, "word"), ("婚姻登记", 12, "word"), ("gjjtq", 2, "initials"),
]  # fmt: skip
CORPUS_QUERIES = [
    ("国办发〔2014〕57号", "国务院办公厅关于加强政府网站信息内容建设的意见", "doc_number"),
    ("国办发[2014]57号", "国务院办公厅关于加强政府网站信息内容建设的意见", "doc_number"),
    ("国办发(2014)57号", "国务院办公厅关于加强政府网站信息内容建设的意见", "doc_number"),
    ("国办发【2014】57号", "国务院办公厅关于加强政府网站信息内容建设的意见", "doc_number"),
    ("安政办发〔2015〕71号", "安康市人民政府办公室关于加强政府网站信息内容建设的通知", "doc_number"),
    ("安政办发[2015]71号", "安康市人民政府办公室关于加强政府网站信息内容建设的通知", "doc_number"),
    ("筑府办发〔2018〕2号", "贵阳市人民政府办公厅关于贯彻落实《政府网站发展指引》的实施意见", "doc_number"),
    ("筑府办发(2018)2号", "贵阳市人民政府办公厅关于贯彻落实《政府网站发展指引》的实施意见", "doc_number"),
    ("政府网站发展指引 实施意见", "贵阳市人民政府办公厅关于贯彻落实《政府网站发展指引》的实施意见", "words"),
    ("北京 政府网站信息内容建设 实施意见", "北京市人民政府办公厅关于加强政府网站信息内容建设的实施意见", "words"),
    ("國務院辦公廳 政府網站", "国务院办公厅关于加强政府网站信息内容建设的意见", "traditional"),
]  # fmt: skip
GENERATED_QUERIES = (
    44  # item titles of the generated cluster: a title's start + its serial
)
COMMON = ["网站", "政府", "信息", "建设", "管理", "工作", "服务", "公开"]
MIX_EXTRA = [
    "国办发〔2014〕57号",
    "sb",
    "shebao",
    '"政府网站"',
    "政务公开 网站",
    "信息内容建设",
]


def run(command: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, env=env, check=True, cwd=ROOT, **kwargs)


def environment(var: Path, database: str | None) -> dict:
    env = {**os.environ, "JIYUE_VAR_DIR": str(var), "JIYUE_DEMO": "1"}
    env["JIYUE_TASK_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    env.pop("DATABASE_URL", None)
    if database:
        env["DATABASE_URL"] = database
    return env


SETUP = r"""
import django, os
django.setup()
from pathlib import Path
from django.conf import settings
from jiyue.demo import load_demo_cluster
load_demo_cluster(Path(settings.JIYUE_CORPUS_DIR))
from wagtail.models import Site
from jiyue.content.models import ArticlePage, ColumnPage, PolicyDocumentPage
import json, datetime
targets = json.loads(os.environ["BENCH_TARGETS"])
site = Site.objects.get(hostname="www.localhost")
notices = ColumnPage.objects.get(path__startswith=site.root_page.path, slug="tzgg", depth=site.root_page.depth + 1)
policies = ColumnPage.objects.get(path__startswith=site.root_page.path, slug="zcwj", depth=site.root_page.depth + 1)
for n, (title, body, number) in enumerate(targets):
    if number:
        page = PolicyDocumentPage(title=title, slug=f"bench-{n}", body=f"<p>{body}</p>", doc_number=number,
                                  issuer="贵阳市人民政府办公厅", published_on=datetime.date(2023, 3, 1))
        policies.add_child(instance=page)
    else:
        page = ArticlePage(title=title, slug=f"bench-{n}", body=f"<p>{body}</p>")
        notices.add_child(instance=page)
    page.save_revision().publish()
print("targets", len(targets))
"""


def make_cluster(var: Path, database: str | None, sites: int, items: int) -> None:
    env = environment(var, database)
    var.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    run([*JIYUE, "migrate", "-v", "0"], env)
    run(
        [
            *JIYUE,
            "generate",
            "--sites",
            str(sites),
            "--items",
            str(items),
            "--seed",
            "1",
        ],
        env,
    )
    env.update(
        DJANGO_SETTINGS_MODULE="jiyue.settings.admin", BENCH_TARGETS=json.dumps(TARGETS)
    )
    run([sys.executable, "-c", SETUP], env)
    print(
        f"cluster made in {time.perf_counter() - started:.0f} s ({database or 'SQLite'})"
    )


def build(var: Path, database: str | None, engine: str) -> dict:
    env = environment(var, database)
    started = time.perf_counter()
    # A fresh parent whose only child is the reindex: its peak RSS is the
    # reindex's own (this process's children include ``generate``).
    out = run([sys.executable, "-c", MEASURED, *JIYUE, "search_reindex", "--engine",
               engine, "--no-progress"], env, capture_output=True, text=True).stdout  # fmt: skip
    seconds = time.perf_counter() - started
    out, _sep, usage = out.rpartition("RUSAGE ")
    rss_kb, cpu = usage.split()
    count = int("".join(c for c in out.split("：")[1].split("条")[0] if c.isdigit()))
    return {"engine": engine, "documents": count, "seconds": seconds,
            "per_second": count / seconds, "rss_mb": int(rss_kb) // 1024,
            "cpu": float(cpu)}  # fmt: skip


MEASURED = r"""
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], check=True, capture_output=True, text=True)
print(done.stdout)
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print("RUSAGE", u.ru_maxrss, u.ru_utime + u.ru_stime)
"""


def directory_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# -- in-process part (Django set up on the cluster) --------------------------------


def setup_django(var: Path, database: str | None) -> None:
    os.environ.update(environment(var, database))
    os.environ["DJANGO_SETTINGS_MODULE"] = "jiyue.settings.public"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


class Ours:
    """Our pipeline on one engine, as the view runs it (without the template)."""

    def __init__(self, engine_name: str) -> None:
        from jiyue.search import lexicon
        from jiyue.search.engines import get_engine

        self.engine = get_engine(engine_name)
        self.name = engine_name
        self.lexicon = lexicon.current()

    def titles(self, text: str, *, follow_suggestion: bool = False) -> list[str]:
        from jiyue.search import highlight, searching, suggest
        from jiyue.search.query import highlight_terms, parse

        parsed = parse(text, self.lexicon)
        if not parsed.ok:
            return []
        params = searching.Params(q=text)
        found = searching.execute(parsed, self.lexicon, None, params, None, self.engine)
        terms = highlight_terms(found.parsed, found.engine_query.clauses)
        for hit in found.result.hits:
            highlight.marked(hit.title, terms)
            highlight.snippet(hit.body, terms)
        titles = [hit.title for hit in found.result.hits]
        if not titles and follow_suggestion:
            words = suggest.suggestions(
                parsed, self.lexicon, lambda w: bool(self.titles(w))
            )
            return self.titles(words[0]) if words else []
        return titles


class WagtailPeer:
    """Wagtail's own database backend (FTS5 unicode61 on SQLite), unsegmented."""

    name = "wagtail-db"

    def __init__(self) -> None:
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        self.backend = SQLiteSearchBackend({})

    def index(self) -> dict:
        from wagtail.models import Page

        from jiyue.search.documents import indexable_pages

        self.backend.reset_indexes()
        started, count = time.perf_counter(), 0
        cpu_started = time.process_time()
        ids = list(indexable_pages().values_list("pk", flat=True))
        for start in range(0, len(ids), 1000):
            pages = list(
                Page.objects.filter(pk__in=ids[start : start + 1000]).specific()
            )
            by_model: dict = {}
            for page in pages:
                by_model.setdefault(type(page), []).append(page)
            for model, objs in by_model.items():
                self.backend.add_bulk(model, objs)
            count += len(pages)
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        return {"engine": self.name, "documents": count, "seconds": seconds, "cpu": cpu,
                "per_second": count / seconds}  # fmt: skip

    def titles(self, text: str, **_kw) -> list[str]:
        from wagtail.models import Page

        try:
            return [
                p.title for p in self.backend.search(text, Page.objects.live())[:10]
            ]
        except Exception:  # noqa: BLE001 (a peer's syntax error is a miss)
            return []


class Fts5Peer:
    """A bare FTS5 table, unicode61, the same documents, no segmentation."""

    name = "fts5-unicode61"

    def __init__(self, path: Path) -> None:
        self.path = path

    def index(self) -> dict:
        from jiyue.search.documents import all_documents

        self.path.unlink(missing_ok=True)
        db = sqlite3.connect(self.path)
        db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='unicode61')"
        )
        started, count = time.perf_counter(), 0
        cpu_started = time.process_time()
        rows = ((d.title, d.meta + "\n" + d.body) for d in all_documents())
        for title, body in rows:
            db.execute("INSERT INTO docs VALUES (?, ?)", (title, body))
            count += 1
        db.commit()
        seconds = time.perf_counter() - started
        db.close()
        self.db = sqlite3.connect(self.path)
        cpu = time.process_time() - cpu_started
        return {"engine": self.name, "documents": count, "seconds": seconds, "cpu": cpu,
                "per_second": count / seconds, "bytes": self.path.stat().st_size}  # fmt: skip

    def titles(self, text: str, **_kw) -> list[str]:
        terms = " ".join(
            '"' + t.replace('"', "") + '"' for t in text.split() if t.replace('"', "")
        )
        if not terms:
            return []
        sql = "SELECT title FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 5.0, 1.0) LIMIT 10"
        try:
            return [row[0] for row in self.db.execute(sql, (terms,))]
        except sqlite3.Error:
            return []


def query_mix() -> list[str]:
    rows = relevance_rows()
    rare = [q for q, _t, c in rows if c in ("word", "colloquial")][:12]
    return COMMON + rare + MIX_EXTRA


def timed(function, queries: list[str], rounds: int) -> tuple[float, float]:
    """p50 and p95 over ``rounds`` rounds of the mix, after one round untimed
    but printed: the first reads what the index needs from disk (after the
    builds the page cache holds the peers' files), as a server does once."""
    started = time.perf_counter()
    for text in queries:
        function(text)
    cold = (time.perf_counter() - started) * 1000 / len(queries)
    print(f"  (first round, untimed: {cold:.1f} ms a query on average)")
    samples = []
    for _round in range(rounds):
        for text in queries:
            started = time.perf_counter()
            function(text)
            samples.append(time.perf_counter() - started)
    return percentiles(samples)


def view_latency(queries: list[str], rounds: int) -> tuple[float, float]:
    from django.test import Client

    client = Client()

    def get(text: str) -> None:
        response = client.get("/search/", {"q": text}, HTTP_HOST="www.localhost:8000")
        if response.status_code != 200:
            raise RuntimeError(f"{text!r}: {response.status_code}")

    return timed(get, queries, rounds)


_generated: list[tuple[str, str, str]] = []


def generated_rows() -> list[tuple[str, str, str]]:
    """Queries for items of the cluster at hand: a title's start and its serial.

    The generated titles depend on the cluster's size, so these rows are drawn
    from the cluster being measured (not read from the file, whose ``generated``
    rows are those of the cluster it was written from)."""
    if not _generated:
        from jiyue.content.models import ArticlePage

        generated = ArticlePage.objects.filter(slug__startswith="item-").order_by("pk")
        step = max(generated.count() // GENERATED_QUERIES, 1)
        for page in generated[::step][:GENERATED_QUERIES]:
            head, _sep, serial = page.title.rstrip("）").rpartition("（")
            _generated.append((f"{head} {serial}", page.title, "generated"))
    return _generated


def relevance_rows() -> list[tuple[str, str, str]]:
    with RELEVANCE.open(encoding="utf-8") as handle:
        fixed = [
            (r[0], r[1], r[2])
            for r in csv.reader(handle, delimiter="\t")
            if r and r[0] != "query" and r[2] != "generated"
        ]
    return fixed + generated_rows()


def write_relevance() -> None:
    """The labelled set, from the targets, the corpus and the generated items."""
    rows = [(q, TARGETS[i][0], c) for q, i, c in TARGET_QUERIES] + CORPUS_QUERIES
    rows += generated_rows()
    with RELEVANCE.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["query", "expected_title", "category"])
        writer.writerows(rows)
    print(f"wrote {len(rows)} labelled queries to {RELEVANCE.relative_to(ROOT)}")


def relevance(searcher) -> tuple[float, float, dict]:
    rows = relevance_rows()
    at1 = at10 = 0
    misses: dict[str, int] = {}
    for text, expected, category in rows:
        titles = searcher.titles(text, follow_suggestion=True)
        at1 += bool(titles) and titles[0] == expected
        at10 += expected in titles[:10]
        if not titles or titles[0] != expected:
            misses[category] = misses.get(category, 0) + 1
    return at1 / len(rows), at10 / len(rows), misses


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--var", type=Path)
    parser.add_argument(
        "--pg", help="a PostgreSQL URL: also build and measure its engine"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--write-relevance", action="store_true")
    args = parser.parse_args()
    var = args.var or Path(tempfile.mkdtemp(prefix="searchbench-"))
    if not (var / "jiyue.sqlite3").exists():
        make_cluster(var, None, args.sites, args.items)
    if args.pg and os.environ.get("BENCH_PG_READY") != "1":
        make_cluster(var / "pg", args.pg, args.sites, args.items)
    builds = [build(var, None, "tantivy")]
    builds[0]["bytes"] = directory_size(var / "search" / "tantivy" / "current")
    if args.pg:
        builds.append(build(var / "pg", args.pg, "postgres"))
    setup_django(var, None)
    if args.write_relevance or not RELEVANCE.exists():
        write_relevance()
    peers = [WagtailPeer(), Fts5Peer(var / "fts5-unicode61.sqlite3")]
    builds += [peer.index() for peer in peers]
    report(builds, [Ours("tantivy"), *peers], args)
    if args.pg:
        measure_pg(var, args)


def report(builds: list[dict], searchers: list, args) -> None:
    print("\n## index builds")
    for b in builds:
        size = f", {b['bytes'] / 1e6:.0f} MB" if "bytes" in b else ""
        rss = f", peak RSS {b['rss_mb']} MB" if "rss_mb" in b else ""
        cpu = (f", CPU {b['cpu']:.1f} s ({b['documents'] / b['cpu']:.0f}/CPU-s)"
               if b.get("cpu") else "")  # fmt: skip
        print(f"{b['engine']}: {b['documents']} documents in {b['seconds']:.1f} s "
              f"({b['per_second']:.0f}/s){rss}{size}{cpu}")  # fmt: skip
    queries = query_mix()
    print(
        f"\n## latency, {len(queries)} queries × {args.rounds} rounds (ms, p50 / p95)"
    )
    for searcher in searchers:
        p50, p95 = timed(searcher.titles, queries, args.rounds)
        print(f"{searcher.name}: {p50:.1f} / {p95:.1f}")
    p50, p95 = view_latency(queries, args.rounds)
    print(f"public view ({searchers[0].name}): {p50:.1f} / {p95:.1f}")
    print(f"\n## relevance, {len(relevance_rows())} labelled queries")
    for searcher in searchers:
        at1, at10, misses = relevance(searcher)
        print(
            f"{searcher.name}: P@1 {at1:.2f}, R@10 {at10:.2f}; misses at 1 by kind {misses}"
        )


def measure_pg(var: Path, args) -> None:
    """The PostgreSQL engine in a process of its own (Django is set up once)."""
    env = environment(var / "pg", args.pg)
    env["DJANGO_SETTINGS_MODULE"] = "jiyue.settings.public"
    code = (
        "import sys; sys.argv=['x']; sys.path.insert(0, 'bench'); import django; django.setup();"
        "import search as b; from types import SimpleNamespace as N;"
        "from django.db import connection; c = connection.cursor();"
        "c.execute(\"SELECT pg_total_relation_size('search_searchentry')\");"
        "print(f'postgres engine table and indexes: {c.fetchone()[0] / 1e6:.0f} MB');"
        f"b.report([], [b.Ours('postgres')], N(rounds={args.rounds}))"
    )
    run([sys.executable, "-c", code], env)


if __name__ == "__main__":
    main()
