"""Background work of the channels: republish a channel page when its phase
changes (a consultation or survey opens or closes, an interview starts or
ends), so that the static page shows the right state without an editor.

``channel_phases_task`` runs from the worker's schedule (every 10 minutes);
``jiyue channel_phases`` runs it by hand. Safe to run twice: a phase change is
republished once (``PhaseMark``).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from ..models import PhaseMark
from . import services
from .selectors import CHANNEL_MODELS


def republish_phase_changes(*, now=None) -> int:
    """Republishes every live channel page whose phase changed; returns how many."""
    now = now or timezone.now()
    marks = dict(PhaseMark.objects.values_list("page_id", "phase"))
    changed = 0
    for model in CHANNEL_MODELS:
        for page in model.objects.live():
            phase = page.phase(now)
            if marks.get(page.pk) == phase:
                continue
            with transaction.atomic():
                PhaseMark.objects.update_or_create(page=page, defaults={"phase": phase})
                services.republish(page)
            changed += 1
    return changed


@task(queue_name="interaction")
def channel_phases_task() -> int:
    return republish_phase_changes()
