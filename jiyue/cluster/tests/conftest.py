from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def publish_root(tmp_path, settings) -> Path:
    """A publish root of the test's own (as jiyue/publishing/tests/conftest.py)."""
    root = tmp_path / "publish"
    settings.JIYUE_PUBLISH_ROOT = root
    return root
