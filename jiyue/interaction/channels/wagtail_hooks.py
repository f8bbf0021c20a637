"""Registration of the channels with the Wagtail admin (imported by
``interaction.wagtail_hooks``): log actions and menu items."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from jiyue.cluster.permissions import is_platform_office

from . import permissions

LOG_ACTIONS = {
    "jiyue.interaction.comment_approve": _("征集意见：审核通过"),
    "jiyue.interaction.comment_reject": _("征集意见：审核不通过"),
    "jiyue.interaction.comment_adopt": _("征集意见：填写采纳情况"),
    "jiyue.interaction.question_approve": _("访谈提问：审核通过"),
    "jiyue.interaction.question_reject": _("访谈提问：审核不通过"),
    "jiyue.interaction.transcript_post": _("在线访谈：发布文字实录"),
    "jiyue.interaction.results_publish": _("网上调查：公布结果"),
    "jiyue.interaction.results_withdraw": _("网上调查：撤回结果"),
}


@hooks.register("register_log_actions")
def register_channel_log_actions(actions):
    for action, label in LOG_ACTIONS.items():
        actions.register_action(action, label, label)


class ChannelsMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.has_any_access(request.user)


class OfficeMenuItem(MenuItem):
    def is_shown(self, request):
        return is_platform_office(request.user)


def menu_items() -> list[MenuItem]:
    return [
        ChannelsMenuItem(
            _("意见征集·调查·访谈"),
            reverse("interaction_admin:channels"),
            icon_name="form",
            order=4,
        ),
        OfficeMenuItem(
            _("在线访谈统计"),
            reverse("interaction_admin:channel_statistics"),
            icon_name="table",
            order=5,
        ),
    ]
