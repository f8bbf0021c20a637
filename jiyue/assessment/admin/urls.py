"""Admin routes of 考核评分 (namespace ``assessment_admin``)."""

from django.urls import path

from . import report, spot_checks, views

app_name = "assessment_admin"

urlpatterns = [
    path("", views.cluster, name="cluster"),
    path("export.xlsx", views.cluster_xlsx, name="cluster_xlsx"),
    path("report/<int:site_id>/<int:year>/", report.report, name="report"),
    path(
        "report/<int:site_id>/<int:year>/publish/",
        report.report_publish,
        name="report_publish",
    ),
    path("supervision/<int:year>/", report.supervision_report, name="supervision"),
    path(
        "supervision/<int:year>/<str:kind>/",
        report.supervision_download,
        name="supervision_download",
    ),
    path("order/<int:pk>/", report.order, name="order"),
    path("rectify/<int:pk>/", report.rectify, name="rectify"),
    path(
        "report/<int:site_id>/<int:year>/<str:kind>/",
        report.report_download,
        name="report_download",
    ),
    path("site/<int:site_id>/", views.site_detail, name="site"),
    path("site/<int:site_id>/recompute/", views.recompute, name="recompute"),
    path("indicators/", views.indicators, name="indicators"),
    path("spot-checks/", spot_checks.spot_check_list, name="spot_checks"),
    path("spot-checks/<int:pk>/", spot_checks.spot_check_detail, name="spot_check"),
    path(
        "spot-checks/<int:pk>/score/",
        spot_checks.spot_check_score,
        name="spot_check_score",
    ),
    path(
        "spot-checks/<int:pk>/publish/",
        spot_checks.spot_check_publish_view,
        name="spot_check_publish",
    ),
    path(
        "spot-checks/site/<int:pk>/",
        spot_checks.spot_check_site,
        name="spot_check_site",
    ),
    path(
        "spot-checks/finding/<int:pk>/",
        spot_checks.spot_check_finding,
        name="spot_check_finding",
    ),
]
