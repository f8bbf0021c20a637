"""Admin routes of the worker app, mounted at ``/admin/tasks/``."""

from django.urls import path

from . import views

app_name = "worker_admin"

urlpatterns = [
    path("failed/", views.failed_index, name="failed"),
    path("failed/<str:task_id>/retry/", views.failed_retry, name="retry"),
    path("failed/<str:task_id>/discard/", views.failed_discard, name="discard"),
]
