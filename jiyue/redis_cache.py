"""Django's Redis cache backend, with one redis-py client per connection pool.

The public processes share this cache when ``JIYUE_REDIS_URL`` is set (the CAPTCHA's
single use and the rate limits must hold across processes). Django's
``RedisCacheClient`` builds a new ``redis.Redis`` for every cache call, and redis-py
fills a table of about 170 response callbacks in each: ~0.25 ms of CPU per call,
more than the round trip itself. A ``redis.Redis`` is thread-safe (each command takes
a connection from the pool), so one per pool is enough
(docs/decisions/0311-shared-cache-for-public-processes.md).
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write: bool = False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            pool = self._pools[index]
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class SharedRedisCache(RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
