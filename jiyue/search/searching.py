"""One public search, from the request's parameters to what the page shows.

``/search/?q=…&scope=site|subtree|cluster&sort=relevance|date&page=N`` and the
facet filters ``site`` (网站标识码), ``kind`` (column kind), ``topic``,
``issuer``, ``year``, ``validity``: one value each, AND-ed. Unknown or malformed
values are ignored (the page never fails on what is in its address).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Site

from jiyue.cluster.models import SiteProfile
from jiyue.content.models import ColumnKind, Validity
from jiyue.content.templatetags.jiyue_public import page_numbers

from . import answers, highlight, lexicon, suggest, versions
from .engines import get_engine
from .engines.base import EngineQuery, EngineResult, Hit
from .indexing import ensure_index
from .models import QueryLog, Scope
from .query import ParsedQuery, clauses, highlight_terms, parse

PER_PAGE = 10
MAX_PAGE = 50
FILTERS = {"site": "site", "kind": "column_kind", "topic": "topic",
           "issuer": "issuer", "year": "year", "validity": "validity"}  # fmt: skip
FACET_TITLES = {"site": "站点", "column_kind": "栏目类别", "topic": "主题分类",
                "issuer": "发布机构", "year": "年份", "validity": "有效性"}  # fmt: skip
MARKED_VALIDITY = {Validity.REPEALED.value: "已废止", Validity.EXPIRED.value: "已失效"}
MAX_FILTER_LENGTH = 100


@dataclass
class SiteInfo:
    pk: int
    code: str
    name: str
    root_url: str
    parent_id: int | None  # the parent's Wagtail site id


# The cluster's sites change rarely and are read by every search: each process keeps
# them, and a site or profile saved or deleted anywhere changes this key in the shared
# cache, so every process reads them again at its next search (``sites_changed``).
SITES_VERSION_KEY = "search:sites:version"
_sites: tuple[str, dict[int, SiteInfo]] | None = None
_sites_lock = threading.Lock()


def cluster_sites() -> dict[int, SiteInfo]:
    """Every site of the cluster, as of the last change of any site or profile."""
    global _sites
    version = versions.current(SITES_VERSION_KEY)
    kept = _sites
    if kept is not None and kept[0] == version:
        return kept[1]
    with _sites_lock:
        sites = _read_sites()
        _sites = (version, sites)
        return sites


def sites_changed() -> None:
    versions.change(SITES_VERSION_KEY)


def _read_sites() -> dict[int, SiteInfo]:
    profiles = {p.site_id: p for p in SiteProfile.objects.select_related("parent")}
    return {
        site.pk: SiteInfo(
            site.pk,
            profiles[site.pk].code if site.pk in profiles else "",
            profiles[site.pk].name if site.pk in profiles else site.site_name,
            site.root_url,
            profiles[site.pk].parent.site_id
            if site.pk in profiles and profiles[site.pk].parent
            else None,
        )
        for site in Site.objects.all()
    }


def subtree(site_id: int, sites: dict[int, SiteInfo]) -> frozenset[int]:
    found, frontier = {site_id}, {site_id}
    while frontier:
        frontier = {s.pk for s in sites.values() if s.parent_id in frontier} - found
        found |= frontier
    return frozenset(found)


@dataclass
class Params:
    q: str = ""
    scope: str = Scope.SITE
    sort: str = "relevance"
    page: int = 1
    filters: dict[str, str | int] = field(default_factory=dict)  # engine names
    given: dict[str, str] = field(default_factory=dict)  # as in the address

    def url(self, **changes) -> str:
        values = {"q": self.q, "scope": self.scope, "sort": self.sort, **self.given}
        values.update(changes)
        kept = {k: v for k, v in values.items() if v not in ("", None, 1)}
        if kept.get("sort") == "relevance":
            kept.pop("sort")
        return "?" + urlencode(kept)


def _number(value: str, low: int, high: int) -> int | None:
    value = (value or "").strip()
    if value.isascii() and value.isdigit() and len(value) <= 6:
        number = int(value)
        return number if low <= number <= high else None
    return None


def _filter(name: str, value: str, sites: dict[int, SiteInfo]):
    if name == "site":
        return next((s.pk for s in sites.values() if s.code and s.code == value), None)
    if name == "column_kind":
        return value if value in ColumnKind.values else None
    if name == "validity":
        return value if value in Validity.values else None
    if name == "year":
        return _number(value, 1949, 2100)
    text = " ".join(value.split())
    return text if 0 < len(text) <= MAX_FILTER_LENGTH and text.isprintable() else None


def read_params(query_dict, default_scope: str, sites) -> Params:
    params = Params(q=query_dict.get("q", "")[:1000])
    scope = query_dict.get("scope", "")
    params.scope = scope if scope in Scope.values else default_scope
    params.sort = "date" if query_dict.get("sort") == "date" else "relevance"
    params.page = _number(query_dict.get("page", ""), 1, MAX_PAGE) or 1
    for param, name in FILTERS.items():
        raw = query_dict.get(param, "")
        value = _filter(name, raw, sites) if raw else None
        if value is not None:
            params.filters[name] = value
            params.given[param] = raw
    return params


def default_scope(site: Site | None, sites: dict[int, SiteInfo]) -> str:
    """The portal (a site with no parent) searches the cluster by default."""
    info = sites.get(site.pk) if site else None
    if info is not None and info.code and info.parent_id is None:
        return Scope.CLUSTER
    return Scope.SITE


def scope_sites(scope: str, site: Site | None, sites) -> frozenset[int] | None:
    if site is None or scope == Scope.CLUSTER:
        return None
    if scope == Scope.SUBTREE:
        return subtree(site.pk, sites)
    return frozenset({site.pk})


# -- running ---------------------------------------------------------------------


@dataclass
class Run:
    """A search as it was finally answered (perhaps as pinyin, or relaxed)."""

    parsed: ParsedQuery
    engine_query: EngineQuery
    result: EngineResult
    notice: str = ""


def _engine_query(parsed, lex, site, params, site_ids, *, offset=0) -> EngineQuery:
    return EngineQuery(
        clauses=clauses(parsed, lex, site.pk if site else None),
        site_ids=site_ids,
        filters=dict(params.filters),
        sort=params.sort,
        offset=offset,
        limit=PER_PAGE,
    )


def _as_pinyin(run: Run, lex, site, params, site_ids, engine) -> Run | None:
    for word in suggest.pinyin_words(run.parsed, lex)[:3]:
        parsed = parse(word, lex)
        query = _engine_query(
            parsed, lex, site, params, site_ids, offset=run.engine_query.offset
        )
        result = engine.search(query)
        if result.total:
            notice = _("以下是「%(word)s」的搜索结果（按拼音“%(letters)s”）。") % {
                "word": word, "letters": run.parsed.text,
            }  # fmt: skip
            return Run(parsed, query, result, notice)
    return None


def _relaxed(run: Run, engine) -> Run | None:
    if len(run.engine_query.clauses) < 2:
        return None
    query = run.engine_query
    relaxed = EngineQuery(query.clauses, False, query.site_ids, query.filters,
                          query.sort, query.offset, query.limit)  # fmt: skip
    result = engine.search(relaxed)
    if not result.total:
        return None
    notice = _("没有同时包含全部搜索词的结果，以下结果只包含部分搜索词。")
    return Run(run.parsed, relaxed, result, notice)


def _corrected(parsed, lex, site, params, site_ids, engine) -> Run | None:
    word = suggest.correction(parsed, lex)
    if word is None:
        return None
    corrected = parse(word, lex)
    offset = (params.page - 1) * PER_PAGE
    query = _engine_query(corrected, lex, site, params, site_ids, offset=offset)
    result = engine.search(query)
    if not result.total:
        return None
    notice = _("您输入的「%(typed)s」可能有误，以下是「%(word)s」的搜索结果。") % {
        "typed": parsed.text, "word": word,
    }  # fmt: skip
    return Run(corrected, query, result, notice)


def execute(parsed, lex, site, params, site_ids, engine) -> Run:
    corrected = _corrected(parsed, lex, site, params, site_ids, engine)
    if corrected is not None:
        return corrected
    offset = (params.page - 1) * PER_PAGE
    query = _engine_query(parsed, lex, site, params, site_ids, offset=offset)
    run = Run(parsed, query, engine.search(query), parsed.notice)
    if run.result.total:
        return run
    if parsed.letters_only:
        run = _as_pinyin(run, lex, site, params, site_ids, engine) or run
    if not run.result.total:
        run = _relaxed(run, engine) or run
    return run


# -- showing ---------------------------------------------------------------------


def _local_date(moment) -> date | None:
    if moment is None:
        return None
    return (
        timezone.localtime(moment).date()
        if timezone.is_aware(moment)
        else moment.date()
    )


def result_item(
    hit: Hit, position: int, terms, site, sites, q: str, elsewhere=None
) -> dict:
    """``elsewhere``: ``also_at`` of the page's hits, asked once for them all."""
    info = sites.get(hit.site_id)
    same_site = site is not None and hit.site_id == site.pk
    url = hit.url if same_site or info is None else info.root_url + hit.url
    go = "/search/go/?" + urlencode({"to": url, "q": q[:100], "pos": position})
    return {
        "title": highlight.marked(hit.title, terms),
        "snippet": highlight.snippet(hit.body, terms),
        "url": url,
        "go_url": go,
        "site_name": info.name if info else "",
        "column_title": hit.column_title,
        "kind_label": hit.kind_label,
        "date": _local_date(hit.date),
        "validity_mark": MARKED_VALIDITY.get(hit.validity, ""),
        "doc_number": hit.doc_number,
        "also_at": (elsewhere or {}).get(hit.key, []),
    }


#: Where else a page is shown (reposts by reference, jiyue.linkage):
#: ``(page_ids) -> {page_id: [(site name, full URL), ...]}`` functions, asked
#: once for a page of results.
OTHER_LOCATIONS_HOOK = "jiyue_other_locations"


def also_at(keys: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Where else each hit's page stands, by the hit's key."""
    ids = {
        int(rest): key
        for key in keys
        for kind, _sep, rest in [key.partition(":")]
        if kind == "page" and rest.isdigit()
    }
    found: dict[str, list[tuple[str, str]]] = {}
    if not ids:
        return found
    for locations in hooks.get_hooks(OTHER_LOCATIONS_HOOK):
        for page_id, places in locations(list(ids)).items():
            found.setdefault(ids[page_id], []).extend(places)
    return found


def _facet_label(name: str, value, sites) -> str:
    if name == "site":
        info = sites.get(value)
        return info.name if info else str(value)
    if name == "column_kind":
        return str(dict(ColumnKind.choices).get(value, value))
    if name == "validity":
        return str(dict(Validity.choices).get(value, value))
    if name == "year":
        return f"{value}年"
    return str(value)


def _param_value(name: str, value, sites) -> str:
    if name == "site":
        info = sites.get(value)
        return info.code if info else ""
    return str(value)


def shown_count(count: int, approximate: bool) -> str:
    """A count as the page shows it: 约 97.5 万 for an estimate of 975,000."""
    if not approximate:
        return str(count)
    if count >= 10_000:
        tens_of_thousands = count / 10_000
        n = (
            f"{tens_of_thousands:.0f}"
            if count >= 1_000_000
            else f"{tens_of_thousands:.3g}"
        )
        return _("约 %(n)s 万") % {"n": n}
    return _("约 %(n)s") % {"n": count}


def facet_groups(result: EngineResult, params: Params, sites) -> list[dict]:
    param_of = {engine: param for param, engine in FILTERS.items()}
    groups = []
    for name, title in FACET_TITLES.items():
        param = param_of[name]
        options = []
        for value, count in result.facets.get(name, []):
            raw = _param_value(name, value, sites)
            if not raw:
                continue
            selected = params.filters.get(name) == value
            options.append({
                "label": _facet_label(name, value, sites), "count": count,
                "shown": shown_count(
                    count, result.approximate or name in result.estimated
                ),
                "selected": selected, "url": params.url(**{param: "" if selected else raw, "page": 1}),
            })  # fmt: skip
        if options:
            clear = (
                params.url(**{param: "", "page": 1}) if name in params.filters else ""
            )
            groups.append(
                {"name": name, "title": title, "options": options, "clear": clear}
            )
    return groups


def pagination(total: int, params: Params) -> dict | None:
    """Chinese pagination (首页 上一页 1 … 5 6 7 … 50 下一页 尾页), the numbers
    chosen as the column lists choose them."""
    pages = min((total + PER_PAGE - 1) // PER_PAGE, MAX_PAGE)
    if pages <= 1:
        return None
    number = min(params.page, pages)
    page_obj = SimpleNamespace(
        number=number, paginator=SimpleNamespace(num_pages=pages)
    )
    numbers = [
        {"gap": True} if n is None
        else {"number": n, "current": n == number, "url": params.url(page=n)}
        for n in page_numbers(page_obj)
    ]  # fmt: skip
    return {
        "number": number,
        "pages": pages,
        "numbers": numbers,
        "first": params.url(page=1),
        "previous": params.url(page=number - 1) if number > 1 else "",
        "next": params.url(page=number + 1) if number < pages else "",
        "last": params.url(page=pages),
    }


def _log(parsed: ParsedQuery, site, scope: str, total: int) -> None:
    QueryLog.objects.create(
        query=parsed.text[:100], site=site, scope=scope, results=total,
        searched_on=timezone.localdate(),
    )  # fmt: skip


def _bets(lex, text: str, site, request) -> list[dict]:
    from wagtail.models import Page

    bets = []
    for bet in lex.bets_for(text, site.pk if site else None):
        url = bet.url
        if bet.page_id:
            page = Page.objects.live().public().filter(pk=bet.page_id).first()
            url = page.get_url(request=request) if page else ""
        if url:
            bets.append(
                {"title": bet.title, "url": url, "description": bet.description}
            )
    return bets


def search_page(request) -> dict:
    """The template context of ``/search/``."""
    site = Site.find_for_request(request)
    sites = cluster_sites()
    params = read_params(request.GET, default_scope(site, sites), sites)
    context = {
        "params": params,
        "scopes": Scope.choices,
        "searched": "q" in request.GET,
    }
    if not context["searched"]:
        return context
    lex = lexicon.current()
    parsed = parse(params.q, lex)
    context.update(parsed=parsed, message=parsed.message)
    if not parsed.ok:
        return context
    engine = get_engine()
    if not ensure_index(engine):
        context["message"] = _("搜索服务正在建立索引，请稍后再试。")
        return context
    site_ids = scope_sites(params.scope, site, sites)
    run = execute(parsed, lex, site, params, site_ids, engine)
    context.update(_shown(run, request, site, sites, params, lex, site_ids, engine))
    if params.page == 1:
        _log(parsed, site, params.scope, run.result.total)
    return context


def _shown(run: Run, request, site, sites, params, lex, site_ids, engine) -> dict:
    terms = highlight_terms(run.parsed, run.engine_query.clauses)
    offset = run.engine_query.offset
    elsewhere = also_at([hit.key for hit in run.result.hits])
    items = [
        result_item(hit, offset + i + 1, terms, site, sites, run.parsed.text, elsewhere)
        for i, hit in enumerate(run.result.hits)
    ]
    shown = {
        "items": items, "total": run.result.total, "notice": run.notice,
        "approximate": run.result.approximate,
        "total_shown": shown_count(run.result.total, run.result.approximate),
        "facet_groups": facet_groups(run.result, params, sites),
        "pagination": pagination(run.result.total, params),
        "searched_as": run.parsed.text, "ran": True,
    }  # fmt: skip
    if params.page == 1:
        answer_context = answers.AnswerContext(run.parsed, lex, request, site, site_ids)
        shown["cards"] = answers.answer(answer_context)
        shown["bets"] = _bets(lex, run.parsed.text, site, request)
    if not run.result.total:
        shown["suggestions"] = _suggestions(
            run.parsed, lex, site, params, site_ids, engine
        )
    return shown


def _suggestions(parsed, lex, site, params, site_ids, engine) -> list[dict]:
    def finds(word: str) -> bool:
        query = _engine_query(parse(word, lex), lex, site, params, site_ids)
        return bool(query.clauses) and engine.count(query) > 0

    return [
        {"word": w, "url": params.url(q=w, page=1)}
        for w in suggest.suggestions(parsed, lex, finds)
    ]
