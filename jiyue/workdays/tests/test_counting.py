"""The counting rule against the chinesecalendar package, without the database.

Every expected date was worked out by hand from the State Council notices as the
package records them (the calendars are written out above each group of tests).
"""

import datetime as dt

import pytest

from jiyue.workdays.counting import (
    DEFAULT_CUTOFF,
    Deadline,
    OfficeYear,
    WorkCalendar,
    local_moment,
    package_knows_year,
    parse_cutoff,
)

D = dt.date
T = dt.datetime
SH = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def cal():
    """The package alone: the office has entered nothing."""
    return WorkCalendar(lambda year: OfficeYear())


def due(cal, start, n, cutoff=DEFAULT_CUTOFF):
    return cal.deadline(start, n, cutoff)


def certain(day):
    return Deadline(date=day, uncertain=False, unknown_years=())


# National Day 2025 (国办发明电〔2024〕12号): off Wed 1 Oct – Wed 8 Oct;
# make-up working days Sun 28 Sep and Sat 11 Oct.
#   Sep: 26 Fri work, 27 Sat off, 28 Sun WORK, 29 Mon, 30 Tue work
#   Oct: 1–8 off, 9 Thu, 10 Fri, 11 Sat WORK, 12 Sun off, 13 Mon …
#        18/19 and 25/26 weekends


def test_national_day_2025_days(cal):
    assert cal.is_workday(D(2025, 9, 28))  # Sunday, make-up
    assert not cal.is_workday(D(2025, 9, 27))  # ordinary Saturday
    assert [cal.is_workday(D(2025, 10, d)) for d in range(1, 9)] == [False] * 8
    assert cal.is_workday(D(2025, 10, 11))  # Saturday, make-up
    assert not cal.is_workday(D(2025, 10, 12))


def test_seven_days_across_national_day_2025(cal):
    # Tue 30 Sep 10:00 → 1 Oct 9, 2 Oct 10, 3 Oct 11 (Sat), 4 Oct 13, 5 Oct 14,
    # 6 Oct 15, 7 Oct 16.
    assert due(cal, T(2025, 9, 30, 10, 0), 7) == certain(D(2025, 10, 16))


def test_fifteen_days_across_national_day_2025(cal):
    # … 7 Oct 16, 8 Oct 17, 9 Oct 20, 10 Oct 21, 11 Oct 22, 12 Oct 23, 13 Oct 24,
    # 14 Oct 27, 15 Oct 28.
    assert due(cal, T(2025, 9, 30, 10, 0), 15) == certain(D(2025, 10, 28))


def test_after_cutoff_before_national_day_2025(cal):
    # Tue 30 Sep 18:30: effective arrival Thu 9 Oct (not counted);
    # 1 Oct 10, 2 Oct 11, 3 Oct 13, … 7 Oct 17.
    assert cal.effective_arrival(T(2025, 9, 30, 18, 30), DEFAULT_CUTOFF) == D(
        2025, 10, 9
    )
    assert due(cal, T(2025, 9, 30, 18, 30), 7) == certain(D(2025, 10, 17))


def test_arrival_on_make_up_sunday_2025(cal):
    # Sun 28 Sep is a working day: it is the arrival day; 1 Sep 29, 2 Sep 30,
    # 3 Oct 9, 4 Oct 10, 5 Oct 11, 6 Oct 13, 7 Oct 14.
    assert due(cal, T(2025, 9, 28, 10, 0), 2) == certain(D(2025, 9, 30))
    assert due(cal, T(2025, 9, 28, 10, 0), 7) == certain(D(2025, 10, 14))


def test_arrival_on_holiday_2025(cal):
    # Fri 3 Oct (holiday): effective arrival Thu 9 Oct; 1 Oct 10, 2 Oct 11 (Sat).
    assert due(cal, T(2025, 10, 3, 9, 0), 2) == certain(D(2025, 10, 11))
    assert due(cal, D(2025, 10, 3), 7) == certain(D(2025, 10, 17))


def test_after_cutoff_on_make_up_saturday_2025(cal):
    # Sat 11 Oct 18:00 (make-up day, but late): effective arrival Mon 13 Oct;
    # 1 Oct 14, 2 Oct 15.
    assert due(cal, T(2025, 10, 11, 18, 0), 2) == certain(D(2025, 10, 15))


# National Day and Mid-autumn 2026 (国办发明电〔2025〕7号): off Fri 25 – Sun 27 Sep
# and Thu 1 – Wed 7 Oct; make-up working days Sun 20 Sep and Sat 10 Oct.
#   Sep: 19 Sat off, 20 Sun WORK, 21 Mon … 24 Thu, 25–27 off, 28 Mon, 29, 30 Wed
#   Oct: 1–7 off, 8 Thu, 9 Fri, 10 Sat WORK, 11 Sun off, 12 Mon …


def test_national_day_2026_days(cal):
    assert cal.is_workday(D(2026, 9, 20))
    assert [cal.is_workday(D(2026, 9, d)) for d in (25, 26, 27)] == [False] * 3
    assert [cal.is_workday(D(2026, 10, d)) for d in range(1, 8)] == [False] * 7
    assert cal.is_workday(D(2026, 10, 8))
    assert cal.is_workday(D(2026, 10, 10))


def test_national_day_2026_date_and_late_datetime(cal):
    # 30 Sep (a date: within hours) → 1 Oct 8, 2 Oct 9, 3 Oct 10, 4 Oct 12,
    # 5 Oct 13, 6 Oct 14, 7 Oct 15.
    assert due(cal, D(2026, 9, 30), 7) == certain(D(2026, 10, 15))
    # 30 Sep 18:30 → effective arrival Thu 8 Oct; 1 Oct 9, 2 Oct 10, 3 Oct 12, …
    # 7 Oct 16; then 8 Oct 19, 9 Oct 20, … 13 Oct 26, 14 Oct 27, 15 Oct 28.
    assert due(cal, T(2026, 9, 30, 18, 30), 7) == certain(D(2026, 10, 16))
    assert due(cal, T(2026, 9, 30, 18, 30), 15) == certain(D(2026, 10, 28))


def test_cutoff_is_inclusive(cal):
    # Thu 24 Sep 2026 at exactly 17:00 still arrives that day: day 1 is Mon 28 Sep.
    assert due(cal, T(2026, 9, 24, 17, 0), 1) == certain(D(2026, 9, 28))
    # One second later it arrives on Mon 28 Sep: day 1 is Tue 29 Sep.
    assert due(cal, T(2026, 9, 24, 17, 0, 1), 1) == certain(D(2026, 9, 29))


def test_day_off_followed_by_make_up_sunday_2026(cal):
    # Sat 19 Sep: effective arrival Sun 20 Sep (make-up); 1 Sep 21, 2 Sep 22.
    assert due(cal, T(2026, 9, 19, 10, 0), 2) == certain(D(2026, 9, 22))


def test_custom_cutoff(cal):
    # Wed 30 Sep 2026 17:30 with an 18:00 cut-off arrives that day.
    assert due(cal, T(2026, 9, 30, 17, 30), 7, dt.time(18, 0)).date == D(2026, 10, 15)
    assert due(cal, T(2026, 9, 30, 17, 30), 7).date == D(2026, 10, 16)


def test_aware_datetimes_are_taken_in_shanghai(cal):
    # 09:30 UTC = 17:30 in Shanghai (late); 08:00 UTC = 16:00 (on time).
    late = T(2026, 9, 30, 9, 30, tzinfo=dt.UTC)
    on_time = T(2026, 9, 30, 8, 0, tzinfo=dt.UTC)
    assert due(cal, late, 7).date == D(2026, 10, 16)
    assert due(cal, on_time, 7).date == D(2026, 10, 15)
    # 30 Sep 20:00 UTC is already 1 Oct 04:00 in Shanghai (a holiday).
    assert local_moment(T(2026, 9, 30, 20, 0, tzinfo=dt.UTC)) == (
        D(2026, 10, 1),
        dt.time(4, 0),
    )
    assert due(cal, T(2026, 9, 30, 20, 0, tzinfo=dt.UTC), 7).date == D(2026, 10, 16)


def test_naive_datetime_is_shanghai_wall_time(cal):
    assert local_moment(T(2026, 9, 30, 16, 59)) == (D(2026, 9, 30), dt.time(16, 59))
    assert local_moment(T(2026, 9, 30, 16, 59, tzinfo=SH)) == (
        D(2026, 9, 30),
        dt.time(16, 59),
    )


# Spring Festival 2026: off Sun 15 Feb – Mon 23 Feb; make-up Sat 14 Feb, Sat 28 Feb.
#   13 Fri, 14 Sat WORK, 15–23 off, 24 Tue, 25, 26, 27 Fri, 28 Sat WORK,
#   1 Mar Sun off, 2 Mar Mon


def test_spring_festival_2026(cal):
    assert cal.is_workday(D(2026, 2, 14))
    assert [cal.is_workday(D(2026, 2, d)) for d in range(15, 24)] == [False] * 9
    assert cal.is_workday(D(2026, 2, 28))
    # Fri 13 Feb → 1 Feb 14, 2 Feb 24, 3 Feb 25, 4 Feb 26, 5 Feb 27, 6 Feb 28,
    # 7 Mar 2.
    assert due(cal, T(2026, 2, 13, 10, 0), 7) == certain(D(2026, 3, 2))
    # Arrives on the make-up Saturday 14 Feb: 1 Feb 24, 2 Feb 25.
    assert due(cal, T(2026, 2, 14, 16, 0), 2) == certain(D(2026, 2, 25))
    # Arrives during the holiday: effective arrival 24 Feb; 1 Feb 25, 2 Feb 26.
    assert due(cal, T(2026, 2, 18, 11, 0), 2) == certain(D(2026, 2, 26))


def test_subtract_for_reminders(cal):
    # 2 working days before Wed 25 Feb 2026: 1 Feb 24, 2 Feb 14 (make-up Saturday).
    assert cal.subtract(D(2026, 2, 25), 2) == certain(D(2026, 2, 14))
    # 2 before Mon 2 Mar: 1 Sat 28 Feb (make-up), 2 Fri 27 Feb.
    assert cal.subtract(D(2026, 3, 2), 2) == certain(D(2026, 2, 27))
    assert cal.subtract(D(2026, 3, 2), 0) == certain(D(2026, 3, 2))


def test_add_ignores_cutoff(cal):
    # add counts from a day, not an arrival: 18:30 does not push it.
    assert cal.add(T(2026, 9, 30, 18, 30), 1) == certain(D(2026, 10, 8))
    assert cal.add(D(2026, 9, 30), 0) == certain(D(2026, 9, 30))


def test_zero_days_is_the_effective_arrival_day(cal):
    assert due(cal, T(2025, 9, 30, 10, 0), 0).date == D(2025, 9, 30)
    assert due(cal, T(2025, 9, 30, 18, 0), 0).date == D(2025, 10, 9)


def test_between_matches_deadline(cal):
    start = T(2025, 9, 30, 10, 0)
    assert cal.between(start, D(2025, 10, 16), DEFAULT_CUTOFF) == 7
    assert cal.between(start, T(2025, 10, 17, 9, 0), DEFAULT_CUTOFF) == 8
    # Working days in (30 Sep, 12 Oct]: 9, 10, 11 Oct.
    assert cal.between(start, D(2025, 10, 12), DEFAULT_CUTOFF) == 3
    # Late arrival: counted from Thu 9 Oct (not counted), so 17 Oct is day 7.
    assert cal.between(T(2025, 9, 30, 18, 30), D(2025, 10, 17), DEFAULT_CUTOFF) == 7
    # Answered before the effective arrival day (arrived Sat, answered Sun).
    assert cal.between(T(2025, 10, 4, 9, 0), T(2025, 10, 5, 9, 0), DEFAULT_CUTOFF) == 0
    assert cal.between(start, T(2025, 9, 30, 15, 0), DEFAULT_CUTOFF) == 0
    with pytest.raises(ValueError):
        cal.between(start, D(2025, 9, 29), DEFAULT_CUTOFF)


# Unknown years. The package knows 2004–2026 (chinesecalendar 1.11.0).


def test_package_years():
    assert package_knows_year(2004)
    assert package_knows_year(2026)
    assert not package_knows_year(2003)
    assert not package_knows_year(2030)


def test_unknown_year_counts_weekends_and_says_so(cal):
    # 2030: Mon 30 Sep → 1 Oct 1 (Tue), 2 Oct 2, 3 Oct 3, 4 Oct 4 (Fri),
    # 5 Oct 7 (Mon), 6 Oct 8, 7 Oct 9 — National Day unknown, so counted.
    assert due(cal, T(2030, 9, 30, 10, 0), 7) == Deadline(
        date=D(2030, 10, 9), uncertain=True, unknown_years=(2030,)
    )
    assert not cal.year_known(2030)
    assert cal.is_workday(D(2030, 10, 1))  # a Tuesday, as far as anyone knows
    assert not cal.is_workday(D(2030, 10, 5))  # a Saturday


@pytest.mark.skipif(
    package_knows_year(2027),
    reason="the installed chinesecalendar already knows 2027; the boundary moved",
)
def test_deadline_reaching_into_an_unknown_year(cal):
    # Mon 28 Dec 2026 → 1 Dec 29, 2 Dec 30, 3 Dec 31, 4 Fri 1 Jan 2027 (New
    # Year's Day, but 2027 is unknown: counted), 5 Jan 4, 6 Jan 5, 7 Jan 6.
    assert due(cal, T(2026, 12, 28, 9, 0), 7) == Deadline(
        date=D(2027, 1, 6), uncertain=True, unknown_years=(2027,)
    )
    # Ending within 2026 the same start is certain: 3 Dec 31.
    assert due(cal, T(2026, 12, 28, 9, 0), 3) == certain(D(2026, 12, 31))
    # Counting back from an unknown year is uncertain too.
    assert cal.subtract(D(2027, 1, 4), 2) == Deadline(
        date=D(2026, 12, 31), uncertain=True, unknown_years=(2027,)
    )


def test_office_entries_override_and_make_a_year_known():
    # A notice for 2030 as the office would enter it: off Tue 1 – Mon 7 Oct,
    # make-up Sun 29 Sep and Sat 12 Oct.
    days = {D(2030, 10, d): False for d in range(1, 8)}
    days |= {D(2030, 9, 29): True, D(2030, 10, 12): True}
    notice = {2030: OfficeYear(known=True, days=days)}
    cal = WorkCalendar(lambda year: notice.get(year, OfficeYear()))
    # Mon 30 Sep → 1 Oct 8, 2 Oct 9, 3 Oct 10, 4 Oct 11, 5 Oct 12 (Sat), 6 Oct 14,
    # 7 Oct 15.
    assert cal.deadline(T(2030, 9, 30, 10, 0), 7, DEFAULT_CUTOFF) == certain(
        D(2030, 10, 15)
    )
    # Arrives on the make-up Sunday 29 Sep: 1 Sep 30.
    assert cal.deadline(T(2030, 9, 29, 16, 0), 1, DEFAULT_CUTOFF) == certain(
        D(2030, 9, 30)
    )


def test_office_years_are_asked_once_per_calendar():
    asked = []

    def loader(year):
        asked.append(year)
        return OfficeYear()

    cal = WorkCalendar(loader)
    cal.deadline(T(2030, 12, 20, 10, 0), 15, DEFAULT_CUTOFF)
    assert asked == [2030, 2031]


@pytest.mark.parametrize("n", [-1, 10_001])
def test_bad_counts_are_refused(cal, n):
    with pytest.raises(ValueError):
        cal.deadline(D(2026, 1, 5), n, DEFAULT_CUTOFF)


@pytest.mark.parametrize("n", [1.5, "3", True])
def test_non_integer_counts_are_refused(cal, n):
    with pytest.raises(TypeError):
        cal.deadline(D(2026, 1, 5), n, DEFAULT_CUTOFF)


def test_parse_cutoff():
    assert parse_cutoff("17:00") == dt.time(17, 0)
    assert parse_cutoff("9:30") == dt.time(9, 30)
    assert parse_cutoff(dt.time(18, 0)) == dt.time(18, 0)
    for bad in ("24:00", "17", "17:60", "five"):
        with pytest.raises(ValueError):
            parse_cutoff(bad)


def test_ordinary_week_examples(cal):
    # March 2026 has no holiday: Fri 6, Sat 7, Sun 8, Mon 9 … Fri 13, Mon 16.
    # Friday 10:00: day 1 is Monday 9; day 7 is Tuesday 17.
    assert due(cal, T(2026, 3, 6, 10, 0), 1).date == D(2026, 3, 9)
    assert due(cal, T(2026, 3, 6, 10, 0), 7).date == D(2026, 3, 17)
    # Friday 18:00: Monday 9 is the effective arrival day, day 1 is Tuesday 10;
    # day 7 is Wednesday 18. Saturday the same.
    assert due(cal, T(2026, 3, 6, 18, 0), 1).date == D(2026, 3, 10)
    assert due(cal, T(2026, 3, 6, 18, 0), 7).date == D(2026, 3, 18)
    assert due(cal, T(2026, 3, 7, 9, 0), 7).date == D(2026, 3, 18)
