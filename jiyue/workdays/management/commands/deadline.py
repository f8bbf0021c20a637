"""``jiyue deadline START N``: the N-th Chinese working day after START."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from jiyue.workdays.counting import MAX_WORKDAYS, Deadline, parse_cutoff
from jiyue.workdays.selectors import deadline, default_cutoff

_COUNT = re.compile(r"^\+?\d+$")


def parse_start(value: str) -> dt.date | dt.datetime:
    """An ISO date (``2026-09-30``) or datetime (``2026-09-30T18:30[+08:00]``)."""
    text = value.strip()
    for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            return parse(text)
        except ValueError:
            continue
    raise CommandError(
        _(
            "无法识别开始时间“%(value)s”：请使用 ISO 格式，例如 2026-09-30 或 2026-09-30T18:30。"
        )
        % {"value": value}
    )


def parse_count(value: str) -> int:
    text = value.strip()
    if not _COUNT.match(text):
        raise CommandError(
            _("工作日数“%(value)s”无效：须为不小于 0 的整数。") % {"value": value}
        )
    count = int(text)
    if count > MAX_WORKDAYS:
        raise CommandError(
            _("工作日数 %(value)s 过大：最多 %(max)s 个工作日。")
            % {"value": count, "max": MAX_WORKDAYS}
        )
    return count


def parse_cutoff_option(value: str | None) -> dt.time:
    if value is None:
        return default_cutoff()
    try:
        return parse_cutoff(value)
    except ValueError:
        raise CommandError(
            _("截止时刻“%(value)s”无效：请使用 HH:MM 格式，例如 17:00。")
            % {"value": value}
        ) from None


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        # A property, not a lazy string: argparse needs a real str.
        return _(
            "输出 START（ISO 日期或日期时间）之后第 N 个工作日的日期；"
            "节假日安排未知的年份按周末推算，并在日期后标注 uncertain。"
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "start", metavar="START", help=_("收到时间，例如 2026-09-30T18:30")
        )
        parser.add_argument("n", metavar="N", help=_("工作日数（不小于 0 的整数）"))
        parser.add_argument(
            "--cutoff",
            metavar="HH:MM",
            help=_("当日截止时刻，晚于此时刻收到的顺延（默认 17:00）"),
        )
        parser.add_argument("--json", action="store_true", help=_("以 JSON 输出"))

    def handle(self, *args: Any, **options: Any) -> None:
        start = parse_start(options["start"])
        n = parse_count(options["n"])
        cutoff = parse_cutoff_option(options["cutoff"])
        try:
            result = deadline(start, n, cutoff=cutoff)
        except OverflowError:
            raise CommandError(_("日期超出可计算的范围。")) from None
        if options["json"]:
            self.stdout.write(
                json.dumps(as_json(start, n, cutoff, result), ensure_ascii=False)
            )
        else:
            self.stdout.write(as_text(result))
        if result.uncertain:
            self.stderr.write(uncertainty_note(result))


def as_text(result: Deadline) -> str:
    return (
        f"{result.date.isoformat()} uncertain"
        if result.uncertain
        else result.date.isoformat()
    )


def as_json(
    start: dt.date, n: int, cutoff: dt.time, result: Deadline
) -> dict[str, Any]:
    return {
        "start": start.isoformat(),
        "n": n,
        "cutoff": cutoff.strftime("%H:%M"),
        "date": result.date.isoformat(),
        "uncertain": result.uncertain,
        "unknown_years": list(result.unknown_years),
    }


def uncertainty_note(result: Deadline) -> str:
    years = "、".join(str(year) for year in result.unknown_years)
    return _(
        "注意：%(years)s 年的节假日安排尚未知晓，已按周末推算，结果待定；"
        "国务院公布安排后，请在后台“设置 › 工作日历”中录入。"
    ) % {"years": years}
