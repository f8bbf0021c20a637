"""依申请公开: the online form, the 20-working-day clock with its stops and its one
extension, the answer with its ground, and who may handle which site's requests."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.test import Client
from wagtail.models import Site

from jiyue import workdays
from jiyue.cluster.roles import Role
from jiyue.disclosure import services
from jiyue.disclosure.forms import valid_credit_code, valid_resident_id
from jiyue.disclosure.models import InfoRequest, RequestStatus
from jiyue.interaction.tests.conftest import at, captcha_fields, clock
from tests.clients import PublicClient
from tests.staff import login

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]
WWW = "www.localhost:8000"
PERSON_ID = "11010519491231002X"
CREDIT_CODE = "91350100M000100Y43"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def www(demo_cluster):
    return Site.objects.get(hostname="www.localhost")


def _data(**changes) -> dict:
    data = {
        "applicant_type": "person", "name": "张三", "id_number": PERSON_ID,
        "phone": "13800138000", "email": "zhang@example.cn", "address": "",
        "description": "贵阳市2025年政府网站年度报表", "purpose": "研究",
        "carrier": "electronic", "delivery": "email",
    }  # fmt: skip
    return {**data, **changes}


def _request(www, when=None) -> InfoRequest:
    with clock(when or at(2026, 12, 1)):
        return services.submit(site=www, data=_data()).request


def test_identity_numbers_are_checked_by_their_check_digit():
    assert valid_resident_id(PERSON_ID)
    assert not valid_resident_id("110105194912310021")
    assert not valid_resident_id("1101051949123100")
    assert valid_credit_code(CREDIT_CODE)
    assert not valid_credit_code("91350100M000100Y44")


def test_a_citizen_files_a_request_and_gets_its_number_and_deadline(www):
    public = PublicClient(HTTP_HOST=WWW)
    page = public.get("/hudong/ysqgk/")
    assert page.status_code == 200
    assert "政府信息公开申请" in page.content.decode()
    with clock(at(2026, 12, 1)):
        done = public.post("/hudong/ysqgk/", {**_data(), **captcha_fields(page)})
    assert done.status_code == 200, done.content.decode()[:2000]
    stored = done.context["info_request"]
    stored.refresh_from_db()
    assert stored.status == RequestStatus.RECEIVED
    # Received Tue 1 Dec 2026 10:00: 20 working days → Tue 29 Dec 2026.
    assert stored.due_on == dt.date(2026, 12, 29)
    body = done.content.decode()
    assert stored.tracking_no in body and "2026年12月29日" in body
    code = done.context["submitted"].query_code
    status = public.post(
        "/hudong/ysqgk/chaxun/", {"tracking_no": stored.tracking_no, "query_code": code}
    )
    assert status.status_code == 200 and "待登记" in status.content.decode()
    wrong = public.post(
        "/hudong/ysqgk/chaxun/", {"tracking_no": stored.tracking_no, "query_code": "X"}
    )
    assert wrong.status_code == 404


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"id_number": "110105194912310021"}, "id_number", "身份证号码不正确"),
        ({"applicant_type": "organisation", "organisation_kind": "commercial",
          "id_number": "91350100M000100Y44"}, "id_number", "统一社会信用代码不正确"),
        ({"applicant_type": "organisation", "id_number": CREDIT_CODE},
         "organisation_kind", "请选择组织类型"),
        ({"email": ""}, "email", "请填写电子邮箱"),
        ({"description": ""}, "description", "请描述所需的政府信息"),
        ({"name": "<script>alert(1)</script>\x00"}, "name", ""),
    ],
)  # fmt: skip
def test_bad_input_is_refused_in_chinese_and_what_was_typed_is_kept(
    www, changes, field, message
):
    public = PublicClient(HTTP_HOST=WWW)
    before = InfoRequest.objects.count()
    page = public.get("/hudong/ysqgk/")
    refused = public.post(
        "/hudong/ysqgk/", {**_data(**changes), **captcha_fields(page)}
    )
    assert refused.status_code == 400
    form = refused.context["form"]
    assert field in form.errors and message in " ".join(map(str, form.errors[field]))
    assert (
        "贵阳市2025年政府网站年度报表" in refused.content.decode()
        or field == "description"
    )
    assert "<script>alert(1)</script>" not in refused.content.decode()
    assert InfoRequest.objects.count() == before


def test_the_clock_stops_for_a_correction_and_runs_on_after_it(www, make_staff):
    handler = make_staff("gongkai", Role.SITE_ADMIN, www)
    request = _request(www)
    with clock(at(2026, 12, 2)):
        request = services.register(request, actor=handler)
    with clock(at(2026, 12, 3)):
        request = services.suspend(request, actor=handler, reason="请补充文号")
    assert request.status == RequestStatus.CORRECTION
    with clock(at(2026, 12, 10)):  # Thu 3 → Thu 10: 5 working days stood still
        request = services.resume(request, actor=handler, note="已补正")
    assert request.suspended_workdays == 5
    assert request.due_on == workdays.deadline(request.received_at, 25).date
    with pytest.raises(services.RequestError):
        services.resume(request, actor=handler)


def test_one_extension_approved_by_someone_else(www, make_staff):
    handler = make_staff("gongkai", Role.SITE_ADMIN, www)
    chief = make_staff("fuzeren", Role.MAILBOX_OPERATOR, www)
    request = _request(www)
    with pytest.raises(services.RequestError, match="申请人以外"):
        services.extend(request, actor=handler, approver=handler, reason="数量大")
    request = services.extend(request, actor=handler, approver=chief, reason="数量大")
    assert request.extended
    assert request.due_on == workdays.deadline(request.received_at, 40).date
    with pytest.raises(services.RequestError, match="只能延长一次"):
        services.extend(request, actor=handler, approver=chief, reason="再延")


def test_an_answer_names_its_outcome_and_ground(www, make_staff):
    handler = make_staff("gongkai", Role.SITE_ADMIN, www)
    request = _request(www)
    with pytest.raises(services.RequestError, match="依据"):
        services.answer(request, actor=handler, outcome="refuse", ground="provided",
                        reply="不予公开")  # fmt: skip
    done = services.answer(request, actor=handler, outcome="refuse",
                           ground="state_secret", reply="属于国家秘密，不予公开。")  # fmt: skip
    assert done.status == RequestStatus.ANSWERED and done.answered_at
    assert [e.action for e in done.events.all()] == ["submit", "answer"]


def test_only_people_of_the_site_handle_its_requests(www, make_staff, demo_cluster):
    ankang = Site.objects.get(hostname="ankang.localhost")
    stranger = make_staff("ankang-admin", Role.SITE_ADMIN, ankang)
    editor = make_staff("bianji-x", Role.EDITOR, www)
    request = _request(www)
    for person in (stranger, editor):
        with pytest.raises(PermissionDenied):
            services.register(request, actor=person)


def test_the_handler_works_through_the_admin(www, make_staff):
    handler = make_staff("gongkai", Role.SITE_ADMIN, www)
    client = login(Client(), handler)
    request = _request(www)
    listing = client.get("/admin/disclosure/")
    assert (
        listing.status_code == 200 and request.tracking_no in listing.content.decode()
    )
    refused = client.post(f"/admin/disclosure/{request.pk}/correction/", {"reason": ""})
    assert refused.status_code == 400 and "请填写说明" in refused.content.decode()
    client.post(f"/admin/disclosure/{request.pk}/register/", {"note": ""})
    answered = client.post(
        f"/admin/disclosure/{request.pk}/answer/",
        {"ground": "disclose:provided", "reply": "现将所申请信息提供给您。"},
    )
    assert answered.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED and request.outcome == "disclose"
    detail = client.get(f"/admin/disclosure/{request.pk}/").content.decode()
    assert "予以公开" in detail and "登记" in detail


def test_the_yearly_report_counts_requests_by_applicant_and_result(www, make_staff):
    from jiyue.disclosure.selectors import request_statistics

    handler = make_staff("gongkai", Role.SITE_ADMIN, www)
    old = _request(www, at(2025, 12, 20))  # carried into 2026, answered in it
    services.answer(old, actor=handler, outcome="not_exist", ground="not_held",
                    reply="本机关不掌握该信息。", now=at(2026, 1, 5))  # fmt: skip
    with clock(at(2026, 3, 2)):
        organisation = services.submit(site=www, data=_data(
            applicant_type="organisation", organisation_kind="research",
            id_number=CREDIT_CODE)).request  # fmt: skip
    services.answer(organisation, actor=handler, outcome="disclose",
                    ground="provided", reply="予以提供。", now=at(2026, 3, 9))  # fmt: skip
    _request(www, at(2026, 12, 28))  # still open at the year's end
    figures = request_statistics(site=www, year=2026)
    assert figures["carried_in"]["person"] == 1
    assert figures["new"]["research"] == 1 and figures["new"]["person"] >= 1
    assert figures["results"]["not_exist:not_held"]["person"] == 1
    assert figures["results"]["disclose:provided"]["research"] == 1
    assert figures["carried_out"]["person"] >= 1
