"""The public functions with the office's calendar in the database."""

import datetime as dt

import pytest

from jiyue import workdays
from jiyue.workdays.models import CalendarDay, CalendarYear

from .factories import OFF, WORK, national_day_2030

D = dt.date
T = dt.datetime

pytestmark = pytest.mark.django_db


def test_public_api_with_the_package():
    assert workdays.is_workday(D(2026, 10, 10))  # make-up Saturday
    assert not workdays.is_workday(T(2026, 10, 7, 12, 0))  # National Day
    assert workdays.year_known(2026)
    assert not workdays.year_known(2030)
    result = workdays.deadline(T(2026, 9, 30, 18, 30), 7)
    assert result == workdays.Deadline(date=D(2026, 10, 16))
    assert result.uncertain is False


def test_deadline_is_a_frozen_dataclass():
    result = workdays.deadline(D(2026, 9, 30), 7)
    with pytest.raises(AttributeError):
        result.date = D(2026, 1, 1)


def test_unknown_year_becomes_certain_once_the_office_enters_it():
    # Without a notice: weekends only (see test_counting for the walk).
    before = workdays.deadline(T(2030, 9, 30, 10, 0), 7)
    assert before == workdays.Deadline(
        date=D(2030, 10, 9), uncertain=True, unknown_years=(2030,)
    )
    national_day_2030()
    # The save dropped the cached 2030: 1 Oct 8, 2 Oct 9, 3 Oct 10, 4 Oct 11,
    # 5 Oct 12 (make-up Saturday), 6 Oct 14, 7 Oct 15.
    after = workdays.deadline(T(2030, 9, 30, 10, 0), 7)
    assert after == workdays.Deadline(date=D(2030, 10, 15))
    assert workdays.year_known(2030)
    assert workdays.is_workday(D(2030, 9, 29))
    assert not workdays.is_workday(D(2030, 10, 3))
    assert not workdays.year_known(2031)


def test_deleting_the_notice_makes_the_year_unknown_again():
    year = national_day_2030()
    assert workdays.deadline(T(2030, 9, 30, 10, 0), 7).date == D(2030, 10, 15)
    year.delete()
    assert CalendarDay.objects.count() == 0
    assert workdays.deadline(T(2030, 9, 30, 10, 0), 7) == workdays.Deadline(
        date=D(2030, 10, 9), uncertain=True, unknown_years=(2030,)
    )


def test_editing_one_day_is_seen_at_once():
    national_day_2030()
    assert workdays.is_workday(D(2030, 10, 12))
    day = CalendarDay.objects.get(date=D(2030, 10, 12))
    day.kind = OFF
    day.save()
    assert not workdays.is_workday(D(2030, 10, 12))


def test_office_entry_overrides_the_package():
    # Suppose the office corrects the package: Thu 8 Oct 2026 off, Sun 11 Oct work.
    year = CalendarYear.objects.create(year=2026, source="测试用更正")
    CalendarDay.objects.create(
        calendar_year=year, date=D(2026, 10, 8), kind=OFF, name="国庆节"
    )
    CalendarDay.objects.create(
        calendar_year=year, date=D(2026, 10, 11), kind=WORK, name="国庆节"
    )
    assert not workdays.is_workday(D(2026, 10, 8))
    assert workdays.is_workday(D(2026, 10, 11))
    # Wed 30 Sep → 1 Oct 9, 2 Oct 10, 3 Oct 11 (now working), 4 Oct 12.
    assert workdays.deadline(D(2026, 9, 30), 4).date == D(2026, 10, 12)
    # Untouched days still follow the package.
    assert not workdays.is_workday(D(2026, 10, 7))


def test_office_year_with_previous_december_entry():
    # A 2030 notice whose New Year's Day holiday begins on Mon 31 Dec 2029.
    year = CalendarYear.objects.create(year=2030, source="测试用")
    CalendarDay.objects.create(
        calendar_year=year, date=D(2029, 12, 31), kind=OFF, name="元旦"
    )
    CalendarDay.objects.create(
        calendar_year=year, date=D(2030, 1, 1), kind=OFF, name="元旦"
    )
    assert not workdays.is_workday(D(2029, 12, 31))
    # Fri 28 Dec 2029 → 1 Wed 2 Jan 2030; 2029 itself is still unknown.
    assert workdays.deadline(D(2029, 12, 28), 1) == workdays.Deadline(
        date=D(2030, 1, 2), uncertain=True, unknown_years=(2029,)
    )


def test_cutoff_from_settings(settings):
    settings.JIYUE_WORKDAY_CUTOFF = "18:00"
    # Wed 30 Sep 2026 17:30 is before an 18:00 cut-off: 7th day is 15 Oct.
    assert workdays.deadline(T(2026, 9, 30, 17, 30), 7).date == D(2026, 10, 15)
    # The keyword wins over the setting.
    late = workdays.deadline(T(2026, 9, 30, 17, 30), 7, cutoff=dt.time(17, 0))
    assert late.date == D(2026, 10, 16)


def test_add_subtract_between():
    # Remind 2 working days before the 7-day deadline of Fri 13 Feb 2026 (2 Mar):
    # 1 Sat 28 Feb (make-up), 2 Fri 27 Feb.
    due = workdays.deadline(T(2026, 2, 13, 10, 0), 7)
    assert due.date == D(2026, 3, 2)
    assert workdays.subtract_workdays(due.date, 2).date == D(2026, 2, 27)
    assert workdays.add_workdays(D(2026, 2, 13), 2).date == D(2026, 2, 24)
    assert workdays.workdays_between(T(2026, 2, 13, 10, 0), due.date) == 7
    assert workdays.workdays_between(T(2026, 2, 13, 18, 0), due.date) == 6
    with pytest.raises(ValueError):
        workdays.add_workdays(D(2026, 2, 13), -1)


def test_negative_count_is_refused():
    with pytest.raises(ValueError):
        workdays.deadline(D(2026, 9, 30), -1)


def test_fifteen_day_deadline_reads_each_year_once(django_assert_num_queries):
    national_day_2030()
    # 2030 only, cold cache: one query for the year, one for its days.
    with django_assert_num_queries(2):
        result = workdays.deadline(T(2030, 9, 30, 10, 0), 15)
    # … 7 Oct 15, 8 Oct 16, 9 Oct 17, 10 Oct 18, 11 Oct 21, 12 Oct 22, 13 Oct 23,
    # 14 Oct 24, 15 Oct 25.
    assert result == workdays.Deadline(date=D(2030, 10, 25))
    # Warm cache: no query at all.
    with django_assert_num_queries(0):
        assert workdays.deadline(T(2030, 9, 30, 10, 0), 15).date == D(2030, 10, 25)
        assert workdays.is_workday(D(2030, 10, 12))


def test_deadline_across_two_years_reads_two_years(django_assert_num_queries):
    # Mon 16 Dec 2030 + 15 working days crosses into 2031: two years, two queries
    # each, however many days are walked. Weekends only: 17–20 Dec (1–4),
    # 23–27 Dec (5–9), 30, 31 Dec (10, 11), 1–3 Jan 2031 (12–14), Mon 6 Jan (15).
    with django_assert_num_queries(4):
        result = workdays.deadline(D(2030, 12, 16), 15)
    assert result == workdays.Deadline(
        date=D(2031, 1, 6), uncertain=True, unknown_years=(2030, 2031)
    )


def test_many_deadlines_share_one_calendar(django_assert_num_queries):
    calendar = workdays.work_calendar()
    with django_assert_num_queries(2):
        for day in range(1, 29):
            calendar.deadline(D(2030, 2, day), 7, dt.time(17, 0))
