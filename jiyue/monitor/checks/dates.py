"""Publish dates as government list pages write them."""

from __future__ import annotations

import datetime as dt
import re

_FULL = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?"
)
# ``[11-20]``, ``(11-20)``, ``11-20`` at the edge of a list entry: month-day only.
_SHORT = re.compile(r"(?:^|[\[(（\s])(\d{1,2})-(\d{1,2})(?:$|[\])）\s])")


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def full_dates(text: str) -> list[dt.date]:
    found = []
    for y, m, d in _FULL.findall(text):
        try:
            found.append(dt.date(int(y), int(m), int(d)))
        except ValueError:
            continue
    return found


def short_date(text: str, today: dt.date) -> dt.date | None:
    """A month-day with no year: this year, or last year if it would be in the future."""
    match = _SHORT.search(text.strip())
    if not match:
        return None
    month, day = int(match.group(1)), int(match.group(2))
    found = _date(today.year, month, day)
    if found and found > today:
        found = _date(today.year - 1, month, day)
    return found


def entry_date(text: str, today: dt.date) -> dt.date | None:
    """The date of one list entry (``<li>``/``<tr>``), full or month-day."""
    dates = [d for d in full_dates(text) if d <= today + dt.timedelta(days=1)]
    if dates:
        return max(dates)
    return short_date(text, today)


def meta_date(value: str) -> dt.date | None:
    dates = full_dates(value)
    return dates[0] if dates else None
