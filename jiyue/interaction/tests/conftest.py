"""Fixtures of the interaction tests: the demo cluster's portal (www) and
Ankang, their staff, a clock, and a citizen's browser on the public app."""

from __future__ import annotations

import datetime as dt
import re
from contextlib import contextmanager
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.test import Client
from wagtail.models import Site

from jiyue.cluster.permissions import PLATFORM_OFFICE_GROUP
from jiyue.cluster.roles import Role
from jiyue.editorial import role_grant
from jiyue.interaction.captcha import NUMERALS
from jiyue.interaction.memo import forget_local
from jiyue.interaction.models import HandlingUnit, Mailbox
from tests.clients import PublicClient

SHANGHAI = ZoneInfo("Asia/Shanghai")
WWW = "www.localhost:8000"
ANKANG = "ankang.localhost:8000"


def at(y, m, d, hh=10, mm=0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=SHANGHAI)


@contextmanager
def clock(moment: dt.datetime):
    """Every ``timezone.now()`` is ``moment`` inside the block."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def solve(question: str) -> str:
    a, b = (NUMERALS.index(c) for c in re.findall(f"[{NUMERALS}]", question)[:2])
    return str(a - b if "减" in question else a + b)


def captcha_fields(response) -> dict:
    form = response.context["form"]
    return {
        "captcha_token": form.data.get("captcha_token")
        or form.initial["captcha_token"],
        "captcha_answer": solve(form.captcha_question),
    }


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    forget_local()
    yield
    cache.clear()
    forget_local()


@pytest.fixture
def public():
    return PublicClient(HTTP_HOST=WWW)


@pytest.fixture
def www(demo_cluster):
    return Site.objects.get(hostname="www.localhost")


@pytest.fixture
def ankang(demo_cluster):
    return Site.objects.get(hostname="ankang.localhost")


@pytest.fixture
def leader_box(www):
    return Mailbox.objects.get(site=www, slug="shizhang")


def _staff(django_user_model, username: str):
    user = django_user_model.objects.create_user(
        username=username, password="x-password-123", email=f"{username}@example.com"
    )
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def make_mailbox_operator(user, site) -> None:
    """信箱管理员 of ``site``: the site role, granted as in the admin."""
    role_grant(actor=None, user=user, site=site, role=Role.MAILBOX_OPERATOR)


@pytest.fixture
def office_www(django_user_model, www):
    """The portal's mailbox operator (信箱管理员 of www)."""
    user = _staff(django_user_model, "office-www")
    make_mailbox_operator(user, www)
    return user


@pytest.fixture
def approver_www(django_user_model, www):
    user = _staff(django_user_model, "approver-www")
    make_mailbox_operator(user, www)
    return user


@pytest.fixture
def office_ankang(django_user_model, ankang):
    user = _staff(django_user_model, "office-ankang")
    make_mailbox_operator(user, ankang)
    return user


@pytest.fixture
def unit(www):
    return HandlingUnit.objects.get(site=www, name="市大数据局")


@pytest.fixture
def ankang_unit(ankang):
    return HandlingUnit.objects.filter(site=ankang).first()


@pytest.fixture
def handler(django_user_model, unit):
    """A case handler (承办人) of 市大数据局 on www."""
    user = _staff(django_user_model, "handler")
    unit.members.add(user)
    return user


@pytest.fixture
def platform_office(django_user_model):
    user = _staff(django_user_model, "platform")
    group, _ = Group.objects.get_or_create(name=PLATFORM_OFFICE_GROUP)
    user.groups.add(group)
    return user


def admin_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def staff_post(user, when: dt.datetime, path: str, data=None):
    """POST in the admin as ``user`` at ``when`` (logged in at that moment, since
    admin sessions are short)."""
    with clock(when):
        return admin_client(user).post(path, data or {})


def staff_get(user, when: dt.datetime, path: str):
    with clock(when):
        return admin_client(user).get(path)
