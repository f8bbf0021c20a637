"""`jiyue audit_purge`: only the audit administrator (with a current TOTP code),
never entries younger than 180 days, and the purge is logged itself."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from jiyue.accounts.demo import current_code
from jiyue.accounts.models import AuthEvent, AuthEventKind
from jiyue.cluster.roles import Role
from tests.staff import verified_device

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries():
    old = AuthEvent.objects.create(
        kind=AuthEventKind.LOGIN,
        username="old",
        created_at=timezone.now() - timedelta(days=400),
    )
    young = AuthEvent.objects.create(kind=AuthEventKind.LOGIN, username="young")
    return old, young


def purge(username, code, *more):
    call_command("audit_purge", "--user", username, "--code", code, *more)


def test_the_auditor_purges_old_entries_and_the_purge_is_logged(
    make_staff, entries, capsys
):
    auditor = make_staff("auditor", Role.AUDIT_ADMIN)
    code = current_code(verified_device(auditor))
    purge(
        "auditor",
        code,
        "--before",
        (timezone.now() - timedelta(days=300)).date().isoformat(),
    )
    old, young = entries
    assert not AuthEvent.objects.filter(pk=old.pk).exists()
    assert AuthEvent.objects.filter(pk=young.pk).exists()
    assert "已清理 1 条" in capsys.readouterr().out
    entry = ModelLogEntry.objects.get(action="jiyue.accounts.audit_purge")
    assert entry.user == auditor and entry.data["deleted"] == 1


def test_a_cut_off_younger_than_180_days_is_refused(make_staff, entries):
    auditor = make_staff("auditor", Role.AUDIT_ADMIN)
    code = current_code(verified_device(auditor))
    recent = (timezone.now() - timedelta(days=30)).date().isoformat()
    with pytest.raises(CommandError, match="审计日志至少保存 180 天"):
        purge("auditor", code, "--before", recent)
    assert AuthEvent.objects.count() == 2
    assert not ModelLogEntry.objects.filter(
        action="jiyue.accounts.audit_purge"
    ).exists()


@pytest.mark.parametrize("role", [None, Role.SECURITY_ADMIN, Role.SYSTEM_ADMIN])
def test_only_the_audit_administrator_may_purge(make_staff, entries, role):
    user = make_staff("someone", role)
    code = current_code(verified_device(user))
    with pytest.raises(CommandError, match="只有审计管理员可以清理审计日志"):
        purge("someone", code)
    assert AuthEvent.objects.count() == 2


def test_a_wrong_code_or_a_bad_date_is_refused_in_chinese(make_staff, entries):
    auditor = make_staff("auditor", Role.AUDIT_ADMIN)
    device = verified_device(auditor)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    with pytest.raises(CommandError, match="日期格式不正确"):
        purge("auditor", current_code(device), "--before", "2025/01/01")
    with pytest.raises(CommandError, match="动态口令不正确"):
        purge("auditor", wrong)
    assert AuthEvent.objects.count() == 2
