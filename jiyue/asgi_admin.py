"""ASGI entry point of the admin application."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiyue.settings.admin")
application = get_asgi_application()
