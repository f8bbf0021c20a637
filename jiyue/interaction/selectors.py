"""Reads of the interaction app. Admin reads take the user and are scoped by
``permissions.message_scope``; public reads take the site."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404
from wagtail.models import Site

from jiyue import workdays

from . import codes, permissions
from .memo import remembered
from .models import (
    ANSWERED_STATUSES,
    OPEN_STATUSES,
    HandlingUnit,
    Mailbox,
    MailboxKind,
    Message,
    Rating,
    Status,
)

# -- public ------------------------------------------------------------------

SITE_CACHE_SECONDS = 60


def site_for_request(request) -> Site | None:
    """The request's site, kept a minute in the cache: Wagtail's lookup is one
    heavy query, and every public submission needs it."""
    key = "interaction:site:" + request.get_host().lower()
    return remembered(key, lambda: Site.find_for_request(request))


def _public() -> QuerySet[Mailbox]:
    return Mailbox.objects.filter(is_active=True).exclude(kind=MailboxKind.ERROR_REPORT)


def public_mailboxes(*, site: Site) -> QuerySet[Mailbox]:
    return _public().filter(site=site)


def sites_with_public_mailbox(site_ids) -> set[int]:
    """Which of ``site_ids`` have a public mailbox (one query for them all)."""
    return set(_public().filter(site_id__in=site_ids).values_list("site_id", flat=True))


def mailbox_cache_key(site_id: int, slug: str) -> str:
    return f"interaction:mailbox:{site_id}:{slug}"


def public_mailbox(*, site: Site, slug: str) -> Mailbox:
    """An open mailbox of ``site``, kept a minute in the cache like the site: every
    submission needs it; an edit in the admin forgets it (signal_handlers)."""
    mailbox = remembered(
        mailbox_cache_key(site.pk, slug),
        lambda: public_mailboxes(site=site).filter(slug=slug).first(),
    )
    if mailbox is None:
        raise Http404
    return mailbox


def message_for_citizen(*, tracking_no: str, query_code: str) -> Message | None:
    """The message only when the code matches; None for unknown and wrong alike
    (and for text no tracking number has: NUL would fail PostgreSQL's query)."""
    tracking_no = "".join((tracking_no or "").split())
    if not (_plain(tracking_no) and _plain("".join((query_code or "").split()))):
        return None
    message = (
        Message.objects.select_related("mailbox__site", "unit")
        .filter(tracking_no=tracking_no)
        .first()
    )
    digest = message.query_code_digest if message else ""
    matches = codes.code_matches(tracking_no, query_code, digest)
    return message if message is not None and matches else None


def published_messages(*, site: Site) -> QuerySet[Message]:
    return Message.objects.filter(
        mailbox__site=site, status=Status.PUBLISHED, consent_publish=True
    ).order_by("-published_at", "-pk")


def _plain(text: str) -> bool:
    """Short printable text, as tracking numbers and query codes are."""
    return len(text) <= 64 and text.isprintable()


def published_message(*, site: Site, tracking_no: str) -> Message:
    if not _plain(tracking_no):
        raise Http404
    message = published_messages(site=site).filter(tracking_no=tracking_no).first()
    if message is None:
        raise Http404
    return message


# -- admin ---------------------------------------------------------------------


def messages_for_user(*, user, site_id: int | None = None) -> QuerySet[Message]:
    """Every message ``user`` may see (by site, by unit, or all for the office)."""
    qs = Message.objects.select_related("mailbox__site", "unit__site")
    scope = permissions.message_scope(user)
    if scope is not None:
        qs = qs.filter(scope)
    if site_id is not None:
        qs = qs.filter(mailbox__site_id=site_id)
    return qs


def message_for_user(*, user, pk: int) -> Message:
    """One message, or 404 when it does not exist or ``user`` may not see it."""
    message = messages_for_user(user=user).filter(pk=pk).first()
    if message is None:
        raise Http404
    return message


def open_messages_by_deadline(*, user) -> dict[str, list[Message]]:
    """Open cases of what ``user`` sees, by handling unit, earliest deadline first."""
    qs = messages_for_user(user=user).filter(running_clock())
    groups: dict[str, list[Message]] = defaultdict(list)
    for message in qs.order_by("deadline", "accepted_at"):
        key = str(message.unit) if message.unit else message.mailbox.site.site_name
        groups[key].append(message)
    return dict(sorted(groups.items()))


def site_subtree_ids(site_id: int) -> set[int]:
    """The Wagtail site ids of ``site_id`` and of every site below it in the
    cluster's tree (``SiteProfile.parent``); a site without a profile is alone."""
    from jiyue.cluster.models import SiteProfile

    found = {site_id}
    frontier = {site_id}
    while frontier:
        below = set(
            SiteProfile.objects.filter(parent__site_id__in=frontier).values_list(
                "site_id", flat=True
            )
        )
        frontier = below - found
        found |= frontier
    return found


def running_clock() -> Q:
    """Messages whose working-day clock runs: the open ones, and error reports
    waiting for acceptance (their clock starts at submission)."""
    return Q(status__in=OPEN_STATUSES) | Q(
        status=Status.PENDING, deadline__isnull=False
    )


def units_for_forwarding(*, message: Message) -> QuerySet[HandlingUnit]:
    """The units a message may be forwarded to: those of its site and of the
    sites below it, never another city's (ADR 0319)."""
    return (
        HandlingUnit.objects.filter(
            site_id__in=site_subtree_ids(message.mailbox.site_id)
        )
        .select_related("site")
        .order_by("site_id", "name")
    )


def mailbox_operators(site_id: int) -> QuerySet:
    """The site's 信箱管理员 (the role's holders, jiyue.cluster.tenancy): who is
    told of new letters, not the platform office's oversight."""
    from jiyue.cluster.tenancy import Capability, people_for

    return people_for(Capability.INTERACT, site_id, oversight=False)


def extension_approvers(*, message: Message, requester=None) -> QuerySet:
    """Who may approve an extension of ``message``: the site's mailbox managers,
    the platform office and superusers, never the requester himself."""
    from jiyue.cluster.tenancy import Capability, people_for

    users = people_for(Capability.INTERACT, message.mailbox.site_id)
    if requester is not None:
        users = users.exclude(pk=requester.pk)
    return users.distinct().order_by("last_name", "first_name", "username")


# -- statistics (the yearly report reads these) ----------------------------------


@dataclass
class Stats:
    received: int = 0
    finished: int = 0
    published: int = 0
    overdue: int = 0
    handling_days: list[int] = field(default_factory=list)
    ratings: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(Rating.values, 0)
    )

    @property
    def average_workdays(self) -> float | None:
        if not self.handling_days:
            return None
        return round(sum(self.handling_days) / len(self.handling_days), 1)

    @property
    def satisfaction(self) -> float | None:
        """Share of ratings that are 满意 or 基本满意, 0–1."""
        rated = sum(self.ratings.values())
        if not rated:
            return None
        good = self.ratings[Rating.SATISFIED] + self.ratings[Rating.FAIRLY]
        return round(good / rated, 3)

    def as_dict(self) -> dict:
        return {
            "received": self.received,
            "finished": self.finished,
            "average_workdays": self.average_workdays,
            "published": self.published,
            "satisfaction": self.satisfaction,
            "ratings": dict(self.ratings),
            "overdue": self.overdue,
        }


def _add(stats: Stats, message: Message) -> None:
    stats.received += 1
    if message.status in ANSWERED_STATUSES:
        stats.finished += 1
        stats.handling_days.append(
            workdays.workdays_between(message.submitted_at, message.replied_at)
        )
    stats.published += message.status == Status.PUBLISHED
    stats.overdue += bool(message.overdue) or _late(message)
    if message.rating:
        stats.ratings[message.rating] += 1


def _late(message: Message) -> bool:
    if message.overdue or not message.deadline or not message.replied_at:
        return False
    return workdays.workdays_between(message.clock_starts_at, message.replied_at) > (
        message.workdays
    )


def interaction_statistics(
    *, user=None, start: dt.datetime | None = None, end: dt.datetime | None = None
) -> dict[str, dict]:
    """Per site (by site name) and per handling unit: received, finished, average
    handling time in working days, published, satisfaction, overdue count.

    ``user=None`` reads everything (for the yearly report); with a user, only
    what that user may see. ``start``/``end`` bound the submission time.
    """
    qs = messages_for_user(user=user) if user is not None else Message.objects.all()
    qs = qs.select_related("mailbox__site", "unit__site")
    if start is not None:
        qs = qs.filter(submitted_at__gte=start)
    if end is not None:
        qs = qs.filter(submitted_at__lt=end)
    sites: dict[str, Stats] = defaultdict(Stats)
    units: dict[str, Stats] = defaultdict(Stats)
    for message in qs:
        _add(sites[message.mailbox.site.site_name], message)
        if message.unit is not None:
            _add(units[str(message.unit)], message)
    return {
        "sites": {k: v.as_dict() for k, v in sorted(sites.items())},
        "units": {k: v.as_dict() for k, v in sorted(units.items())},
    }
