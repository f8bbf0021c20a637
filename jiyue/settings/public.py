"""The public application (前台): pages and the dynamic things citizens need.

Its URLconf mounts no admin and no staff login (前后台分离)."""

from .base import *  # noqa: F403

ROOT_URLCONF = "jiyue.urls_public"
WSGI_APPLICATION = "jiyue.wsgi_public.application"
