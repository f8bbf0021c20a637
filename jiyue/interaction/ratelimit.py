"""Fixed-window rate limits in Django's cache (docs/decisions/0316-client-address-and-budgets.md).

* Per address **and** per form: one address filling one form's budget leaves
  every other form, site and address alone.
* Per form (cluster-wide), counted only for submissions that passed the CAPTCHA
  (a genuine, unused token with the right answer): it protects the server and
  never shuts out well-behaved clients because of bogus posts.

The client's address is ``REMOTE_ADDR``, or, when that is a trusted proxy
(``JIYUE_TRUSTED_PROXIES``), the first untrusted address of ``X-Forwarded-For``
read from the right.
"""

from __future__ import annotations

import functools
import ipaddress
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured

DEFAULT_LIMITS = {
    "per_address": (5, 600),
    "per_form": (120, 60),
    "per_address_query": (20, 600),
}
DEFAULT_TRUSTED_PROXIES = ("127.0.0.1", "::1")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def limits() -> dict[str, tuple[int, int]]:
    configured = getattr(settings, "JIYUE_INTERACTION_RATE_LIMITS", None) or {}
    return {**DEFAULT_LIMITS, **configured}


# -- the client's address --------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    try:
        return tuple(ipaddress.ip_network(e.strip(), strict=False) for e in entries)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"JIYUE_TRUSTED_PROXIES 中有无效的地址或网段：{error}"
        ) from error


def trusted_proxies() -> tuple[IPNetwork, ...]:
    entries = getattr(settings, "JIYUE_TRUSTED_PROXIES", DEFAULT_TRUSTED_PROXIES)
    return _networks(tuple(entries))


def _parse(value: str) -> IPAddress | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address: IPAddress, networks: Iterable[IPNetwork]) -> bool:
    return any(address in network for network in networks)


def client_address(request) -> str:
    """The address of the client, as far as trusted proxies say.

    ``X-Forwarded-For`` is read only when the peer (``REMOTE_ADDR``) is a trusted
    proxy; then the header is walked from the right past trusted proxies, and
    the first address that is not one is the client. A malformed entry stops
    the walk: the last good address counts (a trusted proxy, never a value the
    client could choose)."""
    peer = _parse(request.META.get("REMOTE_ADDR", "") or "")
    if peer is None:
        return "unknown"
    networks = trusted_proxies()
    if not _trusted(peer, networks):
        return str(peer)
    address = peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed(forwarded.split(",")):
        parsed = _parse(hop)
        if parsed is None:
            break
        address = parsed
        if not _trusted(parsed, networks):
            break
    return str(address)


def bucket_address(address: str) -> str:
    """The part of an address a budget counts: an IPv6 address by its /64 (one
    household or phone has a whole /64 to rotate through), IPv4 as it is."""
    parsed = _parse(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return address


# -- counting ------------------------------------------------------------------------


def _bucket(key: str, window: int, now: float) -> str:
    return f"interaction:rl:{key}:{int(now // window)}"


def _hit(key: str, limit: int, window: int) -> bool:
    """Count one hit; True while the window's count is within ``limit``.

    ``incr`` first: in a busy window the counter exists, one cache call.
    """
    bucket = _bucket(key, window, time.time())
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


def address_key(address: str, form: str) -> str:
    return f"addr:{form}:{bucket_address(address)}"


def allow(*, address: str, form: str, limit: str = "per_address") -> bool:
    """Whether one more request from ``address`` to ``form`` is within the
    per-address budget ``limit`` (a name in :func:`limits`); no form-wide
    budget is counted (status queries, ratings)."""
    count, window = limits()[limit]
    return _hit(address_key(address, form), count, window)


def allow_and_claim(
    *,
    address: str,
    form: str,
    claim: str | None = None,
    claim_seconds: int = 0,
    solved: bool = True,
) -> tuple[bool, bool]:
    """Count one submission from ``address`` to ``form`` and, if ``claim`` is a
    cache key, take it as ``cache.add(claim, 1, claim_seconds)`` does (a CAPTCHA
    token's single use, taken on every attempt with a genuine token).

    The form-wide budget counts only a submission whose token was claimed here
    and whose answer was right (``solved``). Returns (allowed, claimed); with
    Redis in one round trip (docs/decisions/0314-submission-cpu.md)."""
    per_address, per_form = limits()["per_address"], limits()["per_form"]
    address_check = (address_key(address, form), *per_address)
    form_check = (f"form:{form}", *per_form)
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return _allow_in_redis(
            backend, address_check, form_check, claim, claim_seconds, solved
        )
    address_ok = _hit(*address_check)
    claimed = bool(claim) and cache.add(claim, 1, claim_seconds)
    form_ok = not (claimed and solved) or _hit(*form_check)
    return address_ok and form_ok, claimed


# KEYS: the address bucket, the form bucket, the claim (optional).
# ARGV: address TTL and limit, form TTL and limit, the claim's value and TTL,
# "1" when the answer was right. Returns {address count, claimed, form count}.
_SCRIPT = """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local claimed = 0
if KEYS[3] then
  if redis.call('SET', KEYS[3], ARGV[5], 'EX', ARGV[6], 'NX') then claimed = 1 end
end
local f = 0
if claimed == 1 and ARGV[7] == '1' then
  f = redis.call('INCR', KEYS[2])
  if f == 1 then redis.call('EXPIRE', KEYS[2], ARGV[3]) end
end
return {n, claimed, f}
"""


def _allow_in_redis(
    backend: RedisCache,
    address_check: tuple[str, int, int],
    form_check: tuple[str, int, int],
    claim: str | None,
    claim_seconds: int,
    solved: bool,
) -> tuple[bool, bool]:
    """One round trip: a Lua script (EVALSHA) counts the address, takes the
    claim (``SET … NX EX``, stored as ``cache.add`` stores 1) and counts the
    form only when the claim was taken for a right answer. Keys go through
    ``make_and_validate_key`` so ``cache.get`` reads them
    (docs/decisions/0311-shared-cache-for-public-processes.md)."""
    client = backend._cache.get_client(write=True)
    script = client.register_script(_SCRIPT)  # EVALSHA, EVAL the first time
    now = time.time()
    (a_key, a_limit, a_window), (f_key, f_limit, f_window) = address_check, form_check
    keys = [
        backend.make_and_validate_key(_bucket(a_key, a_window, now)),
        backend.make_and_validate_key(_bucket(f_key, f_window, now)),
    ]
    if claim:
        keys.append(backend.make_and_validate_key(claim))
    value = backend._cache._serializer.dumps(1)
    args = [a_window + 5, a_limit, f_window + 5, f_limit, value, claim_seconds]
    count, claimed, form_count = script(keys=keys, args=[*args, "1" if solved else "0"])
    allowed = count <= a_limit and form_count <= f_limit
    return allowed, bool(claimed)
