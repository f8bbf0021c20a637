"""Admin routes of 依申请公开 (namespace ``disclosure_admin``)."""

from django.urls import path

from . import views

app_name = "disclosure_admin"

urlpatterns = [
    path("", views.request_list, name="requests"),
    path("<int:pk>/", views.request_detail, name="request"),
    path("<int:pk>/<slug:action>/", views.request_action, name="request_action"),
]
