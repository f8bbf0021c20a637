"""Background work of the assessment (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def record_scores_task() -> int:
    """Keeps today's score of every site for the trend."""
    from jiyue.cluster.models import SiteProfile

    from .scoring import active_rule_set, record_scores

    if active_rule_set() is None:
        return 0
    profiles = SiteProfile.objects.filter(closed_at__isnull=True).select_related("site")
    return record_scores(list(profiles))


@task()
def rectification_reminders_task() -> int:
    """整改 reminders of the latest published spot check and of the office's
    限期整改 orders (daily)."""
    from . import orders
    from .spot_checks.rectification import remind

    return remind() + orders.remind()
