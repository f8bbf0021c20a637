"""Setup of mailboxes, handling units and site operators: platform-wide, so
plain model permissions (superusers, or the platform office's group given the
``interaction`` permissions)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from .models import HandlingUnit, Mailbox, SiteOperator


class MailboxViewSet(ModelViewSet):
    model = Mailbox
    icon = "mail"
    menu_label = _("信箱设置")
    copy_view_enabled = False
    list_display = [
        "title",
        "site",
        "kind",
        "reply_workdays",
        "remind_workdays",
        "reply_review",
        "is_active",
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


class HandlingUnitViewSet(ModelViewSet):
    model = HandlingUnit
    icon = "group"
    menu_label = _("承办单位")
    copy_view_enabled = False
    list_display = ["name", "site"]
    list_filter = ["site"]
    form_fields = ["site", "name", "members"]


class SiteOperatorViewSet(ModelViewSet):
    model = SiteOperator
    icon = "user"
    menu_label = _("信箱管理员")
    copy_view_enabled = False
    list_display = ["user", "site"]
    list_filter = ["site"]
    form_fields = ["site", "user"]


class InteractionSetupGroup(ModelViewSetGroup):
    menu_label = _("互动交流设置")
    menu_icon = "cogs"
    menu_order = 310
    items = (
        MailboxViewSet("interaction_mailboxes"),
        HandlingUnitViewSet("interaction_units"),
        SiteOperatorViewSet("interaction_operators"),
    )
