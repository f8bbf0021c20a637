"""A tiny ``_()`` for the Django-free engine.

The engine runs inside Django (the editorial gate) and outside it (the monitor,
scripts, benchmarks). Messages are Chinese source strings; when Django settings
are configured and the app registry is ready they go through ``gettext`` so that
an English interface stays possible, otherwise they are returned unchanged.
"""

from __future__ import annotations


def _(message: str) -> str:
    try:
        from django.apps import apps
        from django.conf import settings
    except ImportError:  # pragma: no cover - Django is a dependency
        return message
    if not settings.configured or not apps.ready:
        return message
    from django.utils.translation import gettext

    return gettext(message)
