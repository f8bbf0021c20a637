"""Admin views of the site registry (站群管理): 开办网站 and what the 站点档案
viewset's own views add (jiyue/cluster/admin/viewsets.py)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic.edit import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..opening import site_open
from ..permissions import REGISTRY_FIELDS, is_platform_office, manages_registry
from .forms import SiteOpenForm


class WarnOnDomainMixin:
    """Show .gov.cn naming warnings after a save without refusing it."""

    def form_valid(self, form):
        response = super().form_valid(form)
        for warning in self.object.domain_warnings():
            messages.warning(self.request, warning)
        return response


class RegistryFieldsLockedMixin:
    """A 网站管理员 edits his site's profile; the registry fields (code, kind,
    level, parent, site, domain) stay the platform office's: shown, not changed."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not manages_registry(self.request.user):
            for name in REGISTRY_FIELDS:
                if name in form.fields:
                    form.fields[name].disabled = True
        return form


class SiteOpenView(WagtailAdminTemplateMixin, FormView):
    """「开办网站」: one form, one transaction (jiyue.cluster.opening.site_open)."""

    form_class = SiteOpenForm
    template_name = "wagtailadmin/generic/form.html"
    page_title = _("开办网站")
    header_icon = "site"

    def dispatch(self, request, *args, **kwargs):
        if not is_platform_office(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("site_profiles:index"), "label": gettext("站点档案")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=self.request.path,
            submit_button_label=gettext("开办网站"),
            submit_button_active_label=gettext("正在开办…"),
        )
        return context

    def form_valid(self, form):
        try:
            site = site_open(actor=self.request.user, **form.service_kwargs())
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext(
                "已开办网站“%(name)s”（%(url)s）：首页、栏目、审核流程、信箱和承办单位已建好，已安排发布。"
            )
            % {"name": site.site_name, "url": site.root_url},
        )
        for warning in site.profile.domain_warnings():
            messages.warning(self.request, warning)
        return redirect("site_profiles:edit", site.profile.pk)
