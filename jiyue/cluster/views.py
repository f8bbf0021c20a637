"""Admin views of the site registry (站群管理)."""

from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from .models import SiteProfile


class WarnOnDomainMixin:
    """Show .gov.cn naming warnings after a save without refusing it."""

    def form_valid(self, form):
        response = super().form_valid(form)
        for warning in self.object.domain_warnings():
            messages.warning(self.request, warning)
        return response


class SiteProfileViewSet(ModelViewSet):
    model = SiteProfile
    icon = "site"
    menu_label = _("站群管理")
    menu_order = 150
    add_to_admin_menu = True
    name = "site_profiles"
    list_display = [
        "code",
        "name",
        Column("kind", label=_("网站类型"), accessor="get_kind_display"),
        Column("level", label=_("行政层级"), accessor="get_level_display"),
        "parent",
        Column("url", label=_("访问地址"), accessor="url"),
    ]
    list_filter = ["kind", "level"]
    search_fields = ["name", "code", "sponsor", "primary_domain"]
    form_fields = [
        "site", "name", "code", "kind", "level", "parent", "sponsor", "operator", "contact",
        "icp_number", "police_number", "badge_url", "primary_domain", "org_code",
    ]  # fmt: skip

    @property
    def add_view_class(self):
        return type(
            "SiteProfileCreateView", (WarnOnDomainMixin, super().add_view_class), {}
        )

    @property
    def edit_view_class(self):
        return type(
            "SiteProfileEditView", (WarnOnDomainMixin, super().edit_view_class), {}
        )


site_profile_viewset = SiteProfileViewSet()
