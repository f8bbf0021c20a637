"""Versions in the shared cache: what each process keeps (the vocabulary, the
cluster's sites) is read again by every process once its version changes."""

from __future__ import annotations

import uuid

from django.core.cache import cache


def current(key: str) -> str:
    """The version under ``key``; the first to ask sets one."""
    version = cache.get(key)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(key, version, None)
        version = cache.get(key) or version
    return version


def change(key: str) -> None:
    """Every process reads what it keeps under ``key`` again at its next use."""
    cache.set(key, uuid.uuid4().hex, None)
