"""Tenant isolation: a user of one site never sees or handles another site's
cases; a unit's member sees only what was forwarded to the unit."""

from __future__ import annotations

import pytest

from jiyue.interaction import selectors, services

from .conftest import admin_client, at

pytestmark = pytest.mark.django_db

ACTIONS = ("accept", "refuse", "forward", "return", "start", "reply", "extend",
           "publish", "supervise")  # fmt: skip


@pytest.fixture
def www_case(leader_box):
    return services.message_submit(
        mailbox=leader_box, subject="贵阳的来信", content="内容", now=at(2026, 9, 28)
    ).message


def test_user_of_another_site_gets_404_on_every_case_url(www_case, office_ankang):
    client = admin_client(office_ankang)
    base = f"/admin/interaction/{www_case.pk}/"
    assert client.get(base).status_code == 404
    for action in ACTIONS:
        assert (
            client.post(base + f"{action}/", {"refuse-reason": "x"}).status_code == 404
        )
    listing = client.get("/admin/interaction/").content.decode()
    assert www_case.tracking_no not in listing
    assert (
        "贵阳的来信" not in client.get("/admin/interaction/deadlines/").content.decode()
    )
    stats = client.get("/admin/interaction/statistics/").content.decode()
    assert "贵阳市人民政府" not in stats
    www_case.refresh_from_db()
    assert www_case.status == "pending"


def test_user_without_any_assignment_is_refused(www_case, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(username="nobody", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = admin_client(user)
    # Wagtail turns a refusal into a redirect to the dashboard with a message.
    assert client.get("/admin/interaction/")["Location"] == "/admin/"
    assert client.get(f"/admin/interaction/{www_case.pk}/")["Location"] == "/admin/"


def test_unit_member_sees_forwarded_cases_only_and_cannot_do_office_actions(
    www_case, leader_box, handler, unit, office_www
):
    other = services.message_submit(
        mailbox=leader_box, subject="别的来信", content="x"
    ).message
    services.message_accept(message=www_case, actor=office_www)
    services.message_forward(message=www_case, actor=office_www, unit=unit)
    assert list(selectors.messages_for_user(user=handler)) == [www_case]
    client = admin_client(handler)
    assert client.get(f"/admin/interaction/{other.pk}/").status_code == 404
    assert client.get(f"/admin/interaction/{www_case.pk}/").status_code == 200
    # A visible case, a forbidden action: Wagtail's permission-denied redirect.
    for action in ("publish", "supervise", "accept", "refuse"):
        refused = client.post(f"/admin/interaction/{www_case.pk}/{action}/")
        assert (refused.status_code, refused["Location"]) == (302, "/admin/"), action
    www_case.refresh_from_db()
    assert (www_case.status, www_case.supervised) == ("forwarded", False)


def test_a_unit_of_a_site_below_can_answer_a_forwarded_case(
    www_case, office_www, django_user_model
):
    """Units of the sites below the message's (ADR 0319) take forwarded cases."""
    from jiyue.cluster.models import SiteProfile
    from jiyue.interaction.models import HandlingUnit

    below = SiteProfile.objects.filter(parent__site=www_case.mailbox.site).first()
    district_unit = HandlingUnit.objects.filter(site=below.site).first()
    member = django_user_model.objects.create_user(username="district-handler")
    district_unit.members.add(member)
    services.message_accept(message=www_case, actor=office_www)
    services.message_forward(message=www_case, actor=office_www, unit=district_unit)
    message = services.message_reply(message=www_case, actor=member, reply="已办理。")
    assert message.status == "replied"
    assert message.reply_unit_name == district_unit.name


def test_platform_office_sees_all(www_case, platform_office, ankang):
    from jiyue.interaction.models import Mailbox

    box = Mailbox.objects.get(site=ankang, slug="zixun")
    ankang_case = services.message_submit(
        mailbox=box, subject="安康", content="x"
    ).message
    seen = set(selectors.messages_for_user(user=platform_office))
    assert {www_case, ankang_case} <= seen
    assert (
        admin_client(platform_office)
        .get(f"/admin/interaction/{ankang_case.pk}/")
        .status_code
        == 200
    )


def test_publication_needs_the_citizens_consent(www_case, office_www):
    message = services.message_accept(message=www_case, actor=office_www)
    message = services.message_reply(message=message, actor=office_www, reply="答复")
    with pytest.raises(services.InteractionError):
        services.message_publish(message=message, actor=office_www, publish=True)
    message = services.message_publish(message=message, actor=office_www, publish=False)
    assert message.status == "unpublished"
