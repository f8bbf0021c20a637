from django.urls import path

from . import views

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
]
