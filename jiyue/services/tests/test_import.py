"""Importing the province's catalogue: the 200-item sample in both formats,
idempotent by 事项编码, and bad files answered row by row in Chinese with nothing
half-imported."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook
from wagtail.models import Site

from jiyue.services.catalogue_sample import SAMPLE_JSON, SAMPLE_XLSX, items
from jiyue.services.importer import MAX_ROWS, import_file
from jiyue.services.models import ServiceGuidePage

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def ankang(demo_cluster):
    return Site.objects.get(hostname="ankang.localhost")


def _json(rows: list[dict]) -> bytes:
    return json.dumps({"items": rows}, ensure_ascii=False).encode()


def _xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_sample_has_200_items_and_imports_whole_then_changes_nothing(ankang):
    data = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))["items"]
    assert len(data) >= 200 and len({i["事项编码"] for i in data}) == len(data)
    ServiceGuidePage.objects.all().delete()  # the demo's, which share codes
    report = import_file(SAMPLE_XLSX.name, SAMPLE_XLSX.read_bytes(), site=ankang)
    assert report.ok and len(report.created) == len(data)
    guides = ServiceGuidePage.objects.descendant_of(ankang.root_page)
    assert guides.count() == len(data)
    first = guides.get(item_code=data[0]["事项编码"])
    assert first.title == "生育登记" and not first.live  # a draft, for review
    assert [m.name for m in first.materials.all()][-1] == "生育登记申请表"
    assert first.materials.all()[2].signature == "夫妻双方签字"
    assert [s.name for s in first.steps.all()] == ["申请", "受理", "办结"]
    assert {t.name for t in first.themes.all()} == {"生育收养"}
    # The same catalogue as JSON: every item is found unchanged (no revision).
    revisions = first.revisions.count()
    again = import_file(SAMPLE_JSON.name, SAMPLE_JSON.read_bytes(), site=ankang)
    assert again.ok and len(again.unchanged) == len(data) and not again.created
    assert first.revisions.count() == revisions
    # One changed cell: that item only gets a new revision.
    data[0]["承诺办结时限"] = "1个工作日"
    third = import_file("x.json", _json(data), site=ankang)
    assert (
        third.updated == [data[0]["事项编码"]] and len(third.unchanged) == len(data) - 1
    )
    first.refresh_from_db()
    assert first.get_latest_revision_as_object().time_limit_promised == "1个工作日"


def test_bad_rows_are_refused_one_by_one_and_the_good_ones_imported(ankang):
    good = items()[0] | {"事项编码": "610900-20-9001"}
    rows = [
        good,
        good | {"事项名称": "重复的事项"},
        items()[1] | {"事项编码": "", "事项名称": "合并单元格留下的空行"},
        items()[2] | {"事项编码": "610900-07-9003", "在线办理入口": "javascript:alert(1)"},
        items()[3] | {"事项编码": "610900-07-9004", "办事主题": "不存在的主题"},
        items()[4] | {"事项编码": "610900-01-9005", "事项类型": "行政审批"},
        items()[5] | {"事项编码": "610900-07-9006", "申请材料": [{"名称": "身份证", "份数": "两份"}]},
        "不是对象",
    ]  # fmt: skip
    report = import_file("bad.json", _json(rows), site=ankang)
    assert report.created == ["610900-20-9001"]
    reasons = {p.line: p.describe() for p in report.refused}
    assert "事项编码与第1行重复" in reasons[2]
    assert "事项编码为空" in reasons[3]
    assert "在线办理入口“javascript:alert(1)”不是有效的网址" in reasons[4]
    assert "办事主题“不存在的主题”不在个人办事的主题目录中" in reasons[5]
    assert "事项类型“行政审批”无效" in reasons[6]
    assert "申请材料第1条：份数“两份”应为1到99的整数" in reasons[7]
    assert reasons[8] == "第8行：该项不是对象"
    assert not ServiceGuidePage.objects.filter(item_code="610900-07-9003").exists()


def test_a_code_of_another_site_is_refused(ankang):
    report = import_file("x.json", _json([items()[0]]), site=ankang)
    # 520100-20-0001 is the Guiyang portal's 生育登记 in the demo.
    assert report.refused[0].describe() == (
        "第1行（520100-20-0001）：该事项编码已由“贵阳市人民政府”的办事指南使用，不能导入到本网站"
    )


def test_files_that_cannot_be_read_import_nothing_and_say_why(ankang):
    def problems(name, data):
        report = import_file(name, data, site=ankang)
        assert not report.created
        return report.file_problems

    assert problems("a.xlsx", b"PK\x03\x04 not really") == [
        "无法读取该 XLSX 文件：文件损坏或不是 Excel 工作簿。"
    ]
    assert problems("a.doc", b"x") == ["只接受 XLSX、CSV 或 JSON 文件。"]
    assert problems("a.json", b'{"items": [')[0].startswith("JSON 格式错误（第1行")
    missing = _xlsx([["事项名称", "承办单位"], ["生育登记", "卫生健康局"]])
    assert problems("a.xlsx", missing) == [
        "缺少必需的列：事项编码；本次未导入任何事项。"
    ]
    big = _xlsx(
        [["事项编码", "事项名称"]]
        + [[f"X{n:06d}", "事项"] for n in range(MAX_ROWS + 5)]
    )
    assert problems("big.xlsx", big) == [
        f"文件超过每次 {MAX_ROWS} 行的上限，请拆分后导入；本次未导入任何事项。"
    ]


def test_a_gbk_csv_is_read(ankang):
    text = "事项编码,事项名称,服务对象,办事主题,承办单位\n610900-20-9100,高龄津贴申领,个人,养老服务,安康市民政局\n"
    report = import_file("gbk.csv", text.encode("gbk"), site=ankang)
    assert report.created == ["610900-20-9100"]
    guide = ServiceGuidePage.objects.get(item_code="610900-20-9100")
    assert guide.department == "安康市民政局"
    assert report.ignored_columns == []


def test_the_command_imports_and_publishes(ankang, tmp_path, capsys):
    path = tmp_path / "one.json"
    path.write_bytes(_json([items()[0] | {"事项编码": "610900-20-9200"}]))
    call_command("services_import", str(path), "--site", "6109000001", "--publish")
    assert "新增 1 项" in capsys.readouterr().out
    assert ServiceGuidePage.objects.get(item_code="610900-20-9200").live
    with pytest.raises(CommandError, match="没有标识码为 0000 的网站"):
        call_command("services_import", str(path), "--site", "0000")
    with pytest.raises(CommandError, match="找不到文件"):
        call_command(
            "services_import", str(tmp_path / "no.json"), "--site", "6109000001"
        )
