"""Admin routes of 办事服务 (namespace ``services_admin``)."""

from django.urls import path

from . import views

app_name = "services_admin"

urlpatterns = [
    path("", views.guide_list, name="guides"),
    path("import/", views.import_catalogue, name="import"),
    path("import/template/", views.download_template, name="template"),
    path("import/sample/", views.download_sample, name="sample"),
    path("elements/", views.elements, name="elements"),
    path("themes/", views.themes, name="themes"),
]
