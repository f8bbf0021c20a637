"""Small, hot lookups of the public side kept in the shared cache and, for a
few seconds, in the process in front of it (each shared-cache call is a round
trip to Redis). See docs/decisions/0310-submission-hot-path.md."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache

LOCAL_SECONDS = 5
LOCAL_MAX_ENTRIES = 1000
_local: dict[str, tuple[float, object]] = {}


def remembered(key: str, load: Callable[[], Any], seconds: int = 60) -> Any:
    """``load()``'s value, kept ``seconds`` in the shared cache and a few seconds
    in this process in front of it; None is not kept."""
    now = time.monotonic()
    hit = _local.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    value = cache.get(key)
    if value is None:
        value = load()
        if value is None:
            return None
        cache.set(key, value, seconds)
    if len(_local) >= LOCAL_MAX_ENTRIES:
        _local.clear()
    _local[key] = (now + LOCAL_SECONDS, value)
    return value


def forget(key: str) -> None:
    _local.pop(key, None)
    cache.delete(key)


def forget_local() -> None:
    """Drops what this process remembers (tests, after they change sites)."""
    _local.clear()
