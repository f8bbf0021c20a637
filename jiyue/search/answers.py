"""搜索即服务: a query that names a thing answers with that thing first.

An answerer looks at the query and returns a card (a template and its context)
or None; every answerer in ``ANSWERERS`` is asked, in order, and the cards are
shown above the results. Other apps add theirs with ``register_answerer`` (the
service catalogue's guides, when it exists: a service named in colloquial words
answers with its 办理时限 and 在线办理 link).

Here: a policy document named by its 文号 or 索引号 (with its metadata), a column
named by its title, a mailbox by its name (or a synonym of it), a leader by
name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from wagtail.models import Page, Site

from jiyue.content.models import ColumnPage, LeaderPage, PolicyDocumentPage
from jiyue.content.models.column import live_items

from .lexicon import Lexicon
from .query import ParsedQuery
from .segment import fold


@dataclass
class AnswerContext:
    parsed: ParsedQuery
    lexicon: Lexicon
    request: HttpRequest
    site: Site | None
    site_ids: frozenset[int] | None  # the search's scope (None: every site)
    _private: Q | None = field(default=None, init=False, repr=False)

    def public(self, pages):
        """``pages.public()``, the private sections read once a search, not
        once an answerer (Wagtail reads every view restriction at each call)."""
        if self._private is None:
            self._private = Page.objects.all().private_q()
        return pages.exclude(self._private)


@dataclass
class Card:
    template: str
    context: dict = field(default_factory=dict)


Answerer = Callable[[AnswerContext], Card | None]
ANSWERERS: list[Answerer] = []
MAX_CARDS = 3


def register_answerer(answerer: Answerer) -> Answerer:
    """Adds ``answerer`` (usable as a decorator); asked after those before it."""
    if answerer not in ANSWERERS:
        ANSWERERS.append(answerer)
    return answerer


def answer(context: AnswerContext) -> list[Card]:
    cards = []
    for answerer in ANSWERERS:
        card = answerer(context)
        if card is not None:
            cards.append(card)
        if len(cards) >= MAX_CARDS:
            break
    return cards


def _in_scope(pages, context: AnswerContext):
    """The pages of the request's site first, then of the scope, then of any."""
    if context.site is not None:
        own = pages.filter(path__startswith=context.site.root_page.path)
        if own.exists():
            return own
    return pages


def of_type(model, context: AnswerContext):
    """The live public pages of exactly ``model``, found through the page
    table's content-type index: a filter on the title alone reads every page of
    the cluster at each query (no index on titles)."""
    content_type = ContentType.objects.get_for_model(model)
    return context.public(model.objects.live().filter(content_type=content_type))


def _query_text(context: AnswerContext) -> str:
    return "".join(context.parsed.folded.split())


def _doc_number_forms(context: AnswerContext) -> list[str]:
    forms = []
    for variants in context.parsed.doc_numbers:
        for token in variants:
            issuer, _sep, rest = token.text.partition("〔")
            forms += [token.text, f"{issuer}〔{rest.replace('〕', '〕第', 1)}"]
    return forms


@register_answerer
def policy_document(context: AnswerContext) -> Card | None:
    """A policy document named by its 文号 or 索引号."""
    forms = _doc_number_forms(context)
    numbers = context.parsed.index_numbers
    if not (forms or numbers):
        return None
    match = Q(doc_number__in=forms) if forms else Q()
    for number in numbers:
        match |= Q(index_no__iexact=number)
    # The documents with that number first, by its index alone: with the page
    # tree's order a filter on the joined query walked every page of the
    # cluster (1.9 s at a million pages).
    ids = list(
        PolicyDocumentPage.objects.filter(match)
        .order_by()
        .values_list("pk", flat=True)[:100]
    )
    if not ids:
        return None
    pages = context.public(PolicyDocumentPage.objects.live().filter(pk__in=ids))
    document = _in_scope(pages, context).select_related("topic").first()
    if document is None:
        return None
    return Card(
        "search/cards/document.html",
        {
            "document": document,
            "url": document.get_url(request=context.request),
            "interpretations": list(document.live_interpretations()[:3]),
        },
    )


@register_answerer
def column(context: AnswerContext) -> Card | None:
    """A column named by its title (政策文件, 通知公告…) on this site."""
    text = _query_text(context)
    if context.site is None or not text or context.parsed.doc_numbers:
        return None
    found = (
        of_type(ColumnPage, context)
        .filter(path__startswith=context.site.root_page.path, title=text)
        .first()
    )
    if found is None:
        return None
    return Card(
        "search/cards/column.html",
        {
            "column": found,
            "url": found.get_url(request=context.request),
            "items": list(live_items(found)[:5]),
        },
    )


@register_answerer
def mailbox(context: AnswerContext) -> Card | None:
    """A mailbox of this site named by its name or a synonym of it (市长信箱)."""
    from jiyue.interaction.selectors import public_mailboxes

    text = _query_text(context)
    if context.site is None or not text.endswith("信箱"):
        return None
    names = {text, *context.lexicon.synonyms_of(text, context.site.pk)}
    for box in public_mailboxes(site=context.site):
        if fold(box.title) in names:
            url = reverse(
                "interaction:mailbox", args=[box.slug], urlconf="jiyue.urls_public"
            )
            return Card("search/cards/mailbox.html", {"mailbox": box, "url": url})
    return None


@register_answerer
def leader(context: AnswerContext) -> Card | None:
    """A leader named by name (their 负责人 page)."""
    text = _query_text(context)
    if not 2 <= len(text) <= 4 or context.parsed.doc_numbers:
        return None
    pages = of_type(LeaderPage, context).filter(title=text)
    found = _in_scope(pages, context).first()
    if found is None:
        return None
    return Card(
        "search/cards/leader.html",
        {"leader": found, "url": found.get_url(request=context.request)},
    )
