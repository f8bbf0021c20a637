"""WSGI entry point of the admin application."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiyue.settings.admin")
application = get_wsgi_application()
