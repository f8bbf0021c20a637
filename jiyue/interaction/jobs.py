"""The periodic jobs of 互动交流, run by ``jiyue worker``.

Plain data (name, interval, the task's dotted path): the worker, a higher layer,
collects every app's ``jobs`` module; interaction never imports it
(docs/decisions/0515-worker-app-and-job-registry.md).
"""

from __future__ import annotations

from datetime import timedelta

PERIODIC_JOBS = (
    # 互动交流: reminders, overdue marking and escalation (interaction_daily).
    ("interaction.daily", timedelta(days=1), "jiyue.interaction.tasks.check_deadlines"),
    # Consultations, surveys, interviews: republish a page when it opens/closes.
    (
        "interaction.channel_phases",
        timedelta(minutes=10),
        "jiyue.interaction.channels.tasks.channel_phases_task",
    ),
)

# A mail server that did not answer: the mail to the operators is tried again
# (docs/decisions/0520).
RETRYING_TASKS = ("jiyue.interaction.tasks.mail_message_received",)

# Each task's name on 失败任务 (the dead letters of jiyue.worker).
TASK_LABELS = {
    "jiyue.interaction.tasks.check_deadlines": "来信办理期限检查",
    "jiyue.interaction.tasks.mail_message_received": "新来信邮件通知",
    "jiyue.interaction.channels.tasks.channel_phases_task": "征集调查访谈开始结束时重新发布",
}
