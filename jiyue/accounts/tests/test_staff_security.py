"""Staff security: TOTP for everyone in the admin, throttled logins, an audit
trail of sign-ins kept 180 days and read (and exported) by the auditor only."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from jiyue.accounts.models import AuthEvent, AuthEventKind
from jiyue.accounts.services import audit_purge
from jiyue.cluster.roles import Role
from jiyue.editorial.services import role_grant
from tests.staff import login

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]
PASSWORD = "a-long-password-2026"


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(client: Client, username: str, password: str = PASSWORD):
    return client.post(
        "/admin/login/", {"username": username, "password": password, "next": "/admin/"}
    )


def test_a_password_alone_does_not_open_the_admin(make_staff):
    make_staff("alice", Role.EDITOR, _site())
    client = Client()
    assert sign_in(client, "alice").status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/security/2fa/?next=")


def test_first_sign_in_binds_an_authenticator_then_the_admin_opens(
    make_staff, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp slows down retries; not here
    make_staff("bob", Role.EDITOR, _site())
    client = Client()
    sign_in(client, "bob")
    setup = client.get("/admin/security/2fa/", follow=True)
    assert "绑定身份验证器" in setup.content.decode()
    assert 'src="data:image/svg+xml' in setup.content.decode()
    device = TOTPDevice.objects.get(user__username="bob", confirmed=False)
    assert client.post("/admin/security/2fa/", {"token": "000000"}).status_code == 200
    response = client.post(
        "/admin/security/2fa/", {"token": code_for(device), "next": "/admin/"}
    )
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200
    kinds = set(AuthEvent.objects.filter(username="bob").values_list("kind", flat=True))
    assert {
        AuthEventKind.LOGIN,
        AuthEventKind.OTP_REGISTERED,
        AuthEventKind.OTP_FAILED,
    } <= kinds


def test_a_known_device_must_give_a_code_at_each_sign_in(make_staff):
    user = make_staff("carol", Role.EDITOR, _site())
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client()
    sign_in(client, "carol")
    page = client.get("/admin/security/2fa/")
    assert "请输入动态口令" in page.content.decode()
    client.post("/admin/security/2fa/", {"token": code_for(device)})
    assert client.get("/admin/").status_code == 200
    client.post("/admin/logout/")
    assert AuthEvent.objects.filter(
        username="carol", kind=AuthEventKind.LOGOUT
    ).exists()


def test_failed_logins_lock_the_username_at_that_address_for_a_while(make_staff):
    make_staff("dave", Role.EDITOR, _site())
    client = Client(REMOTE_ADDR="10.0.0.5")
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        sign_in(client, "dave", "wrong-password-x")
    locked = sign_in(client, "dave")
    assert locked.status_code == 429
    assert "暂时锁定" in locked.content.decode()
    # Colleagues behind the same office address are not locked out.
    make_staff("erin", Role.EDITOR, _site())
    assert sign_in(Client(REMOTE_ADDR="10.0.0.5"), "erin").status_code == 302
    failed = AuthEvent.objects.filter(username="dave", kind=AuthEventKind.LOGIN_FAILED)
    assert failed.count() >= django_settings.AXES_FAILURE_LIMIT
    assert failed.first().ip_address == "10.0.0.5"


def test_idle_sessions_expire():
    assert django_settings.SESSION_SAVE_EVERY_REQUEST
    assert django_settings.SESSION_COOKIE_AGE <= 30 * 60


def test_the_audit_trail_is_for_the_auditor_who_does_not_see_own_actions(make_staff):
    auditor = make_staff("auditor", Role.AUDIT_ADMIN)
    security = make_staff("security", Role.SECURITY_ADMIN)
    target = make_staff("target")
    role_grant(actor=security, user=target, site=_site(), role=Role.EDITOR)
    assert Client().get("/admin/security/audit/").status_code == 302  # not signed in
    sec_client = login(Client(), security)
    assert sec_client.get("/admin/security/audit/").status_code in (302, 403)
    assert sec_client.get("/admin/security/audit/export.csv").status_code in (302, 403)

    client = login(Client(), auditor)
    page = client.get("/admin/security/audit/").content.decode()
    assert "授予角色" in page and "security" in page  # the action by its label
    exported = client.get("/admin/security/audit/export.csv")
    assert exported["Content-Type"].startswith("text/csv")
    text = exported.content.decode("utf-8-sig")
    assert "授予角色" in text
    assert ModelLogEntry.objects.filter(
        action="jiyue.accounts.audit_export", user=auditor
    ).exists()
    # The auditor's own export is not in what they read next.
    assert (
        "jiyue.accounts.audit_export"
        not in client.get("/admin/security/audit/").content.decode()
    )


def test_audit_entries_younger_than_180_days_cannot_be_purged(make_staff):
    auditor = make_staff("auditor2", Role.AUDIT_ADMIN)
    AuthEvent.objects.create(kind=AuthEventKind.LOGIN, username="x")
    with pytest.raises(ValidationError):
        audit_purge(actor=auditor, before=timezone.now() - timedelta(days=179))
    assert AuthEvent.objects.filter(username="x").exists()
    old = AuthEvent.objects.create(
        kind=AuthEventKind.LOGIN,
        username="old",
        created_at=timezone.now() - timedelta(days=400),
    )
    assert audit_purge(actor=auditor, before=timezone.now() - timedelta(days=200)) >= 1
    assert not AuthEvent.objects.filter(pk=old.pk).exists()
    assert AuthEvent.objects.filter(username="x").exists()


def _site():
    """A bare site of its own: these tests do not need (or load) the demo."""
    from wagtail.models import Page, Site

    site = Site.objects.filter(hostname="acc.localhost").first()
    if site is None:
        home = Page.get_first_root_node().add_child(
            instance=Page(title="测试站点", slug="acc-test")
        )
        site = Site.objects.create(
            hostname="acc.localhost", port=80, root_page=home, site_name="测试站点"
        )
    return site


def test_the_demo_admin_signs_in_with_the_published_key(make_staff, settings):
    from django.core.management import call_command

    from jiyue.accounts.demo import current_code, demo_device

    settings.DEMO = True
    admin = make_staff("demo-admin")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    device = demo_device(admin)
    client = Client()
    sign_in(client, "demo-admin")
    client.post("/admin/security/2fa/", {"token": current_code(device)})
    assert client.get("/admin/").status_code == 200
    output = StringIO()
    call_command("totp_code", "demo-admin", stdout=output)
    assert output.getvalue().strip() == current_code(device)
