"""Fixed-window rate limits in Django's cache: per address and per form."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

DEFAULT_LIMITS = {"per_address": (5, 600), "per_form": (120, 60)}


def limits() -> dict[str, tuple[int, int]]:
    configured = getattr(settings, "JIYUE_INTERACTION_RATE_LIMITS", None) or {}
    return {**DEFAULT_LIMITS, **configured}


def _hit(key: str, limit: int, window: int) -> bool:
    """Count one hit; True while the window's count is within ``limit``."""
    bucket = f"interaction:rl:{key}:{int(time.time() // window)}"
    if cache.add(bucket, 1, window + 5):
        return limit >= 1
    try:
        return cache.incr(bucket) <= limit
    except ValueError:
        cache.add(bucket, 1, window + 5)
        return True


def allow(*, address: str, form: str) -> bool:
    """Whether one more submission from ``address`` to ``form`` is allowed."""
    per_address, per_form = limits()["per_address"], limits()["per_form"]
    return _hit(f"form:{form}", *per_form) and _hit(f"addr:{address}", *per_address)


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"
