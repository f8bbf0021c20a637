"""Admin routes of the publishing app, mounted at ``/admin/publishing/``."""

from django.urls import path

from . import views

app_name = "publishing_admin"

urlpatterns = [
    path("", views.publishing_index, name="index"),
    path("<int:site_id>/rebuild/", views.publishing_rebuild, name="rebuild"),
]
