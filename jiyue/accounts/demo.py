"""The demo's second factor: a published TOTP key, like the demo password.

Only with JIYUE_DEMO=1 (docs/decisions/0403-staff-second-factor.md). Never a
production path: outside the demo every account binds its own authenticator.
"""

from __future__ import annotations

from base64 import b32decode
from dataclasses import dataclass

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


@dataclass(frozen=True)
class DemoStaff:
    username: str
    name: str
    role: str
    column: str = ""  # url_path of an information officer's column


# The people of the demo portal (贵阳市人民政府, www) who walk a page through the
# review chain, and the three administrators of 等级保护 (三员分立).
DEMO_STAFF = (
    DemoStaff("xinxiyuan", "王信息", "info_officer", "/www/tzgg/"),
    DemoStaff("bianji", "李编辑", "editor"),
    DemoStaff("baomi", "赵保密", "reviewer"),
    DemoStaff("lingdao", "陈签发", "leader"),
    DemoStaff("wangzhan", "周站长", "site_admin"),
    DemoStaff("pingtai", "孙督查", "platform_office"),
    DemoStaff("xitong", "吴系统", "system_admin"),
    DemoStaff("anquan", "郑安全", "security_admin"),
    DemoStaff("shenji", "冯审计", "audit_admin"),
)
DEMO_SITE_HOST = "www.localhost"


def demo_staff(password: str) -> list[tuple[DemoStaff, str]]:
    """Creates (once) the demo's role users with ``password`` and the demo TOTP
    device; returns each with the label of their role. JIYUE_DEMO=1 only."""
    if not settings.DEMO:
        return []
    from wagtail.models import Page, Site

    from jiyue.cluster.roles import GLOBAL_ROLES, Role
    from jiyue.editorial.services import role_grant, role_group

    site = Site.objects.filter(hostname=DEMO_SITE_HOST).first()
    made = []
    for person in DEMO_STAFF:
        role = Role(person.role)
        user = _demo_user(person, password)
        scope = {} if role in GLOBAL_ROLES else {"site": site}
        if person.column:
            scope["column"] = Page.objects.get(url_path=person.column)
        if not user.groups.filter(pk=role_group(role=role, **scope).pk).exists():
            role_grant(actor=None, user=user, role=role, **scope)
        demo_device(user)
        made.append((person, str(role.label)))
    return made


def _demo_user(person: DemoStaff, password: str):
    from django.contrib.auth import get_user_model

    user, created = get_user_model().objects.get_or_create(
        username=person.username,
        defaults={
            "first_name": person.name,
            "email": f"{person.username}@example.invalid",
        },
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user
