"""What opening and closing a site mean for 互动交流: its five mailboxes and its
handling units are created with it; when it closes, its mailboxes close (the letters
stay).

Steps of ``jiyue.cluster.opening`` (collected from every app's ``site_opening``
module; docs/decisions/0516-site-opening-steps.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from wagtail.models import Site

from jiyue.cluster.models import SiteProfile
from jiyue.interaction import services
from jiyue.interaction.demo import MAILBOXES
from jiyue.interaction.models import HandlingUnit, Mailbox


def _create_interaction(site: Site, unit_names: Iterable[str]) -> None:
    for order, (slug, kind, title, intro) in enumerate(MAILBOXES):
        Mailbox.objects.create(
            site=site, slug=slug, kind=kind, title=title, intro=intro, order=order
        )
    services.error_report_mailbox(site)
    for name in unit_names:
        HandlingUnit.objects.create(site=site, name=name)


def open_mailboxes(
    site: Site, profile: SiteProfile, options: Mapping[str, Any]
) -> list[str]:
    """The mailboxes and the units (``options["units"]``); returns the units."""
    unit_names = list(options["units"])
    _create_interaction(site, unit_names)
    return unit_names


def close_mailboxes(
    site: Site, profile: SiteProfile, options: Mapping[str, Any]
) -> int:
    """A closed site takes no more letters; returns how many mailboxes closed."""
    return Mailbox.objects.filter(site=site, is_active=True).update(is_active=False)


# (order, the key of its result in the log entry, the step)
OPEN_STEPS = ((30, "units", open_mailboxes),)
CLOSE_STEPS = ((30, "mailboxes_closed", close_mailboxes),)
