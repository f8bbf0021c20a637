"""Dynamic endpoints of the content app on the public application."""

from django.urls import path

from . import views

urlpatterns = [
    path("_care/toggle/", views.care_toggle, name="care_toggle"),
    path("_care/style.css", views.care_stylesheet, name="care_stylesheet"),
]
