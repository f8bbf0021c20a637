"""Admin routes of the accounts app, mounted at ``/admin/security/``."""

from django.urls import path

from . import views

app_name = "accounts_admin"

urlpatterns = [
    path("2fa/", views.otp_verify, name="otp_verify"),
    path("2fa/setup/", views.otp_setup, name="otp_setup"),
    path("audit/", views.audit_index, name="audit_index"),
    path("audit/export.csv", views.audit_export, name="audit_export"),
]
