"""Admin viewset of the review chain rules (system administrators)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet

from ..models import ReviewChainRule


class ReviewChainRuleViewSet(ModelViewSet):
    model = ReviewChainRule
    icon = "tasks"
    menu_label = _("审核流程规则")
    add_to_settings_menu = True
    url_prefix = "review-chains"
    form_fields = ["site", "column_kind", "signoff"]
    list_display = ["site", "column_kind", "signoff"]
    list_filter = ["column_kind", "signoff"]
