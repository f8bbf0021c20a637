"""The explorer's listing at a million pages (issue 19; ADR 1902): the filters of
people list the same people as Wagtail's query did, and each row's 更多 menu links
to the page's own address although the sites' root paths are read once a request."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from wagtail.models import Page, PageLogEntry

from jiyue.editorial.explorer import page_editors, page_owners
from tests.staff import login

pytestmark = [pytest.mark.django_db]


def test_the_filters_list_the_same_people_as_wagtails_query(yaowen, make_staff):
    users = get_user_model().objects
    owner = make_staff("scale-owner")
    editor = make_staff("scale-editor")
    make_staff("scale-nobody")
    Page.objects.filter(pk=yaowen.get_children().first().pk).update(owner=owner)
    PageLogEntry.objects.log_action(yaowen, "wagtail.edit", user=editor)
    PageLogEntry.objects.log_action(yaowen, "wagtail.publish", user=owner)
    wagtails_owners = users.filter(
        pk__in=Page.objects.order_by().values_list("owner_id", flat=True).distinct()
    )
    wagtails_editors = users.filter(
        pk__in=PageLogEntry.objects.filter(action="wagtail.edit")
        .order_by()
        .values_list("user_id", flat=True)
        .distinct()
    )
    assert set(page_owners(None)) == set(wagtails_owners) and owner in wagtails_owners
    assert set(page_editors(None)) == set(wagtails_editors) == {editor}


def test_each_rows_menu_links_to_its_own_page(yaowen, make_staff):
    from wagtail.admin.views.pages.listing import PageFilterSet

    superuser = make_staff("scale-super")
    superuser.is_superuser = True
    superuser.save()
    client = login(Client(), superuser)
    html = client.get(f"/admin/pages/{yaowen.pk}/").content.decode()
    live = [p.specific for p in yaowen.get_children().live()[:20]]
    assert live
    hrefs = set(re.findall(r'href="([^"]+)"', html))
    for page in live:  # each page's address, as Wagtail computes it on its own
        fresh = Page.objects.get(pk=page.pk)
        assert fresh.url in hrefs, fresh.url
    assert PageFilterSet.base_filters["owner"].queryset is page_owners


def _site_choices(client, page_id: int) -> set[int]:
    html = client.get(f"/admin/pages/{page_id}/").content.decode()
    return {int(pk) for pk in re.findall(r'name="site" value="(\d+)"', html)}


def test_the_site_filter_offers_the_persons_sites_and_in_a_column_its_own(
    www, ankang, yaowen, make_staff
):
    """ADR 1904: not every site of the platform to everyone on every listing."""
    from wagtail.models import Site

    from jiyue.cluster.roles import Role
    from jiyue.cluster.tenancy import PLATFORM_OFFICE_GROUP, Capability, sites_for

    office = make_staff("scale-office")
    group, _made = Group.objects.get_or_create(name=PLATFORM_OFFICE_GROUP)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    office.groups.add(group)
    office_client = login(Client(), office)
    # A column's pages are all in the column's site: one choice, not every site.
    assert _site_choices(office_client, yaowen.pk) == {www.pk}
    # Above every site, the office may filter by any of them.
    root = Page.get_first_root_node()
    assert _site_choices(office_client, root.pk) == set(
        Site.objects.values_list("pk", flat=True)
    )
    # A site's editor is never offered another site's name.
    editor = make_staff("scale-site-editor", Role.EDITOR, www)
    editor_client = login(Client(), editor)
    assert _site_choices(editor_client, yaowen.pk) == {www.pk}
    assert ankang.pk not in set(
        sites_for(editor, Capability.VIEW).values_list("pk", flat=True)
    )
    assert (
        ankang.site_name
        not in editor_client.get(f"/admin/pages/{yaowen.pk}/").content.decode()
    )
