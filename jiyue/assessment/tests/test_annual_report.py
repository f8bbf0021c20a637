"""The yearly work report (年度工作报表): every template field with its value and
source, 「需填写」 where the platform has no data, in JSON, XLSX and HTML."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook

from jiyue.assessment.annual_report import FILL_IN, build
from jiyue.cluster.models import SiteProfile

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def portal(demo_cluster):
    return SiteProfile.objects.select_related("site").get(code="5201000001")


def _values(fields) -> dict:
    return {f.name: f.value for f in fields}


def test_the_fields_come_from_the_platform_or_say_they_must_be_filled(portal):
    year = timezone.localdate().year
    fields = build(portal, year)
    values = _values(fields)
    sections = {f.section for f in fields}
    assert len(sections) == 11 and all(f.source for f in fields)
    assert values["政府网站标识码"] == "5201000001"
    assert values["政务服务事项数量（项）"] == 71  # the portal's and its districts'
    assert values["是否发布服务事项目录"] == "是"
    assert values["收到留言数量（条）"] >= 1
    assert values["独立用户访问总量（个）"] == FILL_IN  # no access log this year
    assert values["办件量总数（件）"] == FILL_IN
    assert values["多语言版本"] == "是"  # the demo portal's 英文版 (jiyue.linkage)
    # Guides are 办事服务, not information published.
    assert values["总数"] < 93


def test_visits_come_from_the_access_log(portal, tmp_path):
    from jiyue.analytics.ingest import ingest_files

    today = timezone.localdate()
    stamp = today.strftime("%d/%b/%Y")
    log = tmp_path / "access.log"
    log.write_text(
        f'www.localhost:80 203.0.113.9 - - [{stamp}:10:00:00 +0800] "GET / HTTP/1.1" '
        f'200 512 "-" "Mozilla/5.0"\n',
        encoding="utf-8",
    )
    ingest_files([log])
    values = _values(build(portal, today.year))
    assert values["网站总访问量（次）"] == 1 and values["独立用户访问总量（个）"] == 1


def test_the_command_writes_json_xlsx_and_html_and_refuses_bad_input(
    portal, tmp_path, capsys
):
    year = timezone.localdate().year
    call_command("annual_report", "--site", "5201000001", "--year", str(year))
    data = json.loads(capsys.readouterr().out)
    assert data["year"] == year and len(data["fields"]) > 50
    xlsx = tmp_path / "report.xlsx"
    call_command("annual_report", "--site", "5201000001", "--year", str(year),
                 "--format", "xlsx", "--output", str(xlsx))  # fmt: skip
    sheet = load_workbook(io.BytesIO(xlsx.read_bytes())).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[1] == ["栏目", "指标", "数值", "数据来源"]
    assert ["一、基本信息", "政府网站标识码", "5201000001", "平台：网站档案"] in rows
    html = tmp_path / "report.html"
    call_command("annual_report", "--site", "5201000001", "--year", str(year),
                 "--format", "html", "--output", str(html))  # fmt: skip
    text = html.read_text(encoding="utf-8")
    assert "七、互动交流" in text and "需填写" in text
    with pytest.raises(CommandError, match="在未来"):
        call_command("annual_report", "--site", "5201000001", "--year", str(year + 1))
    with pytest.raises(CommandError, match="没有标识码为 9 的网站"):
        call_command("annual_report", "--site", "9", "--year", str(year))
    with pytest.raises(CommandError, match="须用 --output"):
        call_command("annual_report", "--site", "5201000001", "--year", str(year),
                     "--format", "xlsx")  # fmt: skip


def test_the_pdf_is_a4_with_its_chinese_font_embedded(portal, tmp_path):
    import re

    pdf = tmp_path / "report.pdf"
    year = timezone.localdate().year
    call_command("annual_report", "--site", "5201000001", "--year", str(year),
                 "--format", "pdf", "--output", str(pdf))  # fmt: skip
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    # A4 is 595 × 842 points; the CJK font travels inside the file (FontFile2).
    box = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)
    assert (
        box
        and round(float(box[1])) in (595, 596)
        and round(float(box[2])) in (842, 843)
    )
    assert b"/FontFile2" in data and b"WenQuanYi" in data
    with pytest.raises(CommandError, match="须用 --output"):
        call_command("annual_report", "--site", "5201000001", "--year", str(year),
                     "--format", "pdf")  # fmt: skip


def test_the_site_fills_in_checks_numbers_signs_off_and_downloads(
    portal, client, make_staff
):
    from jiyue.assessment.models import ReportEntry, ReportSignoff
    from jiyue.cluster.roles import Role
    from tests.staff import login

    year = timezone.localdate().year
    url = f"/admin/assessment/report/{portal.site_id}/{year}/"
    admin = make_staff("nb-admin", Role.SITE_ADMIN, portal.site)
    login(client, admin)
    page = client.get(url)
    rows = page.context["rows"]
    index = {str(r["field"].name): r["index"] for r in rows if r["editable"]}
    number = index["注册用户数（个）"]
    bad = client.post(url, {f"f-{number}": "约三千"}).content.decode()
    assert "“注册用户数（个）”须填写整数" in bad
    assert not ReportEntry.objects.filter(site=portal.site, year=year).exists()
    early = client.post(url, {f"f-{number}": "3200", "signoff": "1"}).content.decode()
    assert "定稿前请填写：单位负责人、审核人、填报人" in early
    signers = {f"f-{index[n]}": f"{n}某" for n in ("单位负责人", "审核人", "填报人")}
    client.post(url, {f"f-{number}": "3200", **signers, "signoff": "1"})
    assert ReportSignoff.objects.filter(site=portal.site, year=year).exists()
    fields = {str(f.name): f for f in build(portal, year)}
    assert fields["注册用户数（个）"].value == 3200
    assert fields["填报人"].value == "填报人某"
    assert fields["注册用户数（个）"].source.startswith("填报：")
    answer = client.get(f"{url}xlsx/")
    sheet = load_workbook(io.BytesIO(answer.content)).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert any(row[1] == "注册用户数（个）" and row[2] == 3200 for row in cells)
    other = make_staff(
        "nb-other", Role.SITE_ADMIN, SiteProfile.objects.get(code="6109000001").site
    )
    login(client, other)
    assert client.get(url).status_code == 404
