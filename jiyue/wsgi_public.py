"""WSGI entry point of the public application."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiyue.settings.public")
application = get_wsgi_application()
