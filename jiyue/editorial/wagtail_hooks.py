"""Registration with the Wagtail admin only: the editorial screens' URLs and
menu items, the review chain rules' viewset, log actions, the gate's and the
publish guard's hooks on the page editor."""

from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import MenuItem

from . import editor
from .services import (
    CONFIDENTIALITY_CONFIRM_ACTION,
    FORCE_PUBLISH_ACTION,
    GATE_OVERRIDE_ACTION,
)


@hooks.register("register_admin_urls")
def register_editorial_urls():
    return [path("editorial/", include("jiyue.editorial.admin.urls"))]


class SiteRolesMenuItem(MenuItem):
    """站点角色: for whoever grants roles on some site (jiyue.cluster.tenancy)."""

    def is_shown(self, request):
        from jiyue.cluster.tenancy import Capability, sites_for

        return sites_for(request.user, Capability.GRANT).exists()


@hooks.register("register_settings_menu_item")
def register_site_roles_menu_item():
    return SiteRolesMenuItem(
        _("站点角色"),
        reverse_lazy("editorial_admin:site_roles_index"),
        icon_name="group",
        order=610,
    )


@hooks.register("register_admin_viewset")
def register_review_chain_rules():
    from .admin.viewsets import ReviewChainRuleViewSet

    return ReviewChainRuleViewSet("review_chain_rules")


@hooks.register("register_log_actions")
def register_editorial_log_actions(actions):
    actions.register_action(FORCE_PUBLISH_ACTION, _("强制发布"), _("强制发布了页面"))
    actions.register_action(
        GATE_OVERRIDE_ACTION, _("合规检查放行"), _("说明理由后放行了合规检查问题")
    )
    actions.register_action(
        CONFIDENTIALITY_CONFIRM_ACTION, _("保密审查确认"), _("确认通过保密审查")
    )


@hooks.register("before_edit_page")
def gate_before_edit(request, page):
    if request.method == "GET":
        editor.show_findings(request, page)
        return None
    editor.gate_on_post(
        request,
        instance=page.specific_class.objects.get(
            pk=page.pk
        ).get_latest_revision_as_object(),
        parent_page=page.get_parent(),
        page=page,
    )
    return None


@hooks.register("insert_editor_js")
def gate_notes_js():
    """Findings beside the fields they concern (docs/decisions/0407)."""
    return format_html(
        '<link rel="stylesheet" href="{}">'
        '<script src="{}" data-findings-url="{}" data-label="{}"></script>',
        static("editorial/gate.css"),
        static("editorial/gate.js"),
        reverse("editorial_admin:gate_findings", args=[0]),
        _("合规检查"),
    )


@hooks.register("before_create_page")
def gate_before_create(request, parent_page, page_class):
    editor.gate_on_post(request, instance=page_class(), parent_page=parent_page)
    return None


@hooks.register("before_publish_page")
def guard_before_publish(request, page):
    return editor.refuse_unreviewed_publish(request, page)


class ForcePublishMenuItem(ActionMenuItem):
    name = "jiyue-force-publish"
    label = _("强制发布（须说明理由）")
    icon_name = "warning"

    def is_shown(self, context):
        if context["view"] != "edit" or context.get("locked_for_user"):
            return False
        return self.get_user_page_permissions_tester(context).can_publish()

    def get_url(self, context):
        return reverse("editorial_admin:force_publish", args=[context["page"].pk])


@hooks.register("register_page_action_menu_item")
def register_force_publish_item():
    return ForcePublishMenuItem(order=60)


@hooks.register("construct_admin_api", order=100)
def scope_media_api(router):
    from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
    from wagtail.documents.permissions import permission_policy as documents
    from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
    from wagtail.images.permissions import permission_policy as images

    from .tenancy import scoped_media_endpoint

    router.register_endpoint(
        "images", scoped_media_endpoint(ImagesAdminAPIViewSet, images)
    )
    router.register_endpoint(
        "documents", scoped_media_endpoint(DocumentsAdminAPIViewSet, documents)
    )


@hooks.register("construct_page_chooser_queryset")
def scope_page_chooser(pages, request):
    from .tenancy import chooser_pages

    return chooser_pages(pages, request.user)


@hooks.register("jiyue_todo_items")
def editorial_todo_items(request):
    from .dashboard import editorial_todo_items

    return editorial_todo_items(request)


@hooks.register("construct_homepage_panels")
def announce_on_dashboard(request, panels):
    """Says what a step just done on the dashboard did (its approve buttons)."""
    from .dashboard import announce_finished_step

    announce_finished_step(request)


@hooks.register("after_edit_page")
def after_workflow_action(request, page):
    """After a step taken in the editor: the dashboard, with what happened and
    what comes next, instead of Wagtail's 「页面已被更新」 on a page the person
    may no longer open (docs/decisions/0423)."""
    if not request.POST.get("action-workflow-action"):
        return None
    from .dashboard import announce, drop_generic_update_message, unannounced_step

    state = unannounced_step(request)
    if state is None:
        return None
    drop_generic_update_message(request)
    announce(request, state)
    return redirect("wagtailadmin_home")


@hooks.register("construct_page_action_menu")
def hide_refused_publish(menu_items, request, context):
    """「发布」 only where it would work: a page under a confidentiality review
    goes out through the chain (or 强制发布 with a reason), never through the
    plain button, whose every press the guard refuses (docs/decisions/0423)."""
    from .guard import publish_button_refused

    page = context.get("page")
    if publish_button_refused(page, context.get("parent_page")):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


# Before Wagtail's own (order 0): the rows' 更多 menus read the sites' root paths once a
# request instead of once a row (issue 19, ADR 1902).
@hooks.register("register_page_listing_more_buttons", order=-10)
def site_root_paths_once(page, user, next_url=None):
    from .explorer import prime_site_root_paths

    return prime_site_root_paths(page, user, next_url)
