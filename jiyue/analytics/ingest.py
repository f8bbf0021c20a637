"""Reading nginx access logs into visit statistics, incrementally and idempotently.

The format is the one ``jiyue nginx_conf`` writes (``log_format jiyue``): nginx's
``combined`` with ``$host:$server_port`` in front — GoAccess's ``VCOMBINED``::

    www.example.gov.cn:80 203.0.113.9 - - [05/Dec/2026:10:00:00 +0800] "GET /a/ HTTP/1.1" 200 512 "-" "Mozilla/5.0 …"

A file is known by its first line (:class:`LogSource`), so a rotated file, plain or
gzipped, is read on from where the live one was left and every line counts once.
A file's counts and its new offset are written in one transaction. Lines that
cannot be read (truncated, binary, another format, a date in the future) and lines
of hosts that are not the cluster's are counted and reported, never guessed at
(docs/decisions/0901).
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import itertools
import re
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from .models import (
    CoVisit,
    DailySalt,
    LogSource,
    PageDay,
    QueryDay,
    ReferrerDay,
    SiteDay,
    VisitorDay,
)

LINE_RE = re.compile(
    rb"^(?P<host>[^\s:]+)(?::\d+)? (?P<addr>\S+) \S+ \S+ \[(?P<time>[^\]]{26})\] "
    rb'"(?P<method>[A-Z]+) (?P<target>\S+)[^"]*" (?P<status>\d{3}) \S+ '
    rb'"(?P<referrer>(?:[^"\\]|\\.)*)" "(?P<agent>(?:[^"\\]|\\.)*)"\s*$'
)
BOT_RE = re.compile(
    rb"bot|spider|crawl|slurp|curl|wget|python|httpclient|headless|scan|monitor|"
    rb"feedfetcher|java/|go-http|okhttp|libwww|axios",
    re.IGNORECASE,
)
ASSET_SUFFIXES = (
    b".css", b".js", b".png", b".jpg", b".jpeg", b".gif", b".svg", b".ico", b".webp",
    b".woff", b".woff2", b".ttf", b".map", b".xml", b".txt", b".json",
)  # fmt: skip
NOT_PAGES = (b"/static/", b"/media/", b"/documents/", b"/hudong/captcha")
MONTHS = {
    b"Jan": 1, b"Feb": 2, b"Mar": 3, b"Apr": 4, b"May": 5, b"Jun": 6,
    b"Jul": 7, b"Aug": 8, b"Sep": 9, b"Oct": 10, b"Nov": 11, b"Dec": 12,
}  # fmt: skip
VISIT_GAP = 30 * 60
# At most this many pages of one visitor in a day count for 看过此文的人还看了.
TRAIL_PAGES = 30
BOT = object()  # a line of a crawler
EXAMPLES = 5
MAX_PATH = 500


@dataclass
class FileReport:
    name: str
    lines: int = 0
    counted: int = 0
    bots: int = 0
    foreign: int = 0
    bad: int = 0
    examples: list[str] = field(default_factory=list)
    skipped_bytes: int = 0

    def describe(self) -> list[str]:
        out = [
            _(
                "%(name)s：新读 %(lines)d 行，计入 %(counted)d 行，爬虫 %(bots)d 行，"
                "其他主机 %(foreign)d 行，无法识别 %(bad)d 行。"
            )
            % {
                "name": self.name, "lines": self.lines, "counted": self.counted,
                "bots": self.bots, "foreign": self.foreign, "bad": self.bad,
            }
        ]  # fmt: skip
        return out + self.examples


def _head(path: Path) -> bytes:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        return handle.readline(4096)


class _Clock:
    """``[05/Dec/2026:10:00:00 +0800]`` → (local date, epoch seconds), fast."""

    def __init__(self, today: dt.date) -> None:
        self.days: dict[bytes, tuple[dt.date, int]] = {}
        self.latest = today + dt.timedelta(days=1)

    def read(self, text: bytes) -> tuple[dt.date, int] | None:
        key = text[:11] + text[20:]
        known = self.days.get(key)
        if known is None:
            try:
                day = dt.date(int(text[7:11]), MONTHS[text[3:6]], int(text[:2]))
                sign = -1 if text[21:22] == b"-" else 1
                offset = sign * (int(text[22:24]) * 3600 + int(text[24:26]) * 60)
            except (KeyError, ValueError):
                return None
            midnight = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
            known = self.days[key] = (day, int(midnight.timestamp()) - offset)
        day, base = known
        if day > self.latest:
            return None
        try:
            seconds = int(text[12:14]) * 3600 + int(text[15:17]) * 60 + int(text[18:20])
        except ValueError:
            return None
        return day, base + seconds


class Aggregate:
    """What one run counted, before it is added to the stored figures."""

    def __init__(self) -> None:
        self.site = defaultdict(lambda: [0, 0, 0])  # views, 404, bot lines
        self.pages = defaultdict(lambda: [0, 0])  # views, 404
        self.referrers: dict[tuple, int] = defaultdict(int)
        self.queries: dict[tuple, int] = defaultdict(int)
        # (site, day, digest) -> [first, last, visits started here, bot]
        self.visitors: dict[tuple, list] = {}
        # (site, day, digest) -> the pages the visitor viewed (看过此文的人还看了)
        self.trails: dict[tuple, set[str]] = defaultdict(set)


class Ingester:
    def __init__(self, *, today: dt.date | None = None) -> None:
        self.today = today or timezone.localdate()
        self.hosts = {
            host.lower().encode(): pk
            for pk, host in Site.objects.values_list("pk", "hostname")
        }
        self.salts: dict[dt.date, bytes] = {}
        self.clock = _Clock(self.today)
        # Within a run the same visitor and the same addresses come back often.
        self.digests: dict[tuple, str] = {}
        self.paths: dict[bytes, str] = {}

    def _salt(self, day: dt.date) -> bytes:
        salt = self.salts.get(day)
        if salt is None:
            row, _created = DailySalt.objects.get_or_create(
                day=day, defaults={"salt": secrets.token_hex(32)}
            )
            salt = self.salts[day] = row.salt.encode()
        return salt

    # -- one file ----------------------------------------------------------------

    def ingest(self, path: Path) -> FileReport:
        report = FileReport(name=str(path))
        try:
            head_line = _head(path)
        except (OSError, EOFError, gzip.BadGzipFile) as error:
            report.examples.append(
                _("无法读取：%(error)s") % {"error": type(error).__name__}
            )
            report.bad += 1
            return report
        if not head_line:
            return report
        head = hashlib.sha256(head_line).hexdigest()
        source = LogSource.objects.filter(head=head).first()
        offset = source.offset if source else 0
        aggregate = Aggregate()
        consumed = self._read(path, offset, aggregate, report)
        with transaction.atomic():
            source, _created = LogSource.objects.select_for_update().get_or_create(
                head=head, defaults={"name": str(path)[:500]}
            )
            if source.offset != offset:  # another run read it meanwhile
                return self.ingest(path)
            self._flush(aggregate)
            source.offset = offset + consumed
            source.lines += report.lines
            source.name = str(path)[:500]
            source.save()
        return report

    def _read(self, path: Path, offset: int, aggregate, report: FileReport) -> int:
        gz = path.suffix == ".gz"
        consumed = 0
        with gzip.open(path, "rb") if gz else open(path, "rb") as handle:
            if gz:
                left = offset
                while left > 0:
                    chunk = handle.read(min(left, 1 << 20))
                    if not chunk:
                        break
                    left -= len(chunk)
            else:
                handle.seek(offset)
            number = 0
            for line in handle:
                if not line.endswith(b"\n") and not gz:
                    break  # being written: read it whole next time
                number += 1
                consumed += len(line)
                self._line(line, aggregate, report, number)
        report.lines = number
        return consumed

    def _bad(self, report: FileReport, number: int, why: str, line: bytes) -> None:
        report.bad += 1
        if len(report.examples) < EXAMPLES:
            sample = line[:80].decode("utf-8", "replace").rstrip()
            report.examples.append(
                _("第%(n)d行（本次读取的）%(why)s：%(sample)s")
                % {"n": number, "why": why, "sample": sample}
            )

    def _line(self, line: bytes, agg: Aggregate, report: FileReport, number: int):
        match = LINE_RE.match(line)
        if match is None:
            self._bad(report, number, _("格式不符"), line)
            return
        site = self.hosts.get(match["host"].lower())
        if site is None:
            report.foreign += 1
            return
        when = self.clock.read(match["time"])
        if when is None:
            self._bad(report, number, _("日期无效或在未来"), line)
            return
        day, epoch = when
        visitor = self._visitor(match, agg, site, day, epoch)
        if visitor is BOT:
            report.bots += 1
            agg.site[(site, day)][2] += 1
            return
        report.counted += 1
        if visitor not in agg.visitors:  # a visitor is any address and agent
            agg.visitors[visitor] = [epoch, epoch, 0, False]  # (GoAccess's count)
        path, _sep, query = match["target"].partition(b"?")
        if match["status"] == b"404":
            agg.site[(site, day)][1] += 1
            agg.pages[(site, day, self._path(path))][1] += 1
        elif self._is_page(match["method"], match["status"], path):
            self._page_view(match, agg, (site, day), epoch, visitor, path, query)

    def _visitor(self, match, agg: Aggregate, site: int, day, epoch: int):
        """The line's visitor key, or ``BOT`` (by its agent, or having asked for
        robots.txt that day)."""
        agent = match["agent"]
        if BOT_RE.search(agent):
            return BOT
        key = (site, day, self._digest(day, match["addr"], agent))
        known = agg.visitors.get(key)
        if match["target"] == b"/robots.txt":
            known = agg.visitors.setdefault(key, [epoch, epoch, 0, True])
            known[3] = True
        return BOT if known is not None and known[3] else key

    def _page_view(self, match, agg: Aggregate, site_day, epoch, key, path, query):
        site, day = site_day
        agg.site[site_day][0] += 1
        text = self._path(path)
        agg.pages[(site, day, text)][0] += 1
        trail = agg.trails[key]
        if len(trail) < TRAIL_PAGES and not path.endswith(b"/index.html"):
            trail.add(text)
        visitor = agg.visitors[key]
        if epoch - visitor[1] > VISIT_GAP or visitor[2] == 0:
            visitor[2] += 1
        visitor[1] = max(visitor[1], epoch)
        referrer = match["referrer"]
        if referrer and referrer != b"-":
            host = (urlsplit(_text(referrer)).hostname or "")[:253]
            if host and host.encode() not in self.hosts:
                agg.referrers[(site, day, host)] += 1
        if path.rstrip(b"/") == b"/search" and query:
            words = parse_qs(_text(query)).get("q", [""])[0].strip()[:100]
            if words:
                agg.queries[(site, day, words)] += 1

    @staticmethod
    def _is_page(method: bytes, status: bytes, path: bytes) -> bool:
        if method != b"GET" or status not in (b"200", b"304"):
            return False
        if path.startswith(NOT_PAGES):
            return False
        return not path.lower().endswith(ASSET_SUFFIXES)

    def _digest(self, day: dt.date, addr: bytes, agent: bytes) -> str:
        key = (day, addr, agent)
        digest = self.digests.get(key)
        if digest is None:
            if len(self.digests) > 200_000:
                self.digests.clear()
            digest = self.digests[key] = hashlib.blake2b(
                self._salt(day) + addr + b"|" + agent, digest_size=16
            ).hexdigest()
        return digest

    def _path(self, path: bytes) -> str:
        text = self.paths.get(path)
        if text is None:
            if len(self.paths) > 100_000:
                self.paths.clear()
            text = self.paths[path] = _text(path)
        return text

    # -- writing -------------------------------------------------------------------

    def _flush(self, agg: Aggregate) -> None:
        visits_added = self._flush_visitors(agg)
        site_days = set(agg.site) | set(visits_added)
        rows = _existing(SiteDay, site_days)
        for key in site_days:
            row = rows.get(key) or SiteDay(site_id=key[0], day=key[1])
            views, not_found, bots = agg.site.get(key, (0, 0, 0))
            new_visitors, new_visits = visits_added.get(key, (0, 0))
            row.views += views
            row.not_found += not_found
            row.bot_lines += bots
            row.visitors += new_visitors
            row.visits += new_visits
            rows[key] = row
        _save(SiteDay, rows, ("views", "not_found", "bot_lines", "visitors", "visits"))
        _add(PageDay, "path", agg.pages, ("views", "not_found"))
        _add(
            ReferrerDay, "host", {k: [v] for k, v in agg.referrers.items()}, ("views",)
        )
        _add(QueryDay, "query", {k: [v] for k, v in agg.queries.items()}, ("count",))
        _add_covisits(agg.trails)

    def _flush_visitors(self, agg: Aggregate) -> dict[tuple, tuple[int, int]]:
        """Merges this run's visitors with the stored ones; (new visitors, new
        visits) per site and day."""
        added: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
        by_day = defaultdict(dict)
        for (site, day, digest), value in agg.visitors.items():
            by_day[(site, day)][digest] = value
        for (site, day), found in by_day.items():
            stored = {}
            digests = list(found)
            for start in range(0, len(digests), 500):  # SQLite's variable limit
                for row in VisitorDay.objects.filter(
                    site_id=site, day=day, digest__in=digests[start : start + 500]
                ):
                    stored[row.digest] = row
            create, update = [], []
            for digest, (first, last, visits, bot) in found.items():
                row = stored.get(digest)
                if row is None:
                    create.append(
                        VisitorDay(
                            site_id=site, day=day, digest=digest, visits=visits,
                            last_seen=_moment(last), bot=bot,
                        )
                    )  # fmt: skip
                    if not bot:
                        added[(site, day)][0] += 1
                        added[(site, day)][1] += visits
                    continue
                gap = first - row.last_seen.timestamp()
                continued = visits and row.visits and gap <= VISIT_GAP
                extra = visits - (1 if continued else 0)
                row.visits += extra
                row.last_seen = max(row.last_seen, _moment(last))
                if bot and not row.bot:
                    row.bot = True
                update.append(row)
                if not row.bot:
                    added[(site, day)][1] += extra
            VisitorDay.objects.bulk_create(create, batch_size=500)
            VisitorDay.objects.bulk_update(
                update, ["visits", "last_seen", "bot"], batch_size=500
            )
        return {k: (v[0], v[1]) for k, v in added.items()}


def _text(data: bytes) -> str:
    return unquote(data.decode("utf-8", "replace"))[:MAX_PATH]


def _moment(epoch: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch, tz=dt.UTC)


def _existing(model, keys) -> dict[tuple, object]:
    found = {}
    by_site = defaultdict(set)
    for site, day in keys:
        by_site[site].add(day)
    for site, days in by_site.items():
        for row in model.objects.filter(site_id=site, day__in=days):
            found[(row.site_id, row.day)] = row
    return found


def _save(model, rows: dict, fields: tuple[str, ...]) -> None:
    new = [r for r in rows.values() if r.pk is None]
    old = [r for r in rows.values() if r.pk is not None]
    model.objects.bulk_create(new, batch_size=500)
    model.objects.bulk_update(old, list(fields), batch_size=500)


def _add(model, name: str, counts: dict, fields: tuple[str, ...]) -> None:
    """Adds ``counts`` ((site, day, value) → [n, …] in ``fields`` order)."""
    if not counts:
        return
    by_day = defaultdict(list)
    for site, day, value in counts:
        by_day[(site, day)].append(value)
    rows = {}
    for (site, day), values in by_day.items():
        for row in model.objects.filter(
            site_id=site, day=day, **{f"{name}__in": values}
        ):
            rows[(site, day, getattr(row, name))] = row
    for key, numbers in counts.items():
        row = rows.get(key)
        if row is None:
            row = rows[key] = model(site_id=key[0], day=key[1], **{name: key[2]})
        for field_name, number in zip(fields, numbers, strict=True):
            setattr(row, field_name, getattr(row, field_name) + number)
    _save(model, rows, fields)


def _add_covisits(trails: dict[tuple, set[str]]) -> None:
    """Each pair of pages one visitor viewed (in both directions), added to the
    stored counts. Item pages only: a site's home and list pages are everyone's."""
    pairs: dict[tuple[int, str, str], int] = defaultdict(int)
    for (site, _day, _digest), paths in trails.items():
        items = sorted(p for p in paths if p.count("/") >= 3)
        for a, b in itertools.permutations(items, 2):
            pairs[(site, a, b)] += 1
    by_site: dict[int, dict[tuple[str, str], int]] = defaultdict(dict)
    for (site, a, b), n in pairs.items():
        by_site[site][(a, b)] = n
    for site, counts in by_site.items():
        paths = sorted({a for a, _b in counts})
        stored = {}
        for start in range(0, len(paths), 500):
            for row in CoVisit.objects.filter(
                site_id=site, path__in=paths[start : start + 500]
            ):
                stored[(row.path, row.other)] = row
        new, old = [], []
        for (a, b), n in counts.items():
            row = stored.get((a, b))
            if row is None:
                new.append(CoVisit(site_id=site, path=a, other=b, count=n))
            else:
                row.count += n
                old.append(row)
        CoVisit.objects.bulk_create(new, batch_size=500)
        CoVisit.objects.bulk_update(old, ["count"], batch_size=500)


def forget_salts(*, today: dt.date | None = None) -> int:
    """Deletes the salts (and the visitor digests) of days before yesterday: no
    digest can then be tied to an address again."""
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=1)
    VisitorDay.objects.filter(day__lt=cutoff).delete()
    deleted, _rows = DailySalt.objects.filter(day__lt=cutoff).delete()
    return deleted


def ingest_files(
    paths: list[Path], *, today: dt.date | None = None
) -> list[FileReport]:
    ingester = Ingester(today=today)
    reports = []
    # Oldest first: a rotated file before the live one it was cut from.
    for path in sorted(paths, key=lambda p: -_rotation_number(p)):
        if not path.is_file():
            reports.append(
                FileReport(name=str(path), bad=1, examples=[_("文件不存在")])
            )
            continue
        reports.append(ingester.ingest(path))
    return reports


def _rotation_number(path: Path) -> int:
    match = re.search(r"\.(\d+)(?:\.gz)?$", path.name)
    return int(match.group(1)) if match else 0
