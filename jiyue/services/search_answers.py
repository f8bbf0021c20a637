"""搜索即服务 for services: a query that names a service, by its name or by a
synonym the office keeps (生孩子登记 → 生育登记), answers with its guide first —
its 办理时限, 承办单位 and 在线办理 link (jiyue.search.answers)."""

from __future__ import annotations

from jiyue.search.answers import AnswerContext, Card, of_type, register_answerer
from jiyue.search.segment import fold

from .models import ServiceGuidePage

MIN_CHARS = 2


def _candidates(context: AnswerContext) -> set[str]:
    text = "".join(context.parsed.folded.split())
    if len(text) < MIN_CHARS or context.parsed.doc_numbers:
        return set()
    site_id = context.site.pk if context.site else None
    return {text, *(fold(s) for s in context.lexicon.synonyms_of(text, site_id))}


@register_answerer
def service_guide(context: AnswerContext) -> Card | None:
    names = _candidates(context)
    if not names:
        return None
    pages = of_type(ServiceGuidePage, context)
    found = list(pages.filter(title__in=names)[:20])
    if not found:
        return None
    if context.site is not None:
        own = [g for g in found if g.path.startswith(context.site.root_page.path)]
        found = own or found
    guide = found[0]
    return Card(
        "services/search_card.html",
        {"guide": guide, "url": guide.get_url(request=context.request)},
    )
