import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from wagtail.models import Page, Site

from jiyue.cluster.models import SiteProfile
from jiyue.cluster.validators import domain_warnings, validate_site_code


@pytest.mark.parametrize("code", ["5201000001", "1100000009", "6109000001"])
def test_valid_site_codes(code):
    # A validator answers a valid value with None and raises on an invalid one.
    assert validate_site_code(code) is None


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("520100001", "10位数字"),
        ("52010000012", "10位数字"),
        ("52010A0001", "10位数字"),
        ("９２０１０００００１", "10位数字"),
        ("9901000001", "省级行政区划代码"),
    ],
)
def test_invalid_site_codes_say_why(code, fragment):
    with pytest.raises(ValidationError) as error:
        validate_site_code(code)
    assert fragment in error.value.messages[0]


def test_domain_rules_warn_but_accept_gov_cn():
    assert (
        domain_warnings("www.guiyang.gov.cn", kind="portal", parent_domain=None) == []
    )
    assert (
        domain_warnings(
            "dsj.guiyang.gov.cn", kind="department", parent_domain="www.guiyang.gov.cn"
        )
        == []
    )
    assert (
        "gov.cn"
        in domain_warnings("www.example.com", kind="portal", parent_domain=None)[0]
    )
    assert (
        "www" in domain_warnings("guiyang.gov.cn", kind="portal", parent_domain=None)[0]
    )
    warning = domain_warnings(
        "dsj.beijing.gov.cn", kind="department", parent_domain="www.guiyang.gov.cn"
    )
    assert "guiyang.gov.cn" in warning[0]


def make_profile(code, host, *, kind="portal", level="city", parent=None):
    root = Page.get_first_root_node()
    home = root.add_child(instance=Page(title=host, slug=host))
    site = Site.objects.create(hostname=f"{host}.localhost", port=8000, root_page=home)
    return SiteProfile.objects.create(
        site=site, name=host, code=code, kind=kind, level=level, parent=parent,
        sponsor="主办", primary_domain=f"{host}.localhost",
    )  # fmt: skip


@pytest.mark.django_db
def test_cycle_in_site_tree_is_refused():
    top = make_profile("5203000001", "top")
    child = make_profile("5203020001", "child", level="county", parent=top)
    top.parent = child
    with pytest.raises(ValidationError) as error:
        top.full_clean()
    assert "环" in error.value.message_dict["parent"][0]


@pytest.mark.django_db
def test_no_department_sites_under_a_county():
    county = make_profile("5203020001", "county", level="county")
    dept = make_profile("5203020002", "dept", kind="department", level="county")
    dept.parent = county
    with pytest.raises(ValidationError) as error:
        dept.full_clean()
    assert "县级政府部门" in error.value.message_dict["parent"][0]


@pytest.mark.django_db
def test_lower_portal_must_have_lower_level():
    city = make_profile("5203000001", "city")
    other = make_profile("5202000001", "other", level="province", parent=None)
    other.parent = city
    with pytest.raises(ValidationError) as error:
        other.full_clean()
    assert "行政层级" in error.value.message_dict["level"][0]


@pytest.mark.django_db
def test_sites_json_contract(demo_cluster):
    out = StringIO()
    call_command("sites", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert {tuple(sorted(row)) for row in rows} == {
        ("code", "kind", "name", "parent", "url")
    }
    by_code = {row["code"]: row for row in rows}
    assert by_code["5201000001"] == {
        "code": "5201000001",
        "name": "贵阳市人民政府",
        "url": "http://www.localhost:8000",
        "parent": None,
        "kind": "portal",
    }
    assert by_code["5201000010"]["parent"] == "5201000001"
    assert by_code["5201000010"]["kind"] == "department"
