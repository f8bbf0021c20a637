"""The demo's spot check: the previous quarter's, sampled and scored, waiting for
the office's review (nothing is published for it: the office reviews and
publishes it, or draws this quarter's, in the admin)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .models import SpotCheck

#: A seed whose draw holds the demo portal (贵阳市人民政府), whose administrator
#: (周站长) then gets the 整改 row: chosen for the demo, and stored like any seed.
DEMO_SEED = 2024


def previous_quarter(today: dt.date) -> tuple[int, int]:
    quarter = (today.month - 1) // 3 + 1
    return (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)


def load_demo_spot_check(*, now: dt.datetime | None = None) -> SpotCheck | None:
    """Idempotent: nothing when any spot check exists or no rule set is active."""
    from .scoring import active_rule_set
    from .spot_checks.services import draw_check, score_check

    if SpotCheck.objects.exists() or active_rule_set() is None:
        return None
    now = now or timezone.now()
    year, quarter = previous_quarter(timezone.localdate(now))
    check = draw_check(actor=None, year=year, quarter=quarter, seed=DEMO_SEED, now=now)
    return score_check(actor=None, check=check, now=now)
