"""The demo's second factor: a published TOTP key, like the demo password.

Only with JIYUE_DEMO=1 (docs/decisions/0403-staff-second-factor.md). Never a
production path: outside the demo every account binds its own authenticator.
"""

from __future__ import annotations

from base64 import b32decode

from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

DEMO_TOTP_KEY = "JIYUEDEMOJIYUEDEMOJIYUEDEMO23456"  # published, like the demo password


def demo_device(user) -> TOTPDevice | None:
    """Gives the demo user a confirmed TOTP device with the published key."""
    if not settings.DEMO:
        return None
    hex_key = b32decode(DEMO_TOTP_KEY).hex()
    device, _ = TOTPDevice.objects.update_or_create(
        user=user, name="演示身份验证器", defaults={"key": hex_key, "confirmed": True}
    )
    return device


def current_code(device: TOTPDevice) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{value:0{device.digits}d}"
