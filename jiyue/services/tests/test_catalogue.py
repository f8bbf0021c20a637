"""The service catalogue: elements as data, completeness and the gate, the public
entry (by theme, by department, by reference), and the monitor's link check and
「服务不实用」 verdict, on the demo cluster."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Site

from jiyue.cluster.models import SiteProfile
from jiyue.cluster.roles import Role
from jiyue.content.models import PolicyDocumentPage, Validity
from jiyue.editorial.gate import blocking, page_gate_findings
from jiyue.monitor.service_links import check_service_links, link_findings
from jiyue.monitor.verdict import FAILED, PASSED, UNMONITORED, services_indicator
from jiyue.publishing.selectors import page_targets, page_url, related_ids
from jiyue.services.completeness import completeness
from jiyue.services.models import (
    ServiceElement,
    ServiceGuidePage,
    ServiceIndexPage,
    ServiceLinkCheck,
    ServiceTheme,
)
from tests.clients import PublicClient
from tests.staff import login

pytestmark = [pytest.mark.django_db]
WWW = "www.localhost:8000"


@pytest.fixture
def www(demo_cluster):
    cache.clear()
    return Site.objects.get(hostname="www.localhost")


def _guide(code: str) -> ServiceGuidePage:
    return ServiceGuidePage.objects.get(item_code=code)


def test_a_complete_guide_passes_and_a_missing_key_element_fails(www):
    shengyu = _guide("520100-20-0001")  # 生育登记
    result = completeness(shengyu)
    assert result.passes and result.score >= 95
    shengyu.consult_phone = ""
    result = completeness(shengyu)
    assert [e.name for e in result.key_missing] == ["咨询电话"]
    assert not result.passes
    # The office makes 咨询电话 a non-key element: the guide passes at once.
    ServiceElement.objects.filter(key="consult_phone").update(is_key=False)
    result = completeness(shengyu)
    assert result.passes and "咨询电话" in [e.name for e in result.missing]
    # ... or switches it off: it no longer counts at all.
    ServiceElement.objects.filter(key="consult_phone").update(enabled=False)
    assert "咨询电话" not in [e.name for e in completeness(shengyu).missing]


def test_the_gate_refuses_a_guide_missing_a_key_element(www):
    incomplete = _guide("520100-07-0003")  # 收养登记, demo: no basis, no phone
    findings = page_gate_findings(incomplete)
    own = [f for f in findings if f.finding.type == "incomplete_guide"]
    assert {f.finding.evidence for f in own if f.blocks} == {"设定依据", "咨询电话"}
    assert blocking(findings, incomplete)
    assert own[0].describe().startswith("【办事指南要素】办事指南缺少关键要素")
    incomplete.legal_basis = "《中国公民收养子女登记办法》第五条"
    incomplete.consult_phone = "0851-87980003"
    assert not [f for f in page_gate_findings(incomplete) if f.blocks]


def test_a_basis_citing_a_repealed_document_is_flagged(www):
    document = PolicyDocumentPage.objects.exclude(doc_number="").first()
    guide = _guide("520100-20-0001")
    guide.legal_basis = f"《某某办法》（{document.doc_number}）第三条"
    assert completeness(guide).repealed_basis == []
    PolicyDocumentPage.objects.filter(pk=document.pk).update(validity=Validity.REPEALED)
    result = completeness(guide)
    assert result.repealed_basis == [(document.doc_number, "已废止")]
    assert not result.passes
    messages = [f.finding.message for f in page_gate_findings(guide) if f.blocks]
    assert any(document.doc_number in m and "已废止" in m for m in messages)


@override_settings(ROOT_URLCONF="jiyue.urls_public")
def test_a_citizen_finds_a_service_by_theme_and_by_department(www):
    client = PublicClient()
    entry = client.get("/banshi/", HTTP_HOST=WWW)
    assert entry.status_code == 200
    html = entry.content.decode()
    assert "个人办事" in html and "法人办事" in html
    theme = ServiceTheme.objects.get(name="生育收养", audience="person")
    theme_url = f"/banshi/theme/{theme.pk}/"
    assert theme_url in html
    listing = client.get(theme_url, HTTP_HOST=WWW).content.decode()
    assert "生育登记" in listing and "户口迁入" not in listing
    shengyu = _guide("520100-20-0001")
    index = ServiceIndexPage.objects.get(pk=shengyu.get_parent().pk)
    dept = [t.url for t in page_targets(www, index) if "department/" in t.url]
    assert dept
    by_dept = [client.get(url, HTTP_HOST=WWW).content.decode() for url in dept]
    found = [page for page in by_dept if "贵阳市卫生健康局" in page]
    assert found and "生育登记" in found[0]
    assert page_url(www, shengyu) == "/banshi/520100-20-0001/"
    guide = client.get(page_url(www, shengyu), HTTP_HOST=WWW)
    page = guide.content.decode()
    for text in (
        "设定依据",
        "办理流程",
        "申请材料",
        "生育登记申请表",
        "空白表格（DOCX）",
    ):
        assert text in page
    # The county's services are shown on the city portal too.
    assert "云岩区卫生健康局" in html


@override_settings(ROOT_URLCONF="jiyue.urls_public")
def test_a_guide_offered_by_reference_is_shown_with_its_owner(www):
    client = PublicClient()
    guide = _guide("520100-01-0024")  # 企业设立登记, offered on 大数据局's site
    dsj = "dsj.localhost:8000"
    entry = client.get("/banshi/", HTTP_HOST=dsj).content.decode()
    assert "企业设立登记" in entry
    page = client.get("/banshi/item/520100-01-0024/", HTTP_HOST=dsj)
    assert page.status_code == 200
    text = page.content.decode()
    assert "本事项由贵阳市人民政府（贵阳市市场监督管理局）提供和维护" in text
    # An edit by the owner reaches every site that shows it: the publisher
    # re-renders the other site's entry with it.
    dsj_index = ServiceIndexPage.objects.get(
        path__startswith=Site.objects.get(hostname="dsj.localhost").root_page.path
    )
    assert dsj_index.pk in related_ids(guide)
    urls = [t.url for t in page_targets(dsj_index.get_site(), dsj_index)]
    assert "/banshi/item/520100-01-0024/" in urls
    # A code that is not offered there is a 404.
    assert client.get("/banshi/item/520100-07-0003/", HTTP_HOST=dsj).status_code == 404


def test_the_daily_check_finds_the_dead_system_and_the_verdict_follows(www):
    profile = SiteProfile.objects.get(site=www)
    before = services_indicator(profile)
    assert before.state == FAILED  # 收养登记 lacks key elements
    assert any("收养登记" in e.text for e in before.evidence)
    guides = ServiceGuidePage.objects.filter(
        item_code__in=["520100-07-0002", "520100-20-0001"]
    )
    now = timezone.now()
    result = check_service_links(guides=guides, now=now)
    assert result["checked"] == 4  # two online systems, the form and its sample
    dead = ServiceLinkCheck.objects.get(url__endswith="/zwfw/csyxzm/")
    assert dead.is_dead and dead.failing_since == now
    findings = link_findings([dead])
    assert findings[0].type == "unreachable_service"
    assert (
        findings[0].target == dead.url and "在线办理系统无法访问" in findings[0].message
    )
    # No public server runs in this test: the portal's own files cannot be opened
    # either, while the external system is only 无法验证 (no way out here).
    external = ServiceLinkCheck.objects.get(url__startswith="https://zwfw.guizhou")
    assert external.unverified and not external.is_dead
    later = now + dt.timedelta(days=1)
    check_service_links(guides=guides, now=later)
    dead.refresh_from_db()
    assert dead.failing_since == now and dead.checked_at == later
    indicator = services_indicator(profile)
    assert indicator.state == FAILED
    assert any("在线办理系统无法访问" in e.text for e in indicator.evidence)


def test_no_service_at_all_fails_and_unchecked_links_are_not_a_pass(www):
    beijing = SiteProfile.objects.get(site__hostname="beijing.localhost")
    assert services_indicator(beijing).state == UNMONITORED
    ServiceLinkCheck.objects.bulk_create(
        ServiceLinkCheck(
            guide=g, kind="online", url=g.online_url or "https://x.invalid/",
            ok=True, checked_at=timezone.now(),
        )
        for g in ServiceGuidePage.objects.descendant_of(beijing.site.root_page)
    )  # fmt: skip
    assert services_indicator(beijing).state == PASSED
    ServiceGuidePage.objects.descendant_of(beijing.site.root_page).unpublish()
    indicator = services_indicator(beijing)
    assert indicator.state == FAILED and indicator.detail == "未提供办事服务"


def test_static_publishing_writes_the_entry_routes(www):
    index = ServiceIndexPage.objects.child_of(www.root_page).get()
    urls = {t.url for t in page_targets(www, index)}
    theme = ServiceTheme.objects.get(name="生育收养", audience="person")
    assert f"/banshi/theme/{theme.pk}/" in urls
    assert sum(1 for u in urls if "/department/" in u) >= 10
    # The portal's own guides are its pages; the county's are shown on the
    # portal under the portal's address, by reference.
    assert "/banshi/item/520100-20-0001/" not in urls
    assert "/banshi/item/520102-20-0001/" in urls


@pytest.mark.second_factor
def test_the_office_sees_incomplete_guides_and_edits_the_element_set(
    www, client, make_staff
):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser(
        "guanli", "g@example.invalid", "x"
    )
    login(client, admin)
    page = client.get("/admin/services/", {"site": www.pk})
    assert page.status_code == 200
    text = page.content.decode()
    assert "收养登记" in text and "设定依据（关键）" in text
    template = client.get("/admin/services/import/template/")
    assert template.status_code == 200
    assert b"".join(template.streaming_content)[:2] == b"PK"  # an XLSX
    elements = client.get("/admin/services/elements/")
    assert elements.status_code == 200 and "关键要素" in elements.content.decode()
    # A site's editor sees his own site's list, not the office's element set.
    editor = make_staff("bianji-fw", Role.EDITOR, www)
    other = Client_for(editor)
    assert other.get("/admin/services/").status_code == 200
    for office_only in ("/admin/services/elements/", "/admin/services/themes/"):
        refused = other.get(office_only)  # the admin's "no permission" redirect
        assert refused.status_code == 302 and refused.url == "/admin/"
    yunyan = Site.objects.get(hostname="yunyan.localhost")
    # Another site chosen by its id: his own site's list is shown instead.
    assert (
        "云岩区"
        not in other.get("/admin/services/", {"site": yunyan.pk})
        .content.decode()
        .split("<select")[1]
        .split("</select>")[0]
    )


def Client_for(user):  # noqa: N802 (reads as a constructor)
    from django.test import Client

    return login(Client(), user)


def test_the_guide_editor_shows_the_completeness_beside_the_fields(www, client):
    from django.contrib.auth import get_user_model

    client.force_login(
        get_user_model().objects.create_superuser("guanli", "g@example.invalid", "x")
    )
    incomplete = _guide("520100-07-0003")
    page = client.get(f"/admin/pages/{incomplete.pk}/edit/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "要素完整度" in text
    assert "设定依据（关键要素）" in text and "咨询电话（关键要素）" in text


def test_a_link_that_fails_once_is_asked_again_before_it_counts(www, monkeypatch):
    """A system restarting at the moment of the daily check (one 503) is not 服务不实用."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from jiyue.monitor import service_links

    asked: list[str] = []

    class Flaky(BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(503 if len(asked) == 1 else 200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Flaky)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setattr(service_links, "RETRY_AFTER", 0.05)
    guide = ServiceGuidePage.objects.get(item_code="520100-07-0002")
    guide.online_url = f"http://www.localhost:{server.server_address[1]}/banli/"
    guide.save()
    try:
        check_service_links(guides=[guide], now=timezone.now())
    finally:
        server.shutdown()
    check = ServiceLinkCheck.objects.get(url=guide.online_url)
    assert asked == ["/banli/", "/banli/"] and check.ok and not check.is_dead
