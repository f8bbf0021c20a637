"""Setup of mailboxes and handling units.

Model permissions as before (superusers, or a group given the ``interaction``
permissions) open every site's; besides, whoever administers a site (its
网站管理员, the platform office: ``jiyue.cluster.tenancy``, ``ADMINISTER``) views
and changes that site's mailboxes and units, and no other site's
(``jiyue.cluster.SiteScopedViewSetMixin``). 信箱管理员 are a site role now
(``Role.MAILBOX_OPERATOR``), granted on 站点角色 like the others
(docs/decisions/0108-mailbox-operators-are-a-site-role.md)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from jiyue.cluster import SiteScopedViewSetMixin

from ..models import HandlingUnit, Mailbox


class SiteScopedViewSet(SiteScopedViewSetMixin, ModelViewSet):
    copy_view_enabled = False


class MailboxViewSet(SiteScopedViewSet):
    model = Mailbox
    icon = "mail"
    menu_label = _("信箱设置")
    list_display = [
        "title",
        "site",
        "kind",
        "reply_workdays",
        "remind_workdays",
        # Yes/no as 是/否 (a plain field name printed Python's True/False).
        BooleanColumn("reply_review", label=_("答复审核")),
        BooleanColumn("is_active", label=_("开放")),
    ]
    list_filter = ["site", "kind"]
    form_fields = [
        "site",
        "kind",
        "slug",
        "title",
        "intro",
        "reply_workdays",
        "remind_workdays",
        "reply_review",
        "is_active",
        "order",
    ]


class HandlingUnitViewSet(SiteScopedViewSet):
    model = HandlingUnit
    icon = "group"
    menu_label = _("承办单位")
    list_display = ["name", "site"]
    list_filter = ["site"]
    form_fields = ["site", "name", "members"]


class InteractionSetupGroup(ModelViewSetGroup):
    menu_label = _("互动交流设置")
    menu_icon = "cogs"
    menu_order = 310
    items = (
        MailboxViewSet("interaction_mailboxes"),
        HandlingUnitViewSet("interaction_units"),
    )
