"""Admin routes of 协同联动 (namespace ``linkage_admin``)."""

from django.urls import path

from . import views

app_name = "linkage_admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("auto/", views.auto_accept, name="auto"),
    path("push/new/", views.push_new, name="push_new"),
    path("push/<int:pk>/", views.push_board, name="push"),
    path("target/<int:pk>/", views.target, name="target"),
    path("submit/", views.submit, name="submit"),
    path("submissions/", views.submissions, name="submissions"),
    path("submissions/<int:pk>/", views.submission, name="submission"),
    path("monthly/", views.monthly, name="monthly"),
    path("monthly.xlsx", views.monthly_xlsx, name="monthly_xlsx"),
    path("interpretations/", views.interpretations, name="interpretations"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("english/", views.english, name="english"),
    path("rules/", views.rules, name="rules"),
]
