"""What opening a site means for editorial: its role groups and review chains
(the home page's full chain, each column its own).

A step of ``jiyue.cluster.opening`` (collected from every app's ``site_opening``
module; docs/decisions/0516-site-opening-steps.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wagtail.models import Site

from jiyue.cluster.models import SiteProfile
from jiyue.editorial.workflows import site_workflow_setup


def open_review_chain(
    site: Site, profile: SiteProfile, options: Mapping[str, Any]
) -> str:
    """Role groups and chains of the new site; returns the chain's name."""
    return site_workflow_setup(site=site).name


# (order, the key of its result in the log entry, the step): after the columns.
OPEN_STEPS = ((20, "workflow", open_review_chain),)
