"""Who may see and do what with messages (one place for tenant isolation).

* superusers and members of the group 「平台管理办公室」 see and do everything;
* a site's operators (``SiteOperator``) handle the messages of that site's
  mailboxes: accept, refuse, forward, reply, extend, publish;
* a handling unit's members see the messages forwarded to their unit (which may
  belong to another site) and start, return, reply to or extend them;
* 督办 (supervision) is for the platform office only.
"""

from __future__ import annotations

from django.db.models import Q

from jiyue.cluster.permissions import is_platform_office

from .models import HandlingUnit, Message, SiteOperator

SITE_ACTIONS = frozenset(
    {"accept", "refuse", "forward", "reply", "extend", "publish", "unpublish"}
)
UNIT_ACTIONS = frozenset({"start", "return", "reply", "extend"})
OFFICE_ACTIONS = frozenset({"supervise"})


def site_ids(user) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(SiteOperator.objects.filter(user=user).values_list("site_id", flat=True))


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
    if is_platform_office(user):
        return True
    if action in SITE_ACTIONS and message.mailbox.site_id in site_ids(user):
        return True
    return (
        action in UNIT_ACTIONS
        and message.unit_id is not None
        and message.unit_id in unit_ids(user)
    )


def can_approve_extension(user, message: Message) -> bool:
    return is_platform_office(user) or message.mailbox.site_id in site_ids(user)
