"""Admin routes of the editorial app, mounted at ``/admin/editorial/``."""

from django.urls import path

from . import views

app_name = "editorial_admin"

urlpatterns = [
    path(
        "pages/<int:page_id>/force-publish/", views.force_publish, name="force_publish"
    ),
    path(
        "pages/<int:page_id>/gate-override/", views.gate_override, name="gate_override"
    ),
    path(
        "pages/<int:page_id>/gate-findings/", views.gate_findings, name="gate_findings"
    ),
    path("roles/", views.site_roles_index, name="site_roles_index"),
    path("roles/<int:site_id>/", views.site_roles, name="site_roles"),
    path(
        "roles/<int:site_id>/revoke/", views.site_role_revoke, name="site_role_revoke"
    ),
]
