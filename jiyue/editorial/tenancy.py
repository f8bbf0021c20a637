"""Tenant isolation for the Wagtail admin views that do not check it themselves.

One place (CONVENTIONS: "tenant isolation lives in one place"): each rule names a
Wagtail URL and the permission it needs; ``TenantGuardMiddleware`` applies them
before the view runs. tests/test_permission_matrix.py finds the views that need
one (docs/decisions/0401-roles-per-site.md).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from wagtail.images import get_image_model
from wagtail.images.permissions import permission_policy as image_policy
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

WORKFLOW_EDITOR_PERMS = ("wagtailcore.add_workflow", "wagtailcore.change_workflow")


def _page(page_id) -> Page:
    return get_object_or_404(Page, pk=page_id)


def can_explore(user, page: Page) -> bool:
    return PagePermissionPolicy().explorable_instances(user).filter(pk=page.pk).exists()


def _move_confirm(user, page_to_move_id, destination_id, **_) -> bool:
    page = _page(page_to_move_id)
    return page.permissions_for_user(user).can_move_to(_page(destination_id))


def _choose_child(user, parent_page_id, **_) -> bool:
    parent = _page(parent_page_id)
    return parent.is_root() or can_explore(user, parent)


def _cancel_workflow(user, page_id, **_) -> bool:
    return _page(page_id).permissions_for_user(user).can_edit()


def _edit_page(user, page_id, **_) -> bool:
    return _page(page_id).permissions_for_user(user).can_edit()


def _cluster_wide(user, **_) -> bool:
    """Reports over every site's pages: for the platform office only."""
    from jiyue.cluster.permissions import is_platform_office

    return is_platform_office(user)


def _select_image_format(user, image_id, **_) -> bool:
    image = get_object_or_404(get_image_model(), pk=image_id)
    return image_policy.user_has_permission_for_instance(user, "choose", image)


def _workflow_editor(user, **_) -> bool:
    return user.has_perms(WORKFLOW_EDITOR_PERMS)


RULES = {
    "wagtailadmin_pages:move_confirm": _move_confirm,
    "wagtailadmin_choose_page_child": _choose_child,
    "wagtailadmin_pages:confirm_workflow_cancellation": _cancel_workflow,
    "wagtailimages_chooser:select_format": _select_image_format,
    "wagtailadmin_pages:revisions_index": _edit_page,
    "wagtailadmin_reports:page_types_usage": _cluster_wide,
    "wagtailadmin_reports:page_types_usage_results": _cluster_wide,
    "wagtailadmin_workflows:task_chooser": _workflow_editor,
    "wagtailadmin_workflows:task_chosen": _workflow_editor,
    "wagtailadmin_workflows:task_chooser_create": _workflow_editor,
    "wagtailadmin_workflows:task_chooser_results": _workflow_editor,
}


def chooser_pages(pages: QuerySet, user) -> QuerySet:
    """The page chooser's pages limited to the sites the user works on (browse and
    search, through Wagtail's ``construct_page_chooser_queryset`` hook)."""
    from .selectors import working_site_paths

    paths = working_site_paths(user)
    if paths is None:
        return pages
    scope = Q(pk__in=[])
    for path in paths:
        scope |= Q(path__startswith=path)
    return pages.filter(scope)


def _chosen_pages(user, query) -> bool:
    """Every page asked of the chooser's "chosen" step lies in the user's sites."""
    ids = {value for value in query.getlist("id") if value.isdigit()}
    asked = Page.objects.filter(pk__in=ids)
    return chooser_pages(asked, user).count() == asked.count()


def _browse_start(user, query) -> bool:
    """Without a parent, the chooser opens at the first common ancestor of the
    pages of the asked type: inside another site's tree if only that site has them."""
    from wagtail.admin.views.chooser import page_models_from_string

    try:
        classes = page_models_from_string(query.get("page_type") or "wagtailcore.page")
    except (ValueError, LookupError):
        return True  # the view answers 404
    if classes == (Page,):
        return True
    start = Page.objects.type(*classes).first_common_ancestor()
    return (
        start.is_root()
        or chooser_pages(Page.objects.filter(pk=start.pk), user).exists()
    )


# Views whose ids come in the query string: rule(user, request.GET).
QUERY_RULES = {
    "wagtailadmin_choose_page": _browse_start,
    "wagtailadmin_choose_page_chosen_multiple": _chosen_pages,
}


class TenantGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        name = match.view_name if match else None
        if not request.user.is_authenticated or request.user.is_superuser:
            return None
        rule = RULES.get(name)
        if rule is not None and not rule(request.user, **view_kwargs):
            raise PermissionDenied
        query_rule = QUERY_RULES.get(name)
        if query_rule is not None and not query_rule(request.user, request.GET):
            raise PermissionDenied
        return None


def scoped_media_endpoint(viewset_class, policy):
    """An admin API endpoint for images or documents limited to the collections
    in which the user may choose them (Wagtail's lists every collection)."""

    class ScopedEndpoint(viewset_class):
        def get_queryset(self):
            collections = policy.collections_user_has_any_permission_for(
                self.request.user, ["choose", "add", "change"]
            )
            return super().get_queryset().filter(collection__in=collections)

    ScopedEndpoint.__name__ = f"Scoped{viewset_class.__name__}"
    return ScopedEndpoint
