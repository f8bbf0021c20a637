"""《政府网站监管年度报表》 filled in on screen (ADR 0806): the platform office enters
the 「需填写」 fields (假冒政府网站处置, 人员培训, the signers), each number checked and
refused in Chinese with nothing lost, signs it off (定稿, read-only after), and every
format and the command carry the values with 「填报：<who> <date>」."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from jiyue.assessment import supervision
from jiyue.assessment.models import SupervisionEntry, SupervisionReport
from jiyue.cluster.models import SiteProfile
from jiyue.cluster.roles import Role
from tests.staff import login

pytestmark = [pytest.mark.django_db]

FAKES = "发现假冒政府网站数（个）"
HANDLED = "处置假冒政府网站数（个）"
TRAININGS = "组织培训次数（次）"
TRAINED = "培训人数（人）"
SIGNERS = ("单位负责人", "审核人", "填报人")


@pytest.fixture
def office(demo_cluster, client, make_staff):
    login(client, make_staff("jg-office", Role.PLATFORM_OFFICE))
    return client


def _url(year: int | None = None) -> str:
    return f"/admin/assessment/supervision/{year or timezone.localdate().year}/"


def _form(client) -> dict[str, str]:
    """Field name → the form input's name, from the screen as it is shown."""
    rows = client.get(_url()).context["rows"]
    return {str(r["field"].name): f"f-{r['index']}" for r in rows if r["editable"]}


def _filled(client, **extra) -> dict[str, str]:
    inputs = _form(client)
    data = {inputs[FAKES]: "3", inputs[HANDLED]: "2", inputs[TRAININGS]: "4",
            inputs[TRAINED]: "126"}  # fmt: skip
    data.update({inputs[n]: f"{n}赵" for n in SIGNERS})
    data.update({inputs[k]: v for k, v in extra.items()})
    return data


def test_the_form_offers_exactly_the_fields_the_platform_cannot_know(office):
    inputs = _form(office)
    assert set(inputs) == {FAKES, HANDLED, TRAININGS, TRAINED, *SIGNERS}
    page = office.get(_url()).content.decode()
    assert 'name="signoff"' in page and "保存并定稿" in page


def test_a_wrong_number_is_named_in_chinese_and_nothing_entered_is_lost(office):
    inputs = _form(office)
    data = _filled(office)
    data[inputs[FAKES]] = "三个"
    data[inputs[TRAINED]] = "-5"
    answer = office.post(_url(), data)
    assert answer.status_code == 200
    page = answer.content.decode()
    assert (
        "“发现假冒政府网站数（个）”须填写整数（不带单位和标点），收到的是“三个”" in page
    )
    assert "“培训人数（人）”不能是负数，收到的是“-5”" in page
    # what was typed comes back in the form, the refused values too
    for value in ("三个", "-5", "单位负责人赵", "审核人赵", "填报人赵"):
        assert f'value="{value}"' in page
    assert f'id="{inputs[TRAININGS]}" value="4"' in page
    assert not SupervisionEntry.objects.exists()


def test_the_office_saves_and_the_report_shows_the_values_with_their_source(
    office, make_staff
):
    year = timezone.localdate().year
    answer = office.post(_url(), _filled(office))
    assert answer.status_code == 302 and answer["Location"] == _url()
    page = office.get(_url()).content.decode()
    assert "已保存填报内容" in page
    fields = {f.name: f for f in supervision.build(year)}
    today = timezone.localdate().isoformat()
    assert fields[FAKES].value == 3 and fields[TRAINED].value == 126
    assert fields["填报人"].value == "填报人赵"
    assert fields[FAKES].source == f"填报：jg-office {today}"
    assert f"填报：jg-office {today}" in page
    # the platform's own figures stay the platform's
    assert fields["抽查次数（次）"].source.startswith("平台：")
    # another person saves again: only what he changed is his
    login(office, make_staff("jg-office-b", Role.PLATFORM_OFFICE))
    office.post(_url(), _filled(office, **{TRAINED: "130"}))
    fields = {f.name: f for f in supervision.build(year)}
    assert fields[TRAINED].source == f"填报：jg-office-b {today}"
    assert fields[FAKES].source == f"填报：jg-office {today}"
    # saving again with a field emptied: the field is 「需填写」 again
    inputs = _form(office)
    office.post(_url(), _filled(office, **{TRAININGS: ""}))
    assert {f.name: f.value for f in supervision.build(year)}[TRAININGS] == "需填写"
    assert inputs[TRAININGS] in _form(office).values()


def test_sign_off_needs_the_signers_and_then_the_values_are_read_only(office):
    year = timezone.localdate().year
    inputs = _form(office)
    early = {**_filled(office, **dict.fromkeys(SIGNERS, "")), "signoff": "1"}
    page = office.post(_url(), early).content.decode()
    assert "定稿前请填写：单位负责人、审核人、填报人。" in page
    assert not SupervisionEntry.objects.exists()
    done = office.post(_url(), {**_filled(office), "signoff": "1"}, follow=True)
    assert "监管年度报表已定稿" in done.content.decode()
    report = SupervisionReport.objects.get(year=year)
    assert report.signed_at is not None and report.signed_by.username == "jg-office"
    logged = ModelLogEntry.objects.for_instance(report)
    assert {e.action for e in logged} == {
        "jiyue.assessment.supervision_entered",
        "jiyue.assessment.supervision_signed",
    }
    page = office.get(_url()).content.decode()
    assert "定稿" in page and 'name="f-' not in page
    assert "保存并定稿" not in page and "填报人赵" in page
    # a late POST changes nothing
    refused = office.post(_url(), {inputs[TRAINED]: "999"}).content.decode()
    assert f"{year}年的监管年度报表已定稿，不能修改。" in refused
    assert SupervisionEntry.objects.get(name=TRAINED).value == "126"


def test_a_year_in_the_future_is_refused_in_chinese(office):
    year = timezone.localdate().year
    inputs = _form(office)
    answer = office.post(_url(year + 1), {inputs[TRAINED]: "5"})
    assert answer.status_code == 302 and answer["Location"] == _url(year)
    page = office.get(answer["Location"]).content.decode()
    assert f"报表年度 {year + 1} 在未来。不能查看或填报该年度的报表。" in page
    assert not SupervisionReport.objects.exists()
    download = office.get(f"{_url(year + 1)}json/", follow=True)
    assert "在未来" in download.content.decode()


def test_only_the_platform_office_opens_or_fills_it_in(
    demo_cluster, client, make_staff
):
    site = SiteProfile.objects.get(code="5201000001").site
    editor = make_staff("jg-editor", Role.EDITOR, site)
    site_admin = make_staff("jg-admin", Role.SITE_ADMIN, site)
    for person in (editor, site_admin):
        login(client, person)
        for answer in (client.get(_url()), client.post(_url(), {"f-0": "1"}),
                       client.get(f"{_url()}xlsx/")):  # fmt: skip
            assert answer.status_code == 403 or (
                answer.status_code == 302 and answer["Location"] == "/admin/"
            ), (person.username, answer.status_code)
    assert not SupervisionReport.objects.exists()
    login(client, make_staff("jg-office2", Role.PLATFORM_OFFICE))
    assert client.get(_url()).status_code == 200


def test_every_format_and_the_command_carry_the_entered_values(
    office, tmp_path, capsys
):
    year = timezone.localdate().year
    office.post(_url(), _filled(office))
    source = f"填报：jg-office {timezone.localdate().isoformat()}"
    document = json.loads(office.get(f"{_url()}json/").content)
    by_name = {f["name"]: f for f in document["fields"]}
    assert by_name[TRAINED] == {"section": "六、人员培训", "name": TRAINED,
                                "value": 126, "source": source}  # fmt: skip
    assert by_name["单位负责人"]["value"] == "单位负责人赵"
    sheet = load_workbook(io.BytesIO(office.get(f"{_url()}xlsx/").content)).active
    rows = {r[1]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows[FAKES][2:] == (3, source) and rows[HANDLED][2] == 2
    assert rows["审核人"][2] == "审核人赵"
    html = office.get(f"{_url()}html/").content.decode()
    assert "填报人赵" in html and source in html
    call_command("annual_report", "--supervision", "--year", str(year))
    printed = {f["name"]: f for f in json.loads(capsys.readouterr().out)["fields"]}
    assert printed[TRAININGS]["value"] == 4 and printed[TRAININGS]["source"] == source


def test_the_pdf_carries_the_entered_values(office, tmp_path):
    from pypdf import PdfReader

    year = timezone.localdate().year
    office.post(_url(), _filled(office))
    pdf = tmp_path / "jianguan.pdf"
    call_command("annual_report", "--supervision", "--year", str(year),
                 "--format", "pdf", "--output", str(pdf))  # fmt: skip
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    text = "".join(text.split())
    assert "填报人赵" in text and "单位负责人赵" in text and "填报：jg-office" in text
