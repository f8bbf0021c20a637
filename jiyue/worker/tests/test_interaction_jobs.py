"""The daily deadline task (interaction_daily) is in the worker's schedule and runs
once a day: reminders, overdue marking and escalation happen without cron."""

from __future__ import annotations

import datetime as dt

import pytest

from jiyue.interaction import services
from jiyue.interaction.models import EventAction
from jiyue.interaction.tasks import check_deadlines
from jiyue.interaction.tests.conftest import at, clock
from jiyue.worker.models import PeriodicJobRun
from jiyue.worker.schedule import Scheduler, registered_jobs

pytestmark = pytest.mark.django_db


def daily_job():
    return next(j for j in registered_jobs() if j.name == "interaction.daily")


def test_the_worker_schedule_holds_the_daily_deadline_task():
    job = daily_job()
    assert job.task is check_deadlines
    assert job.interval == dt.timedelta(days=1)


def test_the_worker_runs_the_deadline_task_once_a_day(leader_box, unit):
    message = services.message_submit(
        mailbox=leader_box, subject="测试来信", content="内容", now=at(2026, 9, 29)
    ).message
    services.message_accept(message=message, actor=None, now=at(2026, 9, 29))
    services.message_forward(message=message, actor=None, unit=unit)
    now = [at(2026, 10, 15, 1)]  # the deadline (14 Oct) has passed
    scheduler = Scheduler([daily_job()], clock=lambda: now[0])

    def tick_at(moment: dt.datetime) -> list[str]:
        now[0] = moment
        with clock(moment):  # the task reads the time too
            return scheduler.tick()

    assert tick_at(at(2026, 10, 15, 1)) == ["interaction.daily"]
    message.refresh_from_db()
    assert message.overdue and message.escalated_at is not None
    assert tick_at(at(2026, 10, 15, 12)) == []  # the same day: not again
    assert tick_at(at(2026, 10, 15, 23, 59)) == []
    assert tick_at(at(2026, 10, 16, 1)) == ["interaction.daily"]  # the next day
    run = PeriodicJobRun.objects.get(name="interaction.daily")
    assert run.last_run_at == at(2026, 10, 16, 1)
    actions = list(message.events.values_list("action", flat=True))
    assert actions.count(EventAction.OVERDUE) == 1
    assert actions.count(EventAction.ESCALATE) == 1
