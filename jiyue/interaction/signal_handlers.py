"""Keeps what the public side caches in step with the admin's edits."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from jiyue.cluster.models import SiteRole
from jiyue.cluster.roles import Role

from .memo import forget
from .models import Mailbox


@receiver([post_save, post_delete], sender=Mailbox)
def forget_mailbox(sender, instance: Mailbox, **kwargs) -> None:
    from .selectors import mailbox_cache_key

    forget(mailbox_cache_key(instance.site_id, instance.slug))


def _forget_recipients(site_ids) -> None:
    from .notify import recipients_cache_key

    for site_id in set(site_ids):
        forget(recipients_cache_key(site_id))


@receiver([post_save, post_delete], sender=SiteRole)
def forget_recipients(sender, instance: SiteRole, **kwargs) -> None:
    """A 信箱管理员 group made or removed: the site's recipients change."""
    if instance.role == Role.MAILBOX_OPERATOR and instance.site_id:
        _forget_recipients([instance.site_id])


@receiver(m2m_changed, sender=get_user_model().groups.through)
def forget_recipients_of_members(sender, instance, action, reverse, pk_set, **kw):
    """Someone granted or revoked 信箱管理员 (a user's groups, or a group's users,
    changed): the recipients of the sites of the groups concerned."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    roles = SiteRole.objects.filter(role=Role.MAILBOX_OPERATOR)
    if reverse:
        roles = roles.filter(group=instance)
    elif pk_set is not None:
        roles = roles.filter(group_id__in=pk_set)
    _forget_recipients(roles.values_list("site_id", flat=True))
