"""Public routes of the publishing app (mounted by jiyue/urls_public.py only)."""

from django.urls import path, re_path

from . import views

app_name = "publishing"

urlpatterns = [
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots, name="robots"),
    re_path(r"^((?:[\w\-]+/)*)feed\.xml$", views.column_feed, name="feed"),
    re_path(r"^static/(?P<path>.+)$", views.static_asset, name="static"),
    # Only the renditions published pages show, copied into the tree (0214).
    re_path(r"^media/(?P<path>.+)$", views.static_asset, name="media"),
]
