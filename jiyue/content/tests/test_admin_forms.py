"""Bad input in the admin forms: a clear Chinese message, nothing saved, no 500."""

import pytest
from django.urls import reverse

from jiyue.cluster.models import SiteProfile
from jiyue.content.models import ColumnPage, PolicyDocumentPage


def profile_form_data(profile, **changes):
    data = {
        "site": profile.site_id, "name": profile.name, "code": profile.code, "kind": profile.kind,
        "level": profile.level, "parent": profile.parent_id or "", "sponsor": profile.sponsor,
        "operator": profile.operator, "contact": profile.contact, "icp_number": profile.icp_number,
        "police_number": profile.police_number, "badge_url": profile.badge_url,
        "primary_domain": profile.primary_domain, "org_code": profile.org_code,
    }  # fmt: skip
    data.update(changes)
    return data


def edit_profile(client, profile, **changes):
    url = reverse("site_profiles:edit", args=[profile.pk])
    return client.post(url, profile_form_data(profile, **changes))


@pytest.mark.django_db
def test_invalid_site_code_is_refused_in_the_form(admin_client, demo_cluster):
    profile = SiteProfile.objects.get(code="5201000010")
    response = edit_profile(admin_client, profile, code="12345")
    assert response.status_code == 200
    assert "网站标识码应为10位数字" in response.content.decode()
    assert SiteProfile.objects.get(pk=profile.pk).code == "5201000010"


@pytest.mark.django_db
def test_cycle_in_site_tree_is_refused_in_the_form(admin_client, demo_cluster):
    top = SiteProfile.objects.get(code="5201000001")
    child = SiteProfile.objects.get(code="5201020001")
    response = edit_profile(admin_client, top, parent=child.pk)
    assert response.status_code == 200
    assert "站点树中不能有环" in response.content.decode()
    assert SiteProfile.objects.get(pk=top.pk).parent_id is None


@pytest.mark.django_db
def test_non_gov_domain_is_saved_with_a_warning(admin_client, demo_cluster):
    profile = SiteProfile.objects.get(code="5201000010")
    response = edit_profile(admin_client, profile, primary_domain="dsj.example.com")
    assert response.status_code == 302
    follow = admin_client.get(response["Location"])
    assert "不以 .gov.cn 结尾" in follow.content.decode()
    assert SiteProfile.objects.get(pk=profile.pk).primary_domain == "dsj.example.com"


def policy_form_data(**changes):
    data = {
        "title": "关于测试的通知", "slug": "ceshi", "issuer": "测试办",
        "doc_number": "测办发〔2026〕1号", "written_on": "2026-03-01", "published_on": "2026-03-02",
        "validity": "valid", "body": '{"blocks":[{"key":"a","type":"unstyled","depth":0,"text":"正文","inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
        "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0", "attachments-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    data.update(changes)
    return data


def create_policy(client, **changes):
    column = ColumnPage.objects.get(url_path="/www/zcwj/")
    url = reverse(
        "wagtailadmin_pages:add", args=["content", "policydocumentpage", column.pk]
    )
    return client.post(url, policy_form_data(**changes))


@pytest.mark.django_db
def test_policy_document_is_created_with_a_generated_index_number(
    admin_client, demo_cluster
):
    response = create_policy(admin_client)
    assert response.status_code == 302
    doc = PolicyDocumentPage.objects.get(slug="ceshi")
    assert doc.index_no.startswith("009390121/2026-")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"doc_number": "测办发[2026]1号"}, "六角括号"),
        ({"written_on": "2026-03-05"}, "成文日期不能晚于发布日期"),
        ({"published_on": "2026-02-30"}, "有效的日期"),
        (
            {"index_no": "000014349/2014-00001", "slug": "dup"},
            "该索引号已被其他文件使用",
        ),
    ],
)
def test_bad_policy_metadata_is_refused_with_a_message(
    admin_client, demo_cluster, changes, message
):
    PolicyDocumentPage.objects.filter(slug="guobanfa-2014-57").update(
        index_no="000014349/2014-00001"
    )
    before = PolicyDocumentPage.objects.count()
    response = create_policy(admin_client, **changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert PolicyDocumentPage.objects.count() == before
