"""Setup by site, and forwarding within the site's own tree (ADR 0107, 0108,
0319): a 网站管理员 sets up his own site's mailboxes and units and no other's;
the units offered for a letter are those of its site and every site below it,
however deep, never a neighbour's."""

from __future__ import annotations

import pytest
from django.test import Client
from wagtail.models import Page, Site

from jiyue.cluster.models import SiteKind, SiteLevel, SiteProfile
from jiyue.cluster.roles import Role
from jiyue.interaction import selectors, services
from jiyue.interaction.models import HandlingUnit, Mailbox, MailboxKind

pytestmark = pytest.mark.django_db


def refused(response) -> bool:
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


@pytest.fixture
def site_admin_client(www, make_staff):
    client = Client()
    client.force_login(make_staff("wz", Role.SITE_ADMIN, www))
    return client


def test_the_site_admin_sets_up_his_own_sites_mailboxes_only(
    site_admin_client, www, ankang
):
    own = Mailbox.objects.filter(site=www).first()
    other = Mailbox.objects.filter(site=ankang).first()
    listing = site_admin_client.get("/admin/interaction_mailboxes/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert own.title in html
    assert f"/admin/interaction_mailboxes/edit/{other.pk}/" not in html

    form = site_admin_client.get(f"/admin/interaction_mailboxes/edit/{own.pk}/")
    assert form.status_code == 200
    sites = form.context["form"].fields["site"].queryset
    assert set(sites) == {www}  # a mailbox cannot be moved to another's site
    for url in (
        f"/admin/interaction_mailboxes/edit/{other.pk}/",
        f"/admin/interaction_mailboxes/history/{other.pk}/",
        f"/admin/interaction_mailboxes/delete/{own.pk}/",  # deleting: model permission
        "/admin/interaction_mailboxes/new/",
    ):
        assert refused(site_admin_client.get(url)), url

    unit = HandlingUnit.objects.filter(site=ankang).first()
    assert refused(site_admin_client.get(f"/admin/interaction_units/edit/{unit.pk}/"))


def test_an_editor_does_not_set_up_mailboxes(www, make_staff):
    client = Client()
    client.force_login(make_staff("ed", Role.EDITOR, www))
    own = Mailbox.objects.filter(site=www).first()
    assert refused(client.get(f"/admin/interaction_mailboxes/edit/{own.pk}/"))


@pytest.fixture
def province(www):
    """A province portal above 贵阳 (www), with a mailbox and a unit: 省 › 市 › 县."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=Page(title="贵州省人民政府", slug="guizhou"))
    site = Site.objects.create(hostname="guizhou.localhost", port=80, root_page=home)
    profile = SiteProfile.objects.create(
        site=site, name="贵州省人民政府", code="5200000001", kind=SiteKind.PORTAL,
        level=SiteLevel.PROVINCE, sponsor="贵州省人民政府办公厅",
        primary_domain="www.guizhou.gov.cn",
    )  # fmt: skip
    SiteProfile.objects.filter(site=www).update(parent=profile)
    mailbox = Mailbox.objects.create(
        site=site, kind=MailboxKind.LEADER, slug="shengzhang", title="省长信箱"
    )
    HandlingUnit.objects.create(site=site, name="省大数据局")
    return mailbox


def test_a_province_letter_may_go_to_its_cities_and_their_counties(
    province, www, ankang
):
    message = services.message_submit(
        mailbox=province, subject="关于宽带", content="宽带很慢。", name="张三"
    ).message
    offered = {unit.site.hostname for unit in selectors.units_for_forwarding(
        message=message
    )}  # fmt: skip
    below_www = set(
        SiteProfile.objects.filter(parent__site=www).values_list(
            "site__hostname", flat=True
        )
    )
    assert below_www, "the demo portal has sites below it"
    assert offered == {"guizhou.localhost", "www.localhost", *below_www}
    assert ankang.hostname not in offered
    # A letter to a site below stays below: never up to the city or province.
    below = Site.objects.get(hostname=sorted(below_www)[0])
    box = Mailbox.objects.filter(site=below).first()
    assert box is not None, "every demo site has mailboxes"
    letter = services.message_submit(
        mailbox=box, subject="路灯", content="路灯坏了。", name="李四"
    ).message
    sites = {u.site_id for u in selectors.units_for_forwarding(message=letter)}
    assert sites == {below.pk}
