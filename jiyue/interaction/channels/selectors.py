"""Reads of the channels: public reads take the site (or a live page); admin
reads take the user and go through ``permissions.page_scope``."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Q
from django.http import Http404
from wagtail.models import Site

from ..models import (
    ConsultationPage,
    HandlingUnit,
    InterviewEntry,
    InterviewPage,
    Moderation,
    QuestionKind,
    SurveyAnswer,
    SurveyPage,
    SurveyResultsRelease,
    phase_of,
)
from . import charts, permissions

CHANNEL_MODELS = (ConsultationPage, SurveyPage, InterviewPage)
MAX_PAGE_ID = 2**31 - 1

# -- public ----------------------------------------------------------------------


def live_channel_page(model, *, site: Site, pk: int):
    """A live, public page of ``model`` on ``site``; 404 otherwise (also for an
    id no database column holds: SQLite would overflow)."""
    if not 0 < pk <= MAX_PAGE_ID:
        raise Http404
    page = (
        model.objects.live()
        .public()
        .descendant_of(site.root_page)
        .filter(pk=pk)
        .first()
    )
    if page is None:
        raise Http404
    return page


def live_channels(*, site: Site, limit: int = 5) -> dict[str, list]:
    """The latest live consultations, surveys and interviews of ``site``."""
    found = {}
    for model in CHANNEL_MODELS:
        qs = model.objects.live().public().descendant_of(site.root_page)
        found[model._meta.model_name] = list(qs.order_by("-opens_at")[:limit])
    return found


@dataclass
class QuestionResult:
    question: object
    respondents: int
    bars: list[charts.Bar] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    @property
    def chart(self) -> str:
        return charts.bar_chart(self.question.text, self.bars) if self.bars else ""


def _bars(question, counts: Counter, respondents: int) -> list[charts.Bar]:
    base = max(respondents, 1)
    return [
        charts.Bar(option, counts.get(option, 0), counts.get(option, 0) / base)
        for option in question.option_list
    ]


def survey_results(page: SurveyPage, *, texts: bool = False) -> list[QuestionResult]:
    """Per question: respondents, and counts per option (share of respondents);
    free-text answers only when ``texts`` (the admin: they are not moderated)."""
    answers = SurveyAnswer.objects.filter(response__survey=page)
    chosen = answers.exclude(option="").values("question_id", "option", "response_id")
    # Each respondent counts once per option, even for answers stored twice
    # before issue 12: no share goes over 100 %.
    options = Counter((row["question_id"], row["option"]) for row in chosen.distinct())
    respondents = dict(
        answers.values("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .values_list("question_id", "n")
    )
    results = []
    for question in page.questions.all():
        n = respondents.get(question.pk, 0)
        result = QuestionResult(question, n)
        if question.kind == QuestionKind.TEXT:
            if texts:
                result.texts = list(
                    answers.filter(question=question).values_list("text", flat=True)
                )
        else:
            per_option = Counter(
                {o: c for (q, o), c in options.items() if q == question.pk}
            )
            result.bars = _bars(question, per_option, n)
        results.append(result)
    return results


def results_public(page: SurveyPage) -> bool:
    return SurveyResultsRelease.objects.filter(survey=page).exists()


def transcript(page: InterviewPage, *, after: int = 0) -> list:
    return list(page.entries.filter(seq__gt=after).order_by("seq"))


LIVE_CACHE_SECONDS = 30


@dataclass(frozen=True)
class InterviewSummary:
    """What the live poll needs of an interview page (cached: every viewer asks
    every 10 s; an unpublished page stops answering within ``LIVE_CACHE_SECONDS``)."""

    pk: int
    title: str
    opens_at: object
    closes_at: object

    def phase(self, now=None) -> str:
        return phase_of(self.opens_at, self.closes_at, now)


def interview_summary(*, site: Site, pk: int) -> InterviewSummary:
    key = f"interaction:interview:{site.pk}:{pk}"
    found = cache.get(key)
    if found is None:
        page = live_channel_page(InterviewPage, site=site, pk=pk)
        found = InterviewSummary(page.pk, page.title, page.opens_at, page.closes_at)
        cache.set(key, found, LIVE_CACHE_SECONDS)
    return found


def transcript_entries(*, page_id: int, after: int = 0) -> list[InterviewEntry]:
    return list(
        InterviewEntry.objects.filter(page_id=page_id, seq__gt=after).order_by("seq")
    )


def approved_questions(page: InterviewPage):
    return page.questions.filter(status=Moderation.APPROVED)


# -- admin -----------------------------------------------------------------------


def channel_pages_for_user(*, user) -> dict[str, list]:
    """Every channel page ``user`` moderates, with pending counts."""
    found = {}
    for model in CHANNEL_MODELS:
        qs = permissions.page_scope(user, model.objects.all())
        found[model._meta.model_name] = list(
            _with_pending(model, qs).order_by("-opens_at")
        )
    return found


def _with_pending(model, qs):
    if model is ConsultationPage:
        return qs.annotate(
            pending=Count("comments", filter=Q(comments__status=Moderation.PENDING))
        )
    if model is InterviewPage:
        return qs.annotate(
            pending=Count("questions", filter=Q(questions__status=Moderation.PENDING))
        )
    return qs.annotate(pending=Count("responses"))


def channel_page_for_user(model, *, user, pk: int):
    page = permissions.page_scope(user, model.objects.filter(pk=pk)).first()
    if page is None:
        raise Http404
    return page


def item_for_user(model, *, user, pk: int):
    """A comment or question whose page ``user`` moderates; 404 otherwise."""
    item = model.objects.select_related("page").filter(pk=pk).first()
    if item is None or not permissions.can_moderate(user, item.page):
        raise Http404
    return item


@dataclass
class UnitYear:
    unit: HandlingUnit
    interviews: int = 0
    with_head: int = 0

    @property
    def head_took_part(self) -> bool:
        return self.with_head > 0


def interviews_per_unit(*, year: int) -> list[UnitYear]:
    """Every handling unit of the cluster with its interviews held in ``year``
    (live pages) and how many of them had the unit's head among the guests."""
    rows = {
        unit.pk: UnitYear(unit) for unit in HandlingUnit.objects.select_related("site")
    }
    pages = InterviewPage.objects.live().filter(opens_at__year=year, unit__isnull=False)
    heads = set(pages.filter(guests__is_unit_head=True).values_list("pk", flat=True))
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for pk, unit_id in pages.values_list("pk", "unit_id"):
        counts[unit_id][0] += 1
        counts[unit_id][1] += pk in heads
    for unit_id, (total, with_head) in counts.items():
        if unit_id in rows:
            rows[unit_id].interviews, rows[unit_id].with_head = total, with_head
    return sorted(rows.values(), key=lambda r: (r.unit.site.site_name, r.unit.name))
