"""Admin routes of 考核评分 (namespace ``assessment_admin``)."""

from django.urls import path

from . import report, views

app_name = "assessment_admin"

urlpatterns = [
    path("", views.cluster, name="cluster"),
    path("export.xlsx", views.cluster_xlsx, name="cluster_xlsx"),
    path("report/<int:site_id>/<int:year>/", report.report, name="report"),
    path(
        "report/<int:site_id>/<int:year>/<str:kind>/",
        report.report_download,
        name="report_download",
    ),
    path("site/<int:site_id>/", views.site_detail, name="site"),
    path("indicators/", views.indicators, name="indicators"),
]
