"""Registration with the Wagtail admin only."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from . import permissions
from .admin.viewsets import InteractionSetupGroup
from .channels import wagtail_hooks as channel_hooks


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("interaction/", include("jiyue.interaction.admin.urls"))]


class CaseMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.has_any_access(request.user)


@hooks.register("register_admin_menu_item")
def register_interaction_menu():
    submenu = Menu(
        items=[
            CaseMenuItem(
                _("来信办理"),
                reverse("interaction_admin:cases"),
                icon_name="mail",
                order=1,
            ),
            CaseMenuItem(
                _("办理期限一览"),
                reverse("interaction_admin:deadlines"),
                icon_name="date",
                order=2,
            ),
            CaseMenuItem(
                _("统计"),
                reverse("interaction_admin:statistics"),
                icon_name="table",
                order=3,
            ),
            *channel_hooks.menu_items(),
        ]
    )
    return SubmenuMenuItem(_("互动交流"), submenu, icon_name="mail", order=300)


@hooks.register("register_admin_viewset")
def register_setup_viewsets():
    return InteractionSetupGroup()


@hooks.register("register_log_actions")
def register_message_log_actions(actions):
    """Every step of a message in Wagtail's log (services._log; ADR 0312)."""
    from .models import EventAction
    from .services import log_action_name

    for action in EventAction:
        if action != EventAction.SUBMIT:
            actions.register_action(
                log_action_name(action.value),
                _("来信：%(action)s") % {"action": action.label},
                _("来信：%(action)s") % {"action": action.label},
            )
    # A reply published over the compliance gate, with the reason (ADR 0313).
    actions.register_action(
        "jiyue.interaction.gate_override",
        _("来信：合规检查放行"),
        _("说明理由后放行了答复的合规检查问题"),
    )


@hooks.register("jiyue_todo_items")
def register_message_todo_items(request):
    """The reply chain's rows of the 待办 panel (dashboard.py; ADR 0422)."""
    from .dashboard import message_todo_items

    return message_todo_items(request)
