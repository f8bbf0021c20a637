"""Who may see and do what with messages (one place for tenant isolation).

* superusers and members of the group 「平台管理办公室」 see and do everything;
* a site's 信箱管理员 (the site role ``Role.MAILBOX_OPERATOR``, which
  ``jiyue.cluster.tenancy`` answers for ``Capability.INTERACT``) handle the
  messages of that site's mailboxes: accept, refuse, forward, reply, extend,
  publish;
* a handling unit's members see the messages forwarded to their unit (which may
  belong to another site) and start, return, reply to or extend them (units are
  the interaction app's own, not tenancy);
* 督办 (supervision) is for the platform office only.
"""

from __future__ import annotations

from django.db.models import Q

from jiyue.cluster.permissions import is_platform_office
from jiyue.cluster.tenancy import Capability, sites_for

from .models import HandlingUnit, Message

SITE_ACTIONS = frozenset(
    {
        "accept",
        "refuse",
        "forward",
        "reply",
        "extend_request",
        "publish",
        "unpublish",
        "reply_withdraw",
        "review_approve",
        "review_return",
    }
)
UNIT_ACTIONS = frozenset({"start", "return", "reply", "extend_request"})
OFFICE_ACTIONS = frozenset({"supervise"})
# Deciding a pending extension: an approver who is not the requester.
EXTENSION_DECISIONS = frozenset({"extend", "extend_refuse"})
# Deciding a reply under review: the mailbox's manager, not the reply's author.
REVIEW_DECISIONS = frozenset({"review_approve", "review_return"})


def site_ids(user) -> set[int]:
    """The sites whose letters ``user`` handles himself, as their 信箱管理员 (the
    platform office's oversight is asked separately: is_platform_office)."""
    sites = sites_for(user, Capability.INTERACT, oversight=False)
    return set(sites.values_list("pk", flat=True))


def unit_ids(user) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(HandlingUnit.objects.filter(members=user).values_list("pk", flat=True))


def message_scope(user) -> Q | None:
    """A filter on ``Message`` for what ``user`` may see; None means everything."""
    if is_platform_office(user):
        return None
    return Q(mailbox__site_id__in=site_ids(user)) | Q(unit_id__in=unit_ids(user))


def has_any_access(user) -> bool:
    return is_platform_office(user) or bool(site_ids(user) or unit_ids(user))


def can_act(user, message: Message, action: str) -> bool:
    """Whether ``user`` may perform ``action`` on ``message`` now."""
    if action in EXTENSION_DECISIONS:
        return extension_decider(user, message)
    if action in REVIEW_DECISIONS and is_own_reply(user, message):
        return False
    if is_platform_office(user):
        return True
    if action == "reply" and message.status == "replied":
        # Correcting an answer already given is the mailbox manager's.
        return message.mailbox.site_id in site_ids(user)
    if action in SITE_ACTIONS and message.mailbox.site_id in site_ids(user):
        return True
    return (
        action in UNIT_ACTIONS
        and message.unit_id is not None
        and message.unit_id in unit_ids(user)
    )


def can_approve_extension(user, message: Message) -> bool:
    return is_platform_office(user) or message.mailbox.site_id in site_ids(user)


def extension_decider(user, message: Message) -> bool:
    """Whether ``user`` may approve or refuse the pending extension: an approver,
    never the person who asked for it."""
    return (
        message.extension_requested_at is not None
        and message.extension_requested_by_id != user.pk
        and can_approve_extension(user, message)
    )


def is_own_reply(user, message: Message) -> bool:
    """Whether ``user`` wrote the answer now waiting for review."""
    from .models import EventAction

    last = message.events.filter(action=EventAction.REPLY).order_by("-at", "-pk")
    author = last.values_list("actor_id", flat=True).first()
    return author is not None and author == user.pk
