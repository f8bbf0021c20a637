import datetime as dt

from jiyue.workdays.models import CalendarDay, CalendarYear

OFF = CalendarDay.Kind.OFF
WORK = CalendarDay.Kind.WORK


def national_day_2030() -> CalendarYear:
    """A made-up 2030 notice: National Day off Tue 1 – Mon 7 Oct, make-up working
    days Sun 29 Sep and Sat 12 Oct."""
    year = CalendarYear.objects.create(year=2030, source="测试用：2030 年节假日安排")
    days = [(dt.date(2030, 10, d), OFF) for d in range(1, 8)]
    days += [(dt.date(2030, 9, 29), WORK), (dt.date(2030, 10, 12), WORK)]
    for day, kind in days:
        CalendarDay.objects.create(
            calendar_year=year, date=day, kind=kind, name="国庆节"
        )
    return year
