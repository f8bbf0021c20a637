import datetime

import pytest
from django.core.exceptions import ValidationError

from jiyue.content.models import ColumnPage, PolicyDocumentPage
from jiyue.content.models.policy import validate_doc_number


@pytest.mark.parametrize(
    "number", ["国办发〔2014〕57号", "安政办发〔2015〕71号", "筑府办发〔2018〕2号", ""]
)
def test_valid_doc_numbers(number):
    # A validator answers a valid value with None and raises on an invalid one.
    assert validate_doc_number(number) is None


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        ("国办发[2014]57号", "六角括号"),
        ("国办发【2014】57号", "六角括号"),
        ("国办发（2014）57号", "六角括号"),
        ("国办发〔2014〕57", "格式"),
        ("国办发2014年57号", "格式"),
        ("国办发〔1800〕57号", "年份"),
    ],
)
def test_invalid_doc_numbers_say_why(number, fragment):
    with pytest.raises(ValidationError) as error:
        validate_doc_number(number)
    assert fragment in error.value.messages[0]


def new_document(column, slug, **fields):
    doc = PolicyDocumentPage(
        title=f"文件{slug}", slug=slug, issuer="测试办", body="<p>正文</p>",
        published_on=datetime.date(2026, 3, 1), **fields,
    )  # fmt: skip
    column.add_child(instance=doc)
    return doc


@pytest.mark.django_db
def test_index_numbers_are_generated_in_sequence_per_year(demo_cluster):
    column = ColumnPage.objects.get(slug="zcwj", url_path="/www/zcwj/")
    first = new_document(column, "a")
    second = new_document(column, "b")
    prefix, serial = first.index_no.split("-")
    assert prefix == "009390121/2026"
    assert second.index_no == f"{prefix}-{int(serial) + 1:05d}"
    assert len(serial) == 5


@pytest.mark.django_db
def test_duplicate_index_number_is_refused_with_a_message(demo_cluster):
    column = ColumnPage.objects.get(url_path="/www/zcwj/")
    first = new_document(column, "a")
    dup = PolicyDocumentPage(
        title="重复", slug="dup", issuer="测试办", body="<p>x</p>",
        published_on=datetime.date(2026, 3, 1), index_no=first.index_no,
    )  # fmt: skip
    dup.path, dup.depth = "XXXX", first.depth
    with pytest.raises(ValidationError) as error:
        dup.full_clean(exclude=["path", "depth"])
    assert "该索引号已被其他文件使用" in str(error.value)


@pytest.mark.django_db
def test_written_after_published_is_refused(demo_cluster):
    doc = PolicyDocumentPage(
        title="x", slug="x", issuer="测试办", body="<p>x</p>",
        written_on=datetime.date(2026, 3, 2), published_on=datetime.date(2026, 3, 1),
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        doc.clean()
    assert "成文日期不能晚于发布日期" in error.value.message_dict["written_on"][0]


@pytest.mark.django_db
def test_column_update_requirement_defaults_from_kind(demo_cluster):
    assert ColumnPage.objects.get(url_path="/www/yaowen/").update_days == 14
    assert ColumnPage.objects.get(url_path="/www/tzgg/").update_days == 180
    assert ColumnPage.objects.get(url_path="/www/zcwj/").update_days == 180
