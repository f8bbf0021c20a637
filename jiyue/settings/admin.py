"""The admin application (后台): Wagtail admin, preview, dashboards."""

from .base import *  # noqa: F403

ROOT_URLCONF = "jiyue.urls_admin"
WSGI_APPLICATION = "jiyue.wsgi_admin.application"
