"""Public endpoints of the search (on every site's host, admin host too)."""

from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("search/go/", views.go, name="go"),
]
