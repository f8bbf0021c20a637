"""Admin routes of 访问统计 (namespace ``analytics_admin``)."""

from django.urls import path

from . import views

app_name = "analytics_admin"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.xlsx", views.export, name="export"),
]
