"""The cluster's Wagtail viewsets (站群管理: 站点档案, 开办网站), and the mixin that
scopes any app's model viewset by site.

``SiteScopedViewSetMixin`` applies what ``SiteScopedPermissionPolicy`` grants per
site to every view of the viewset: Wagtail's generic views check model-level
permissions only; here the index lists the user's sites' objects, every URL that
names an object refuses another site's, and the form's 站点 offers only the
user's sites (docs/decisions/0107-one-answer-to-who-works-on-a-site.md).
"""

from __future__ import annotations

from functools import cached_property, wraps

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from ..models import SiteProfile
from ..permissions import (
    SiteProfilePermissionPolicy,
    SiteScopedPermissionPolicy,
    is_platform_office,
)
from ..tenancy import Capability, sites_for
from .views import RegistryFieldsLockedMixin, SiteOpenView, WarnOnDomainMixin

ANY_ACTION = ("add", "change", "delete", "view")


def _pk(value):
    try:
        return int(unquote(str(value)))
    except (TypeError, ValueError):
        return None


class SiteScopedViewSetMixin:
    """Mix into a ``ModelViewSet`` whose model has a site (``site_field``)."""

    capability = Capability.ADMINISTER
    site_field = "site"
    scoped_actions = ("view", "change")
    policy_class = SiteScopedPermissionPolicy

    @property
    def permission_policy(self):
        return self.policy_class(
            self.model,
            self.capability,
            site_field=self.site_field,
            actions=self.scoped_actions,
        )

    def visible_instances(self, user):
        return self.permission_policy.instances_user_has_any_permission_for(
            user, ANY_ACTION
        )

    def get_urlpatterns(self):
        return [
            URLPattern(p.pattern, self._scoped(p.callback), p.default_args, p.name)
            for p in super().get_urlpatterns()
        ]

    def _scoped(self, view):
        """Every view of one object: an object of the user's sites only."""

        @wraps(view)
        def scoped(request, *args, **kwargs):
            pk = kwargs.get("pk")
            if pk is not None:
                instances = self.visible_instances(request.user)
                if not instances.filter(pk=_pk(pk)).exists():
                    raise PermissionDenied
            return view(request, *args, **kwargs)

        return scoped

    @property
    def index_view_class(self):
        return type(
            f"Scoped{self.model.__name__}IndexView",
            (_ScopedIndexMixin, super().index_view_class),
            {"scoping_viewset": self},
        )

    @property
    def add_view_class(self):
        return type(
            f"Scoped{self.model.__name__}CreateView",
            (_OwnSitesFieldMixin, super().add_view_class),
            {"scoping_viewset": self},
        )

    @property
    def edit_view_class(self):
        return type(
            f"Scoped{self.model.__name__}EditView",
            (_OwnSitesFieldMixin, super().edit_view_class),
            {"scoping_viewset": self},
        )


class _ScopedIndexMixin:
    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        visible = self.scoping_viewset.visible_instances(self.request.user)
        return queryset.filter(pk__in=visible.values("pk"))

    # Each row's buttons ask the same model-level questions (may the user add,
    # change, delete?): answered once for the request this view serves, not once
    # a row (issue 19).
    def user_has_permission(self, permission):
        key = ("one", permission)
        if key not in self._answers:
            self._answers[key] = super().user_has_permission(permission)
        return self._answers[key]

    def user_has_any_permission(self, permissions):
        key = ("any", frozenset(permissions))
        if key not in self._answers:
            self._answers[key] = super().user_has_any_permission(permissions)
        return self._answers[key]

    @cached_property
    def _answers(self) -> dict:
        return {}


class _OwnSitesFieldMixin:
    """The 站点 field offers the user's sites only, unless a model permission
    opens every site: an object cannot be moved to, or made on, another's site."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        viewset = self.scoping_viewset
        field = form.fields.get(viewset.site_field)
        policy = viewset.permission_policy
        if field is not None and not any(
            policy.model_permission(self.request.user, action)
            for action in ("add", "change")
        ):
            field.queryset = sites_for(self.request.user, viewset.capability)
        return form


# -- the cluster's own viewsets: 站群管理 → 站点档案, 开办网站 ---------------------


class _RegistryIndexMixin:
    """The register's rows show each profile's parent and address: fetched with
    the profiles, not one query a row."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("site", "parent")


class SiteProfileViewSet(SiteScopedViewSetMixin, ModelViewSet):
    """站点档案: every profile for the registry's keepers; his own site's for a
    网站管理员 (``SiteProfilePermissionPolicy``, ADMINISTER: ADR 0105, 0107)."""

    policy_class = SiteProfilePermissionPolicy
    model = SiteProfile
    icon = "site"
    menu_label = _("站点档案")
    menu_name = "site_profiles"
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
    def index_view_class(self):
        return type(
            "SiteProfileIndexView", (_RegistryIndexMixin, super().index_view_class), {}
        )

    @property
    def add_view_class(self):
        return type(
            "SiteProfileCreateView", (WarnOnDomainMixin, super().add_view_class), {}
        )

    @property
    def edit_view_class(self):
        return type(
            "SiteProfileEditView",
            (RegistryFieldsLockedMixin, WarnOnDomainMixin, super().edit_view_class),
            {},
        )


class PlatformOfficeMenuItem(MenuItem):
    def is_shown(self, request):
        return is_platform_office(request.user)


class SiteOpenViewSet(ViewSet):
    name = "site_open"
    icon = "plus"
    menu_label = _("开办网站")
    menu_name = "site_open"
    menu_item_class = PlatformOfficeMenuItem

    def get_urlpatterns(self):
        return [path("", SiteOpenView.as_view(), name="index")]


class ClusterViewSetGroup(ViewSetGroup):
    menu_label = _("站群管理")
    menu_name = "cluster"
    menu_icon = "site"
    menu_order = 150
    items = (SiteProfileViewSet, SiteOpenViewSet)


cluster_viewset_group = ClusterViewSetGroup()
