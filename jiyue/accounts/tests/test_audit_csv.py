"""The audit CSV does not carry formulas into a spreadsheet (CSV injection)."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from jiyue.accounts.audit import csv_cell
from jiyue.accounts.models import AuthEvent, AuthEventKind
from jiyue.cluster.roles import Role
from tests.staff import login

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]
FORMULA = '=HYPERLINK("http://x")'


def test_a_login_name_with_a_formula_is_exported_as_text(make_staff):
    AuthEvent.objects.create(
        kind=AuthEventKind.LOGIN_FAILED, username=FORMULA, user_agent="@SUM(1+1)"
    )
    client = login(Client(), make_staff("shenji-csv", Role.AUDIT_ADMIN))
    exported = client.get("/admin/security/audit/export.csv")
    assert exported.status_code == 200
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    row = next(r for r in rows if FORMULA in "".join(r))
    assert row[1] == row[3] == "'" + FORMULA
    assert row[4] == "'@SUM(1+1)"
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)


@pytest.mark.parametrize("first", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised(first):
    assert csv_cell(first + "1") == "'" + first + "1"


def test_plain_text_is_left_alone():
    assert csv_cell("张三") == "张三"
    assert csv_cell("a=b") == "a=b"
