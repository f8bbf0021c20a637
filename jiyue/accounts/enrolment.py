"""When an account may bind its first authenticator (docs/decisions/0413-*.md).

A password alone must never be enough to bind an authenticator to an account
that already has one. An account without one may bind its first only within
``JIYUE_OTP_ENROL_HOURS`` (72) of its creation or of the security administrator's
last reset of its devices (``jiyue otp_reset``, logged as ``jiyue.accounts.otp_reset``);
after that, only a new reset opens the window again.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

RESET_ACTION = "jiyue.accounts.otp_reset"
DEFAULT_WINDOW_HOURS = 72  # an account made on a Friday is bound on Monday


def confirmed_devices(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True)


def has_confirmed_device(user) -> bool:
    return user.is_authenticated and confirmed_devices(user).exists()


def window_hours() -> int:
    return int(getattr(settings, "JIYUE_OTP_ENROL_HOURS", DEFAULT_WINDOW_HOURS))


def window_start(user) -> datetime:
    """The account's creation, or the security administrator's last reset."""
    reset = (
        ModelLogEntry.objects.for_instance(user)
        .filter(action=RESET_ACTION)
        .order_by("-timestamp")
        .values_list("timestamp", flat=True)
        .first()
    )
    return max(user.date_joined, reset) if reset else user.date_joined


def first_enrolment_open(user) -> bool:
    """May ``user`` (who has no confirmed device) bind a first authenticator now?"""
    if has_confirmed_device(user):
        return False
    limit = timedelta(hours=window_hours())
    return timezone.now() - window_start(user) <= limit
