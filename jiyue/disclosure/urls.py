"""Public endpoints of 依申请公开 (on every site's host, under /hudong/ where the
public process already answers: docs/decisions/0750-information-requests.md)."""

from django.urls import path

from . import views

app_name = "disclosure"

urlpatterns = [
    path("hudong/ysqgk/", views.request_form, name="request"),
    path("hudong/ysqgk/chaxun/", views.status_query, name="query"),
]
