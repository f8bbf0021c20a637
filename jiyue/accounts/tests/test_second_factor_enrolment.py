"""Binding an authenticator: the first within the enrolment window, another only
with a code of a bound one, and the security administrator's logged reset
(docs/decisions/0413-second-factor-enrolment.md)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from jiyue.accounts.models import AuthEvent, AuthEventKind
from jiyue.cluster.roles import Role
from tests.staff import login

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]
SETUP = "/admin/security/2fa/setup/"
VERIFY = "/admin/security/2fa/"


@pytest.fixture(autouse=True)
def _no_throttle(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp slows down retries; not here


def code_for(device: TOTPDevice) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{value:06d}"


def staff(make_staff, username: str, *, days_old: float = 0):
    user = make_staff(username)
    user.is_staff = user.is_superuser = True
    user.date_joined = timezone.now() - timedelta(days=days_old)
    user.save()
    return user


def password_only(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_another_authenticator_needs_a_code_of_the_bound_one(make_staff):
    user = staff(make_staff, "fang")
    client = login(Client(), user)  # password and code: a verified session
    bound = TOTPDevice.objects.get(user=user, confirmed=True)
    seen = TOTPDevice.objects.create(user=user, name="seen before", confirmed=False)
    page = client.get(SETUP)
    # Each visit draws a new secret: one seen earlier (by anyone) binds nothing.
    assert not TOTPDevice.objects.filter(pk=seen.pk).exists()
    assert page.status_code == 200
    assert "已绑定身份验证器的当前动态口令" in page.content.decode()
    new = TOTPDevice.objects.get(user=user, confirmed=False)
    # The new device's code alone is not enough; nor is a wrong code of the old one.
    assert client.post(SETUP, {"token": code_for(new)}).status_code == 200
    wrong = client.post(SETUP, {"token": code_for(new), "current_token": "000000"})
    assert "已绑定身份验证器的动态口令不正确" in wrong.content.decode()
    new.refresh_from_db()
    assert not new.confirmed
    assert AuthEvent.objects.filter(user=user, kind=AuthEventKind.OTP_FAILED).exists()
    response = client.post(
        SETUP, {"token": code_for(new), "current_token": code_for(bound)}
    )
    assert response.status_code == 302
    new.refresh_from_db()
    assert new.confirmed


def test_the_first_authenticator_only_within_the_window(make_staff, settings):
    settings.JIYUE_OTP_ENROL_HOURS = 72
    fresh = password_only(staff(make_staff, "new", days_old=1))
    assert fresh.get(SETUP).status_code == 200
    late_user = staff(make_staff, "late", days_old=4)
    late = password_only(late_user)
    for path in (SETUP, VERIFY):
        page = late.get(path)
        assert page.status_code == 403, path
        assert "请联系安全管理员重置" in page.content.decode()
    assert not TOTPDevice.objects.filter(user=late_user).exists()
    assert late.get("/admin/").status_code == 302


def security_admin(make_staff) -> tuple:
    admin = make_staff("anquan", Role.SECURITY_ADMIN)
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    return admin, device


def test_the_security_admins_reset_is_logged_and_opens_a_new_window(make_staff):
    admin, device = security_admin(make_staff)
    user = staff(make_staff, "lost-phone", days_old=30)
    TOTPDevice.objects.create(user=user, name="old phone", confirmed=True)
    call_command("otp_reset", "lost-phone", by="anquan", code=code_for(device))
    assert not TOTPDevice.objects.filter(user=user).exists()
    entry = ModelLogEntry.objects.for_instance(user).get(
        action="jiyue.accounts.otp_reset"
    )
    assert entry.user == admin
    assert entry.data["devices"] == 1
    client = password_only(user)
    assert client.get(SETUP).status_code == 200
    new = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post(SETUP, {"token": code_for(new)}).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_only_the_security_admin_with_a_current_code_resets(make_staff):
    _admin, device = security_admin(make_staff)
    editor = make_staff("editor-x")
    TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    user = staff(make_staff, "target")
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    attempts = (
        {},  # a security administrator exists: no reset without one
        {"by": "editor-x", "code": "123456"},
        {"by": "anquan", "code": "000000"},
    )
    for options in attempts:
        with pytest.raises(CommandError):
            call_command("otp_reset", "target", **options)
    with pytest.raises(CommandError, match="不能重置自己的身份验证器"):
        call_command("otp_reset", "anquan", by="anquan", code=code_for(device))
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert not ModelLogEntry.objects.filter(action="jiyue.accounts.otp_reset").exists()


def test_a_new_installation_resets_without_a_security_admin(make_staff):
    user = staff(make_staff, "first-admin", days_old=10)
    call_command("otp_reset", "first-admin")
    entry = ModelLogEntry.objects.get(action="jiyue.accounts.otp_reset")
    assert entry.user is None
    assert password_only(user).get(SETUP).status_code == 200
