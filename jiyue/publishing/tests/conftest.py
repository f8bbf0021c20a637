"""Fixtures of the publishing tests: a publish root per test."""

from __future__ import annotations

from pathlib import Path

import pytest
from wagtail.models import Site


@pytest.fixture
def publish_root(tmp_path, settings) -> Path:
    root = tmp_path / "publish"
    settings.JIYUE_PUBLISH_ROOT = root
    return root


@pytest.fixture
def www(demo_cluster) -> Site:
    return Site.objects.select_related("root_page").get(hostname="www.localhost")


def read_tree(tree: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(tree)): path.read_bytes()
        for path in sorted(tree.rglob("*"))
        if path.is_file()
    }
