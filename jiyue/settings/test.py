"""Settings for the test suite: the embedded defaults, or DATABASE_URL."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("JIYUE_DEMO", "1")
os.environ.setdefault(
    "JIYUE_VAR_DIR", str(Path(tempfile.gettempdir()) / "jiyue-test-var")
)

from .base import *  # noqa: F403
from .base import TASK_QUEUES, VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": TASK_QUEUES,
    }
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
# The suite does not run collectstatic: let WhiteNoise find files in the apps.
WHITENOISE_USE_FINDERS = True
FORMS_URLFIELD_ASSUME_HTTPS = True
# One process: its own memory is shared enough, and tests without a database can
# count rate limits. The database cache every process shares (ADR 0420) is tested
# with real processes in jiyue/cluster/tests/test_new_site_everywhere.py.
if not os.environ.get("JIYUE_REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
