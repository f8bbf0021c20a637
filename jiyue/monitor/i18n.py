"""Translation that works with or without Django settings (the crawler runs standalone)."""

from __future__ import annotations


def gettext(message: str) -> str:
    """Django's ``gettext`` when settings are configured, else the zh-hans source text."""
    try:
        from django.conf import settings

        if settings.configured:
            from django.utils.translation import gettext as django_gettext

            return django_gettext(message)
    except ImportError:  # Django absent: the crawler is usable on its own
        pass
    return message


_ = gettext
