"""Writes of staff security: sign-in events, second factors, the audit purge."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, PageLogEntry

from .audit import AUDIT_PURGE_ACTION
from .models import AuthEvent, AuthEventKind


def _client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def auth_event_record(*, kind: str, request=None, user=None, username: str = ""):
    agent = request.META.get("HTTP_USER_AGENT", "")[:255] if request else ""
    return AuthEvent.objects.create(
        kind=kind,
        user=user,
        username=username or (user.get_username() if user else ""),
        ip_address=_client_ip(request),
        user_agent=agent,
    )


def totp_code_check(*, request, user, token: str) -> bool:
    """Is ``token`` a current code of one of ``user``'s bound authenticators?"""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    if any(device.verify_token(token) for device in devices):
        return True
    auth_event_record(kind=AuthEventKind.OTP_FAILED, request=request, user=user)
    return False


def totp_device_confirm(*, request, device, token: str) -> bool:
    """Confirms a new device (or verifies a known one) with a code from the app."""
    from django_otp import login as otp_login

    if not device.verify_token(token):
        auth_event_record(
            kind=AuthEventKind.OTP_FAILED, request=request, user=device.user
        )
        return False
    with transaction.atomic():
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            auth_event_record(
                kind=AuthEventKind.OTP_REGISTERED, request=request, user=device.user
            )
        otp_login(request, device)
        auth_event_record(
            kind=AuthEventKind.OTP_VERIFIED, request=request, user=device.user
        )
    return True


@transaction.atomic
def otp_reset(*, actor, user) -> int:
    """Deletes every authenticator of ``user`` (a lost phone, a missed enrolment
    window) and so opens a new window to bind one; logged. ``actor`` is the
    security administrator, None only when there is none yet (``otp_reset``)."""
    from django_otp import devices_for_user

    from .enrolment import RESET_ACTION
    from .permissions import is_security_admin

    if actor is not None and not is_security_admin(actor):
        raise PermissionDenied(gettext("只有安全管理员可以重置身份验证器。"))
    if actor is not None and actor.pk == user.pk:
        raise PermissionDenied(
            gettext("不能重置自己的身份验证器，请由另一位安全管理员办理。")
        )
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    log(
        instance=user,
        action=RESET_ACTION,
        user=actor,
        data={"devices": len(devices), "username": user.get_username()},
    )
    return len(devices)


def retention_limit() -> datetime:
    return timezone.now() - timedelta(days=settings.JIYUE_AUDIT_RETENTION_DAYS)


@transaction.atomic
def audit_purge(*, actor, before: datetime) -> int:
    """Deletes audit entries older than ``before``; refuses younger than 180 days."""
    from .permissions import is_audit_reader

    if actor is not None and not is_audit_reader(actor):
        raise PermissionDenied(gettext("只有审计管理员可以清理审计日志。"))
    if before > retention_limit():
        raise ValidationError(
            gettext("审计日志至少保存 %(days)d 天，不能清理更近的记录。")
            % {"days": settings.JIYUE_AUDIT_RETENTION_DAYS}
        )
    deleted = 0
    for model in (AuthEvent, ModelLogEntry, PageLogEntry):
        field = "created_at" if model is AuthEvent else "timestamp"
        deleted += model.objects.filter(**{f"{field}__lt": before}).delete()[0]
    if actor is not None:
        log(
            instance=actor,
            action=AUDIT_PURGE_ACTION,
            user=actor,
            data={"before": before.isoformat(), "deleted": deleted},
        )
    return deleted
