"""Fixtures of the cross-app tests."""

import pytest


@pytest.fixture
def demo(demo_live):
    """The portal's address, the demo served live with its people."""
    return demo_live
