"""Public routes of the content app (mounted by jiyue/urls_public.py only): the
dynamic endpoints of the public application."""

from django.urls import path

from . import errors, views

app_name = "content"

urlpatterns = [
    path("_care/toggle/", views.care_toggle, name="care_toggle"),
    path("_care/style.css", views.care_stylesheet, name="care_stylesheet"),
    path("_page/", views.page_jump, name="page_jump"),
    # The error pages the publisher writes into each site's tree for nginx.
    path("404.html", errors.published_not_found, name="published_not_found"),
    path("50x.html", errors.published_server_error, name="published_server_error"),
]
