"""A password alone opens no admin page: every admin URL, walked with a session
that has not proved its second factor, sends the user to the verification page
(docs/decisions/0413-second-factor-enrolment.md).

Open are only the login, the logout, the verification page and the assets the
verification page loads; and the enrolment page while the account has no bound
authenticator.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.test_separation import admin_paths

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]

VERIFY = "/admin/security/2fa/"
SETUP = "/admin/security/2fa/setup/"
OPEN = {"/admin/login/", "/admin/logout/", VERIFY, "/admin/sprite/", "/admin/jsi18n/"}


def code_for(device: TOTPDevice) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{value:06d}"


def walk(client: Client) -> set[str]:
    """The admin paths that did not send ``client`` to the verification page."""
    opened = set()
    for path in admin_paths():
        response = client.get(path)
        location = response.get("Location", "")
        if not (response.status_code == 302 and location.startswith(f"{VERIFY}?next=")):
            opened.add(path)
    return opened


@pytest.fixture
def password_only(admin_user):
    """A superuser signed in with the password only (no code given yet)."""
    client = Client()
    client.force_login(admin_user)
    return client


def test_the_walk_covers_the_admin_and_its_security_pages():
    paths = set(admin_paths())
    assert len(paths) > 200
    assert {
        VERIFY,
        SETUP,
        "/admin/security/audit/",
        "/admin/security/audit/export.csv",
    } <= paths
    assert paths >= OPEN


def test_every_admin_url_needs_the_code_of_a_bound_authenticator(
    admin_user, password_only
):
    TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
    assert walk(password_only) == OPEN
    # The enrolment page too: a password does not bind another authenticator.
    response = password_only.get(SETUP)
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2Fsecurity%2F2fa%2Fsetup%2F"


def test_an_account_without_an_authenticator_may_only_bind_its_first(
    admin_user, password_only
):
    assert walk(password_only) == OPEN | {SETUP}
    page = password_only.get(SETUP)
    assert page.status_code == 200
    assert "绑定身份验证器" in page.content.decode()


def test_a_password_alone_no_longer_binds_the_attackers_authenticator(
    admin_user, password_only, settings
):
    """The probe's attack: with the password only, GET the enrolment page for a
    new secret, POST a code of it, and the attacker's phone is bound."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    mine = TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
    assert password_only.get(SETUP).status_code == 302
    assert not TOTPDevice.objects.filter(user=admin_user, confirmed=False).exists()
    # Even holding a pending secret (from before this fix), its code binds nothing.
    pending = TOTPDevice.objects.create(user=admin_user, name="x", confirmed=False)
    response = password_only.post(SETUP, {"token": code_for(pending)})
    assert response.status_code == 302
    assert response["Location"].startswith(f"{VERIFY}?next=")
    pending.refresh_from_db()
    assert not pending.confirmed
    assert list(TOTPDevice.objects.filter(user=admin_user, confirmed=True)) == [mine]
    assert password_only.get("/admin/").status_code == 302
    # The view refuses by itself, not only behind the middleware.
    settings.JIYUE_REQUIRE_2FA = False
    response = password_only.post(SETUP, {"token": code_for(pending)})
    assert response["Location"].startswith(f"{VERIFY}?next=")
    pending.refresh_from_db()
    assert not pending.confirmed
