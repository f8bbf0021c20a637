"""The demo cluster, assembled from each app's own demo function (the top layer:
it may call every app; no app calls it). ``jiyue load_demo`` and ``jiyue serve_demo``
are its commands; ``load_demo_cluster`` is what they and the tests call."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path


def load_demo_cluster(corpus_dir: Path, *, now: datetime | None = None) -> int:
    """Loads the demo cluster; returns how many pages were created."""
    from .assemble import load_demo_cluster as load

    return load(corpus_dir, now=now)


def ensure_demo_staff(password: str | None = None) -> list[tuple[str, str, str]]:
    """The demo superuser and the people of every demo role."""
    from .assemble import DEMO_PASSWORD
    from .assemble import ensure_demo_staff as ensure

    return ensure(password or DEMO_PASSWORD)
