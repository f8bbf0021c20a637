"""ASGI entry point of the public application."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiyue.settings.public")
application = get_asgi_application()
