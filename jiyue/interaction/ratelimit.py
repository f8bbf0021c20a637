"""Fixed-window rate limits in Django's cache: per address and per form."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

DEFAULT_LIMITS = {"per_address": (5, 600), "per_form": (120, 60)}


def limits() -> dict[str, tuple[int, int]]:
    configured = getattr(settings, "JIYUE_INTERACTION_RATE_LIMITS", None) or {}
    return {**DEFAULT_LIMITS, **configured}


def _hit(key: str, limit: int, window: int) -> bool:
    """Count one hit; True while the window's count is within ``limit``.

    ``incr`` first: in a busy window the counter exists, one cache call.
    """
    bucket = f"interaction:rl:{key}:{int(time.time() // window)}"
    try:
        return cache.incr(bucket) <= limit
    except ValueError:
        pass
    if cache.add(bucket, 1, window + 5):
        return limit >= 1
    try:
        return cache.incr(bucket) <= limit
    except ValueError:  # expired in between: a new window
        cache.add(bucket, 1, window + 5)
        return True


def allow(*, address: str, form: str) -> bool:
    """Whether one more submission from ``address`` to ``form`` is allowed."""
    return allow_and_claim(address=address, form=form)[0]


def allow_and_claim(
    *, address: str, form: str, claim: str | None = None, claim_seconds: int = 0
) -> tuple[bool, bool]:
    """Count one submission from ``address`` to ``form`` and, if ``claim`` is a
    cache key, take it as ``cache.add(claim, 1, claim_seconds)`` does (a CAPTCHA
    token's single use). Returns (allowed, claimed); with Redis both in one
    round trip (docs/decisions/0314-submission-cpu.md)."""
    per_address, per_form = limits()["per_address"], limits()["per_form"]
    checks = [(f"form:{form}", *per_form), (f"addr:{address}", *per_address)]
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return _allow_in_redis(backend, checks, claim, claim_seconds)
    allowed = _hit(*checks[0]) and _hit(*checks[1])
    return allowed, bool(claim) and cache.add(claim, 1, claim_seconds)


def _allow_in_redis(
    backend: RedisCache, checks, claim: str | None, claim_seconds: int
) -> tuple[bool, bool]:
    """Both counters in one round trip: INCR, and EXPIRE on a new window's key
    (docs/decisions/0311-shared-cache-for-public-processes.md); the claim is a
    ``SET … NX EX`` in the same pipeline, stored as ``cache.add`` stores 1."""
    pipe = backend._cache.get_client(write=True).pipeline(transaction=False)
    now = time.time()
    for key, _limit, window in checks:
        bucket = backend.make_and_validate_key(
            f"interaction:rl:{key}:{int(now // window)}"
        )
        pipe.incr(bucket)
        pipe.expire(bucket, window + 5, nx=True)
    if claim:
        key = backend.make_and_validate_key(claim)
        pipe.set(key, backend._cache._serializer.dumps(1), ex=claim_seconds, nx=True)
    replies = pipe.execute()
    counts = replies[: 2 * len(checks) : 2]
    allowed = all(n <= limit for n, (_k, limit, _w) in zip(counts, checks, strict=True))
    return allowed, bool(claim) and bool(replies[-1])


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"
