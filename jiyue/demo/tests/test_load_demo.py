"""``jiyue load_demo --with-admin``: the cluster, then the demo superuser and the
people of every demo role, each with the demo password and TOTP device."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Page

from jiyue.accounts.demo import DEMO_STAFF
from jiyue.editorial.selectors import user_roles

pytestmark = pytest.mark.django_db


def test_load_demo_with_admin_creates_the_role_users(demo_cluster, settings):
    settings.DEMO = True
    output = StringIO()
    call_command("load_demo", "--with-admin", stdout=output)
    out = output.getvalue()
    assert "本次新建 0 个页面" in out  # loaded once already: nothing new
    for person in DEMO_STAFF:
        assert person.username in out
    assert "xinxiang" in out and "chengban" in out  # the reply chain's people
    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    officer = users.get(username="xinxiyuan")
    assert officer.check_password("jiyue-demo-2026")
    assert user_roles(officer) == {"info_officer"}
    tzgg = Page.objects.get(url_path="/www/tzgg/")
    assert officer.groups.get().site_role.column_id == tzgg.pk
    assert user_roles(users.get(username="baomi")) == {"reviewer"}
    assert user_roles(users.get(username="lingdao")) == {"leader"}
    assert user_roles(users.get(username="shenji")) == {"audit_admin"}
    usernames = [p.username for p in DEMO_STAFF]
    confirmed = TOTPDevice.objects.filter(user__username__in=usernames, confirmed=True)
    assert confirmed.count() == len(DEMO_STAFF)
