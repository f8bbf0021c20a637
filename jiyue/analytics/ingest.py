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

Speed (docs/decisions/0902, 0903, docs/performance.md): the file is read in blocks of
whole lines, parsed by one regular expression over the block (``findall``); a
block with a line that expression does not take is read again line by line with
the exact :data:`LINE_RE`, which decides and reports as before. The lines'
fields are looked up in caches (host, day, clock, agent, request, referrer),
counted in dicts, and written once per file: added with ``INSERT … ON CONFLICT``,
the day's visitors as one blob of 8-byte digests per site and day
(:class:`DailyVisitors`), the visitors' trails of item pages kept
(:class:`PendingTrails`) for the separate co-visitation step
(:mod:`jiyue.analytics.related`). The cyclic garbage collector is off meanwhile.
"""

from __future__ import annotations

import datetime as dt
import gc
import gzip
import hashlib
import json
import re
import secrets
import struct
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from .models import (
    DailySalt,
    DailyVisitors,
    LogSource,
    PageDay,
    PendingTrails,
    QueryDay,
    ReferrerDay,
    SiteDay,
)

# The exact format, line by line: what it does not match is an unreadable line.
LINE_RE = re.compile(
    rb"^(?P<host>[^\s:]+)(?::\d+)? (?P<addr>\S+) \S+ \S+ \[(?P<time>[^\]]{26})\] "
    rb'"(?P<method>[A-Z]+) (?P<target>\S+)[^"]*" (?P<status>\d{3}) \S+ '
    rb'"(?P<referrer>(?:[^"\\]|\\.)*)" "(?P<agent>(?:[^"\\]|\\.)*)"\s*$'
)
# The same format over a block of lines, narrower: no quote but the six around the
# request, the referrer and the agent, no backslash (a block with one is read line
# by line), digits in the date. A line it takes, LINE_RE takes with the same
# fields; a block where it misses a line is read again line by line with LINE_RE.
# ``[^"]*+`` (any byte but a quote, one instruction a byte in re's engine: a quarter
# of the expression's time less than ``[^"\\\n]*``) may run past a line's end
# only into a match that takes two lines, and then the block's matches are fewer
# than its lines: it is read line by line. The request's method, target and status
# are one group (a cache key, split by REQUEST_RE when new). Possessive repeats
# where what follows cannot be what they take: the same matches, no backtracking.
BLOCK_RE = re.compile(
    rb'^([^\s:"]++)(?::\d++)? ([^\s"]++) [^\s"]++ [^\s"]++ '
    rb"\[(\d\d/[A-Za-z]{3}/\d{4}):(\d\d:\d\d:\d\d [+-]\d{4})\] "
    rb'"([A-Z]++ [^\s"]++[^"]*+" \d{3}) [^\s"]++ "([^"]*+)" "([^"]*+)"[ \t\r\f\v]*+$',
    re.MULTILINE,
)
REQUEST_RE = re.compile(rb'([A-Z]+) ([^\s"]+)[^"]*" (\d{3})')
BLOCK = 1 << 20
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
EXAMPLES = 5
MAX_PATH = 500
CACHE = 100_000  # entries of each lookup cache before it starts afresh
# One visitor of a day in DailyVisitors.data: 8 bytes of the digest, the last
# page view (epoch seconds), visits, bot (1) — 16 bytes, sorted by digest.
RECORD = struct.Struct("<8sIHBx")
MAX_VISITS = 0xFFFF
# What a request is (the first item of Ingester._request's answer).
VIEW, NOT_FOUND, OTHER = "view", "404", "other"
ROBOTS = ("robots.txt", "", False, "")  # its asker is a crawler, that day


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
    """``05/Dec/2026`` → (local date, epoch seconds of its midnight in UTC);
    ``10:00:00 +0800`` → seconds after that (the offset taken off); both cached. A
    day more than one day ahead is no day (False)."""

    def __init__(self, today: dt.date) -> None:
        self.days: dict[bytes, tuple[dt.date, int] | bool] = {}
        self.seconds: dict[bytes, int | bool] = {}
        self.latest = today + dt.timedelta(days=1)

    def day(self, date: bytes) -> tuple[dt.date, int] | bool:
        try:
            day = dt.date(int(date[7:11]), MONTHS[date[3:6]], int(date[:2]))
        except (KeyError, ValueError):
            known = False
        else:
            midnight = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
            known = day <= self.latest and (day, int(midnight.timestamp()))
        if len(self.days) > CACHE:
            self.days.clear()
        self.days[date] = known
        return known

    def second(self, clock: bytes) -> int | bool:
        """``HH:MM:SS ±hhmm`` (the log's 26 characters from the 13th)."""
        # Digits where digits belong: reckoned from their byte values (half the time
        # of five int() of slices); 48 is "0", 48 × 40,260 and 48 × 40,271 taken off.
        c = clock
        if (
            len(c) == 14 and c[2] == 58 and c[5] == 58 and c[8] == 32  # ":", ":", " "
            and c[9] in (43, 45) and len(c.translate(None, b"0123456789")) == 4
        ):  # fmt: skip
            offset = 36000 * c[10] + 3600 * c[11] + 600 * c[12] + 60 * c[13] - 1932480
            hms = 36000 * c[0] + 3600 * c[1] + 600 * c[3] + 60 * c[4] + 10 * c[6] + c[7]
            known = hms - 1933008 + (offset if c[9] == 45 else -offset)
        else:
            known = self._parse_second(clock)
        if len(self.seconds) > CACHE:
            self.seconds.clear()
        self.seconds[clock] = known
        return known

    @staticmethod
    def _parse_second(clock: bytes) -> int | bool:
        try:
            sign = -1 if clock[9:10] == b"-" else 1
            offset = sign * (int(clock[10:12]) * 3600 + int(clock[12:14]) * 60)
            known = (
                int(clock[:2]) * 3600 + int(clock[3:5]) * 60 + int(clock[6:8]) - offset
            )
        except ValueError:
            known = False
        return known


class Aggregate:
    """What one file's new lines counted, before it is added to the stored figures."""

    def __init__(self) -> None:
        self.views: dict[tuple, int] = {}  # (site, day, path) -> page views
        self.not_found: dict[tuple, int] = {}  # (site, day, path) -> 404s
        self.bot_lines: dict[tuple, int] = defaultdict(int)  # (site, day) -> lines
        self.referrers: dict[tuple, int] = defaultdict(int)
        self.queries: dict[tuple, int] = defaultdict(int)
        # (site, day, address, agent) -> [first, last, visits started here, bot,
        # the pages viewed (看过此文的人还看了) or None]; only digests are stored.
        self.visitors: dict[tuple, list] = {}
        self.trails: dict[int, list] = defaultdict(list)  # site -> trails to keep


class Ingester:
    def __init__(self, *, today: dt.date | None = None) -> None:
        self.today = today or timezone.localdate()
        self.hosts = {
            host.lower().encode(): pk
            for pk, host in Site.objects.values_list("pk", "hostname")
        }
        self.salts: dict[dt.date, bytes] = {}
        self.clock = _Clock(self.today)
        self.sites: dict[bytes, int] = {}  # host as written -> site pk, 0: foreign
        self.agents: dict[bytes, bool] = {}  # agent -> a crawler's
        self.requests: dict[bytes, tuple] = {}  # request and status -> _request
        self.referrers: dict[bytes, str] = {}  # referrer -> outside host or ""

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
        number = 0
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
            rest = b""
            while True:
                data = handle.read(BLOCK)
                if not data:
                    break
                if rest:
                    data = rest + data
                cut = data.rfind(b"\n") + 1
                block, rest = data[:cut], data[cut:]
                if block:
                    number = self._block(block, aggregate, report, number)
                    consumed += cut
            # A last line without its newline: being written (read it whole next
            # time), unless the file is a finished, compressed one.
            if rest and gz:
                number += 1
                consumed += len(rest)
                self._line(rest, aggregate, report, number)
        report.lines = number
        return consumed

    def _block(self, block: bytes, agg: Aggregate, report: FileReport, number: int):
        """Counts a block of whole lines; returns the number of its last line."""
        lines = block.count(b"\n")
        if b"\\" not in block:
            rows = BLOCK_RE.findall(block)
            if len(rows) == lines:  # every line taken, one row each, in order
                self._rows(rows, agg, report, number + 1, block)
                return number + lines
        for line in block.split(b"\n")[:-1]:
            number += 1
            self._line(line + b"\n", agg, report, number)
        return number

    def _bad(self, report: FileReport, number: int, why: str, line: bytes) -> None:
        report.bad += 1
        if len(report.examples) < EXAMPLES:
            sample = line[:80].decode("utf-8", "replace").rstrip()
            report.examples.append(
                _("第%(n)d行（本次读取的）%(why)s：%(sample)s")
                % {"n": number, "why": why, "sample": sample}
            )

    def _line(self, line: bytes, agg: Aggregate, report: FileReport, number: int):
        """One line by the exact format (a block the fast expression missed)."""
        match = LINE_RE.match(line)
        if match is None:
            self._bad(report, number, _("格式不符"), line)
            return
        when = match["time"]
        # A key no block's request can be (it has newlines), known before the row.
        method, target, status = match["method"], match["target"], match["status"]
        request = b"\n".join((method, target, status))
        if request not in self.requests:
            self._about(request, method, target, status)
        row = (
            match["host"], match["addr"], when[:11], when[12:], request,
            match["referrer"], match["agent"],
        )  # fmt: skip
        self._rows((row,), agg, report, number, line)

    def _rows(self, rows, agg: Aggregate, report: FileReport, first: int, block):  # noqa: C901
        """Counts parsed lines; ``first`` is the number of the first, ``block``
        their text (for the examples of bad lines). The hot loop, one function
        with locals only: a call per line or per step would cost time per line."""
        sites, days, seconds = self.sites, self.clock.days, self.clock.seconds
        agents, requests, referrer_hosts = self.agents, self.requests, self.referrers
        visitors, views, not_found = agg.visitors, agg.views, agg.not_found
        bot_lines, referrers, queries = agg.bot_lines, agg.referrers, agg.queries
        counted = bots = foreign = 0
        number = first - 1
        view, not_a_page, robots = VIEW, NOT_FOUND, ROBOTS
        gap, most = VISIT_GAP, TRAIL_PAGES
        for host, addr, date, clock, request, referrer, agent in rows:
            number += 1
            site = sites.get(host)
            if site is None:
                site = self._site(host)
            if not site:
                foreign += 1
                continue
            day = days.get(date)
            if day is None:
                day = self.clock.day(date)
            second = seconds.get(clock)
            if second is None:
                second = self.clock.second(clock)
            if day is False or second is False:
                line = block.split(b"\n", number - first + 1)[number - first]
                self._bad(report, number, _("日期无效或在未来"), line)
                continue
            day, epoch = day[0], day[1] + second
            key = (site, day, addr, agent)
            visitor = visitors.get(key)
            if visitor is None:  # else its agent is known not to be a crawler's
                bot = agents.get(agent)
                if bot is None:
                    bot = self._agent(agent)
                if bot:
                    bots += 1
                    bot_lines[(site, day)] += 1
                    continue
            about = requests.get(request)
            if about is None:
                about = self._request(request)
            if about is robots:  # a crawler by behaviour, that day
                if visitor is None:
                    visitor = visitors[key] = [epoch, epoch, 0, True, None]
                visitor[3] = True
            if visitor is None:  # a visitor is any address and agent
                visitor = visitors[key] = [epoch, epoch, 0, False, None]
            elif visitor[3]:
                bots += 1
                bot_lines[(site, day)] += 1
                continue
            counted += 1
            kind = about[0]
            if kind is view:
                path = about[1]
                page = (site, day, path)
                views[page] = views.get(page, 0) + 1
                if about[2]:
                    trail = visitor[4]
                    if trail is None:
                        visitor[4] = {path}
                    elif len(trail) < most:
                        trail.add(path)
                last = visitor[1]
                if epoch - last > gap or not visitor[2]:
                    visitor[2] += 1
                if epoch > last:
                    visitor[1] = epoch
                if referrer and referrer != b"-":
                    outside = referrer_hosts.get(referrer)
                    if outside is None:
                        outside = self._referrer(referrer)
                    if outside:
                        referrers[(site, day, outside)] += 1
                if about[3]:
                    queries[(site, day, about[3])] += 1
            elif kind is not_a_page:
                page = (site, day, about[1])
                not_found[page] = not_found.get(page, 0) + 1
        report.counted += counted
        report.bots += bots
        report.foreign += foreign

    # -- the caches' misses ----------------------------------------------------------

    def _site(self, host: bytes) -> int:
        if len(self.sites) > CACHE:
            self.sites.clear()
        site = self.sites[host] = self.hosts.get(host.lower(), 0)
        return site

    def _agent(self, agent: bytes) -> bool:
        if len(self.agents) > CACHE:
            self.agents.clear()
        bot = self.agents[agent] = BOT_RE.search(agent) is not None
        return bot

    def _request(self, request: bytes) -> tuple:
        """``GET /a/?b HTTP/1.1" 200`` (BLOCK_RE's group) → see ``_about``."""
        method, target, status = REQUEST_RE.match(request).groups()
        return self._about(request, method, target, status)

    def _about(self, key: bytes, method: bytes, target: bytes, status: bytes):
        """(kind: VIEW, NOT_FOUND or OTHER, the path as text, an item page (in a
        trail)?, search words or ""), or ROBOTS for /robots.txt; cached under
        ``key``."""
        if len(self.requests) > CACHE:
            self.requests.clear()
        path, _sep, query = target.partition(b"?")
        kind = OTHER
        if status == b"404":
            kind = NOT_FOUND
        elif (
            method == b"GET"
            and status in (b"200", b"304")
            and not path.startswith(NOT_PAGES)
            and not path.lower().endswith(ASSET_SUFFIXES)
        ):
            kind = VIEW
        words = ""
        if kind is VIEW and path.rstrip(b"/") == b"/search" and query:
            words = parse_qs(_text(query)).get("q", [""])[0].strip()[:100]
        text = _text(path)
        # Item pages only enter a trail (看过此文的人还看了): a site's home and
        # list pages are everyone's.
        item = text.count("/") >= 3 and not path.endswith(b"/index.html")
        about = (kind, text, item, words)
        if target == b"/robots.txt":
            about = ROBOTS
        self.requests[key] = about
        return about

    def _referrer(self, referrer: bytes) -> str:
        """The referring host if it is outside the cluster, else ""."""
        if len(self.referrers) > CACHE:
            self.referrers.clear()
        try:
            host = (urlsplit(_text(referrer)).hostname or "")[:253]
        except ValueError:  # e.g. a broken IPv6 address
            host = ""
        if host.encode() in self.hosts:
            host = ""
        self.referrers[referrer] = host
        return host

    # -- writing -------------------------------------------------------------------

    def _flush(self, agg: Aggregate) -> None:
        added = self._flush_visitors(agg)
        site_days: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
        for (site, day, _path), n in agg.views.items():
            site_days[(site, day)][0] += n
        for (site, day, _path), n in agg.not_found.items():
            site_days[(site, day)][1] += n
        for key, n in agg.bot_lines.items():
            site_days[key][2] += n
        for key, (visitors, visits) in added.items():
            site_days[key][3] += visitors
            site_days[key][4] += visits
        _upsert(
            SiteDay, ("site", "day"),
            ("views", "not_found", "bot_lines", "visitors", "visits"),
            [(*key, *numbers) for key, numbers in site_days.items()],
        )  # fmt: skip
        pages = {key: [n, 0] for key, n in agg.views.items()}
        for key, n in agg.not_found.items():
            pages.setdefault(key, [0, 0])[1] = n
        _upsert(
            PageDay, ("site", "day", "path"), ("views", "not_found"),
            [(*key, *numbers) for key, numbers in pages.items()],
        )  # fmt: skip
        _upsert(
            ReferrerDay, ("site", "day", "host"), ("views",),
            [(*key, n) for key, n in agg.referrers.items()],
        )  # fmt: skip
        _upsert(
            QueryDay, ("site", "day", "query"), ("count",),
            [(*key, n) for key, n in agg.queries.items()],
        )  # fmt: skip
        _keep_trails(agg.trails)  # gathered by _flush_visitors

    def _flush_visitors(self, agg: Aggregate) -> dict[tuple, tuple[int, int]]:
        """Merges this file's visitors with the day's stored digests; (new
        visitors, new visits) per site and day."""
        by_day: dict[tuple, dict[bytes, list]] = defaultdict(dict)
        blake2b = hashlib.blake2b
        salts = {day: self._salt(day) for day in {key[1] for key in agg.visitors}}
        trails = agg.trails
        for (site, day, addr, agent), visitor in agg.visitors.items():
            digest = blake2b(salts[day] + addr + b"|" + agent, digest_size=16)
            by_day[(site, day)][digest.digest()[:8]] = visitor
            trail = visitor[4]  # for _keep_trails, in the same pass
            if trail is not None and len(trail) > 1:
                trails[site].append(list(trail))
        if not by_day:
            return {}
        stored = {}
        sites = defaultdict(set)
        for site, day in by_day:
            sites[site].add(day)
        for site, days in sites.items():
            for row in DailyVisitors.objects.select_for_update().filter(
                site_id=site, day__in=days
            ):
                stored[(row.site_id, row.day)] = row
        added = {}
        create, update = [], []
        pack = RECORD.pack
        for (site, day), found in by_day.items():
            row = stored.get((site, day))
            if row is None:  # the day's first visitors: packed as they are
                records = [
                    pack(d, v[1], min(v[2], MAX_VISITS), v[3]) for d, v in found.items()
                ]
                records.sort()  # by digest, the records' first 8 bytes
                people = [v[2] for v in found.values() if not v[3]]
                added[(site, day)] = (len(people), sum(people))
                create.append(
                    DailyVisitors(
                        site_id=site,
                        day=day,
                        count=len(records),
                        data=b"".join(records),
                    )
                )
                continue
            known = {r[0]: list(r[1:]) for r in RECORD.iter_unpack(row.data)}
            added[(site, day)] = _merge_visitors(known, found)
            row.count = len(known)
            row.data = b"".join(
                pack(d, last, min(visits, MAX_VISITS), bot)
                for d, (last, visits, bot) in sorted(known.items())
            )
            update.append(row)
        DailyVisitors.objects.bulk_create(create, batch_size=100)
        DailyVisitors.objects.bulk_update(update, ["count", "data"], batch_size=100)
        return added


def _merge_visitors(known: dict[bytes, list], found: dict[bytes, list]):
    """Adds this run's visitors (digest -> [first, last, visits, bot, trail]) to
    the day's (digest -> [last, visits, bot]); (new visitors, new visits). A
    visitor's first visit of this run continues its last stored one if it came
    within VISIT_GAP; a crawler (robots.txt) adds no visits."""
    new_visitors = new_visits = 0
    for digest, (first, last, visits, bot, _trail) in found.items():
        old = known.get(digest)
        if old is None:
            known[digest] = [last, visits, bot]
            if not bot:
                new_visitors += 1
                new_visits += visits
            continue
        continued = visits and old[1] and first - old[0] <= VISIT_GAP
        extra = visits - (1 if continued else 0)
        old[1] += extra
        old[0] = max(old[0], last)
        old[2] = old[2] or bot
        if not old[2]:
            new_visits += extra
    return new_visitors, new_visits


def _text(data: bytes) -> str:
    return unquote(data.decode("utf-8", "replace"))[:MAX_PATH]


def _upsert(model, keys: tuple[str, ...], numbers: tuple[str, ...], rows) -> None:
    """Adds ``rows`` (key values, then numbers) to ``model``'s stored counts (the
    SQL holds only the model's quoted table and column names): one
    ``INSERT … ON CONFLICT (keys) DO UPDATE`` per batch (SQLite, PostgreSQL), in
    the order of the unique index (half the time of a random order in SQLite)."""
    if not rows:
        return
    rows.sort()
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    key_columns = [quote(model._meta.get_field(k).column) for k in keys]
    columns = [quote(model._meta.get_field(n).column) for n in numbers]
    sql = (
        f"INSERT INTO {table} ({', '.join(key_columns + columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * (len(keys) + len(numbers)))}) "
        f"ON CONFLICT ({', '.join(key_columns)}) DO UPDATE SET "
        + ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in columns)
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 10_000):
            cursor.executemany(sql, rows[start : start + 10_000])


def _keep_trails(trails: dict[int, list]) -> None:
    """The trails of two item pages or more (site -> trails), for the
    co-visitation step (:mod:`jiyue.analytics.related`): pages only, one JSON list
    per site (sorted by that step). Stored with the file's counts, so each line's
    page is in one trail once."""
    PendingTrails.objects.bulk_create(
        PendingTrails(
            site_id=site,
            trails=len(found),
            data=json.dumps(found, ensure_ascii=False, separators=(",", ":")).encode(),
        )
        for site, found in sorted(trails.items())
    )


def forget_salts(*, today: dt.date | None = None) -> int:
    """Deletes the salts (and the visitor digests) of days before yesterday: no
    digest can then be tied to an address again."""
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=1)
    DailyVisitors.objects.filter(day__lt=cutoff).delete()
    deleted, _rows = DailySalt.objects.filter(day__lt=cutoff).delete()
    return deleted


def ingest_files(
    paths: list[Path], *, today: dt.date | None = None
) -> list[FileReport]:
    ingester = Ingester(today=today)
    reports = []
    # The cyclic garbage collector off while counting: the hundreds of thousands
    # of tuples and lists made (and kept) per file hold no cycles, and the
    # collections they would set off walk all of them again and again (a tenth of
    # the time, docs/decisions/0903). Reference counting frees as before.
    collecting = gc.isenabled()
    gc.disable()
    try:
        # Oldest first: a rotated file before the live one it was cut from.
        for path in sorted(paths, key=lambda p: -_rotation_number(p)):
            if not path.is_file():
                reports.append(
                    FileReport(name=str(path), bad=1, examples=[_("文件不存在")])
                )
                continue
            reports.append(ingester.ingest(path))
    finally:
        if collecting:
            gc.enable()
    return reports


def _rotation_number(path: Path) -> int:
    match = re.search(r"\.(\d+)(?:\.gz)?$", path.name)
    return int(match.group(1)) if match else 0
