"""Chinese working days and deadlines (工作日历).

The public side of the app, for the other apps::

    from jiyue import workdays

    due = workdays.deadline(message.received_at, 7)
    due.date, due.uncertain, due.unknown_years
    remind_on = workdays.subtract_workdays(due.date, 2)
"""

from .counting import Deadline
from .selectors import (
    add_workdays,
    deadline,
    is_workday,
    subtract_workdays,
    work_calendar,
    workdays_between,
    year_known,
)

__all__ = [
    "Deadline",
    "add_workdays",
    "deadline",
    "is_workday",
    "subtract_workdays",
    "work_calendar",
    "workdays_between",
    "year_known",
]
