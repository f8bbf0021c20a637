from django.urls import include, path

from . import admin_views

app_name = "interaction_admin"

urlpatterns = [
    path("", admin_views.case_list, name="cases"),
    path("deadlines/", admin_views.deadlines, name="deadlines"),
    path("statistics/", admin_views.statistics, name="statistics"),
    path("", include("jiyue.interaction.channels.admin_urls")),
    path("<int:pk>/", admin_views.case_detail, name="case"),
    # Before the actions: "attachment" would otherwise be taken for one.
    path(
        "<int:pk>/attachment/",
        admin_views.case_attachment,
        name="case_attachment",
    ),
    path("<int:pk>/<slug:action>/", admin_views.case_action, name="case_action"),
]
