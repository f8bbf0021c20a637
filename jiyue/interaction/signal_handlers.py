"""Keeps what the public side caches in step with the admin's edits."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .memo import forget
from .models import Mailbox, SiteOperator


@receiver([post_save, post_delete], sender=Mailbox)
def forget_mailbox(sender, instance: Mailbox, **kwargs) -> None:
    from .selectors import mailbox_cache_key

    forget(mailbox_cache_key(instance.site_id, instance.slug))


@receiver([post_save, post_delete], sender=SiteOperator)
def forget_recipients(sender, instance: SiteOperator, **kwargs) -> None:
    from .notify import recipients_cache_key

    forget(recipients_cache_key(instance.site_id))
