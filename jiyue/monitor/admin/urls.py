"""Admin routes of the monitor, mounted at ``/admin/monitor/``."""

from django.urls import path

from jiyue.monitor.admin import alerts, views

app_name = "monitor_admin"

urlpatterns = [
    path("", views.cluster, name="cluster"),
    path("alerts/", alerts.alerts, name="alerts"),
    path("site/<str:code>/", views.site, name="site"),
    path("site/<str:code>/crawl/", views.crawl_start, name="crawl_start"),
    path("finding/<int:pk>/fixed/", views.finding_fixed, name="finding_fixed"),
    path("finding/<int:pk>/accept/", views.finding_accept, name="finding_accept"),
    path("foreign/", views.foreign, name="foreign"),
    path("foreign/<int:pk>/", views.foreign_crawl, name="foreign_crawl"),
]
