"""Registration with the Wagtail admin only: the security screens' URLs, the
audit trail's log actions and menu item, the 设置 menu's footer, the 待办 panel."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .audit import AUDIT_EXPORT_ACTION, AUDIT_PURGE_ACTION
from .enrolment import RESET_ACTION
from .permissions import is_audit_reader


@hooks.register("register_admin_urls")
def register_accounts_urls():
    return [path("security/", include("jiyue.accounts.admin.urls"))]


@hooks.register("register_log_actions")
def register_accounts_log_actions(actions):
    actions.register_action(AUDIT_EXPORT_ACTION, _("导出审计日志"), _("导出了审计日志"))
    actions.register_action(AUDIT_PURGE_ACTION, _("清理审计日志"), _("清理了审计日志"))
    actions.register_action(
        RESET_ACTION, _("重置身份验证器"), _("重置了账号的身份验证器")
    )


class AuditMenuItem(MenuItem):
    def is_shown(self, request):
        return is_audit_reader(request.user)


@hooks.register("register_settings_menu_item")
def register_audit_menu_item():
    return AuditMenuItem(
        _("审计日志"),
        reverse("accounts_admin:audit_index"),
        icon_name="list-ul",
        order=900,
    )


@hooks.register("construct_help_menu")
def drop_wagtails_english_help(request, menu_items):
    """Wagtail's editor guide and release notes are English pages on its own site."""
    menu_items[:] = [
        item
        for item in menu_items
        if item.name != "editor-guide"
        and not item.name.startswith("whats-new-in-wagtail")
    ]


@hooks.register("construct_main_menu")
def name_the_platform_under_settings(request, menu_items):
    """The 设置 menu's footer names the platform and its version, not Wagtail's."""
    from .menu import PlatformSettingsMenuItem

    menu_items[:] = [
        PlatformSettingsMenuItem.replacing(item) if item.name == "settings" else item
        for item in menu_items
    ]


@hooks.register("construct_homepage_panels")
def add_todo_panel(request, panels):
    """待办 first on every dashboard (docs/decisions/0422)."""
    from .dashboard import TodoPanel, todo_items

    panels.append(TodoPanel(todo_items(request)))
