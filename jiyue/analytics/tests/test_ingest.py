"""Access logs into visit statistics: counts, visits and unique visitors without
keeping an address, each line once across rotation and gzip, bots and bad lines
reported, the dashboard scoped by site."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Site

from jiyue.analytics.ingest import BLOCK_RE, forget_salts, ingest_files
from jiyue.analytics.models import (
    DailySalt,
    DailyVisitors,
    LogSource,
    PageDay,
    PendingTrails,
    QueryDay,
    ReferrerDay,
    SiteDay,
)
from jiyue.analytics.related import count_covisits
from jiyue.analytics.selectors import totals

pytestmark = [pytest.mark.django_db]
DAY = dt.date(2026, 12, 1)
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"


def line(path="/", *, host="www.localhost:8000", addr="203.0.113.9", at="10:00:00",
         status=200, agent=FIREFOX, referrer="-", day="01/Dec/2026", method="GET"):  # fmt: skip
    return (
        f'{host} {addr} - - [{day}:{at} +0800] "{method} {path} HTTP/1.1" {status} 512 '
        f'"{referrer}" "{agent}"\n'
    )


@pytest.fixture
def www(demo_cluster):
    return Site.objects.get(hostname="www.localhost")


def _day(site) -> SiteDay:
    return SiteDay.objects.get(site=site, day=DAY)


def test_views_visits_visitors_and_what_is_not_a_page(www, tmp_path):
    log = tmp_path / "access.log"
    log.write_text(
        line("/") + line("/zcwj/", at="10:05:00") + line("/static/site.css")
        + line("/zcwj/", at="11:00:00")  # 55 minutes later: a second visit
        + line("/", addr="198.51.100.7", agent=PHONE, referrer="https://www.baidu.com/s?wd=x")
        + line("/nope/", status=404)
        + line("/search/?q=%E7%A4%BE%E4%BF%9D", at="11:01:00"),
        encoding="utf-8",
    )  # fmt: skip
    (report,) = ingest_files([log], today=DAY)
    assert (report.lines, report.counted, report.bad, report.bots) == (7, 7, 0, 0)
    row = _day(www)
    assert (row.views, row.visitors, row.visits, row.not_found) == (5, 2, 3, 1)
    pages = {p.path: (p.views, p.not_found) for p in PageDay.objects.filter(site=www)}
    assert pages["/zcwj/"] == (2, 0) and pages["/nope/"] == (0, 1)
    assert "/static/site.css" not in pages
    assert ReferrerDay.objects.get(site=www).host == "www.baidu.com"
    assert QueryDay.objects.get(site=www).query == "社保"
    # No address is stored: only digests, salted per day (16-byte records).
    (stored,) = DailyVisitors.objects.filter(site=www, day=DAY)
    data = bytes(stored.data)
    assert stored.count == 2 and len(data) == 2 * 16
    assert b"203.0.113.9" not in data and b"Firefox" not in data


def test_each_line_counts_once_across_appends_rotation_and_gzip(www, tmp_path):
    log = tmp_path / "access.log"
    log.write_text(line("/a/") + line("/b/", at="10:01:00"), encoding="utf-8")
    ingest_files([log], today=DAY)
    ingest_files([log], today=DAY)  # nothing new
    assert _day(www).views == 2
    with log.open("a", encoding="utf-8") as handle:
        handle.write(line("/c/", at="10:02:00") + line("/d/", at="10:03")[:40])
    ingest_files([log], today=DAY)
    assert _day(www).views == 3  # the half-written line waits
    with log.open("a", encoding="utf-8") as handle:
        handle.write(line("/d/", at="10:03:00")[40:])
    # Rotation: the live file is renamed and compressed, a new one begins.
    rotated = tmp_path / "access.log.1.gz"
    rotated.write_bytes(gzip.compress(log.read_bytes()))
    log.write_text(line("/e/", at="12:00:00"), encoding="utf-8")
    ingest_files([log, rotated], today=DAY)
    assert _day(www).views == 5  # /d/ from the rotated file, /e/ from the new one
    assert LogSource.objects.count() == 2
    ingest_files([log, rotated], today=DAY)
    assert _day(www).views == 5


def test_bots_foreign_hosts_and_bad_lines_are_counted_and_said(www, tmp_path):
    log = tmp_path / "access.log"
    log.write_bytes(
        (
            line("/", agent="Mozilla/5.0 (compatible; Baiduspider/2.0)")
            + line("/robots.txt", addr="192.0.2.1", agent=FIREFOX)
            + line("/", addr="192.0.2.1", agent=FIREFOX)  # asked for robots.txt
            + line("/", host="evil.example.com:80")
            + line("/", day="01/Dec/2099")
            + "www.localhost:8000 1.2.3.4 - - [01/Dec/2026:10:00\n"
        ).encode()
        + b"\x00\xff\xfe binary\n"
        + line("/ok/").encode()
    )
    (report,) = ingest_files([log], today=DAY)
    assert (report.bots, report.foreign, report.bad, report.counted) == (3, 1, 3, 1)
    text = "\n".join(report.describe())
    assert "第5行（本次读取的）日期无效或在未来" in text
    assert "第6行（本次读取的）格式不符" in text
    row = _day(www)
    assert (row.views, row.bot_lines, row.visitors) == (1, 3, 1)


def test_salts_and_digests_of_past_days_are_thrown_away(www, tmp_path):
    log = tmp_path / "access.log"
    log.write_text(line("/"), encoding="utf-8")
    ingest_files([log], today=DAY)
    assert DailySalt.objects.filter(day=DAY).exists()
    forget_salts(today=DAY + dt.timedelta(days=2))
    assert not DailySalt.objects.exists() and not DailyVisitors.objects.exists()
    assert _day(www).visitors == 1  # the count stays


def test_the_command_reports_in_chinese(www, tmp_path, capsys):
    log = tmp_path / "access.log"
    log.write_text(line("/"), encoding="utf-8")
    call_command("analytics_ingest", str(log))
    assert "新读 1 行，计入 1 行" in capsys.readouterr().out
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("analytics_ingest", str(tmp_path / "none.log"))


def test_totals_sum_the_days(www, tmp_path):
    log = tmp_path / "access.log"
    log.write_text(line("/") + line("/", day="02/Dec/2026"), encoding="utf-8")
    ingest_files([log], today=DAY + dt.timedelta(days=1))
    found = totals(www, DAY, DAY + dt.timedelta(days=1))
    assert found["views"] == 2 and found["visitors"] == 2  # daily uniques summed


@pytest.mark.second_factor
def test_the_dashboard_shows_only_the_users_sites(www, client, make_staff, tmp_path):
    from django.utils import timezone

    from jiyue.cluster.roles import Role
    from tests.staff import login

    today = timezone.localdate()
    log = tmp_path / "access.log"
    log.write_text(line("/zcwj/", day=today.strftime("%d/%b/%Y")), encoding="utf-8")
    ingest_files([log])
    editor = make_staff("bianji-tj", Role.EDITOR, www)
    login(client, editor)
    page = client.get("/admin/analytics/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/zcwj/" in html and "<svg" in html and "近30天每日浏览量" in html
    yunyan = Site.objects.get(hostname="yunyan.localhost")
    other = client.get("/admin/analytics/", {"site": yunyan.pk}).content.decode()
    assert "云岩区" not in other.split("<select")[1].split("</select>")[0]


def test_columns_cluster_table_and_the_xlsx_export(www, client, make_staff, tmp_path):
    import io

    from django.utils import timezone
    from openpyxl import load_workbook

    from jiyue.cluster.roles import Role
    from tests.staff import login

    day = timezone.localdate().strftime("%d/%b/%Y")
    log = tmp_path / "access.log"
    log.write_text(
        line("/zcwj/", day=day) + line("/zcwj/guiyang-2018-2/", day=day, at="10:01:00")
        + line("/yaowen/", day=day, at="10:02:00"),
        encoding="utf-8",
    )  # fmt: skip
    ingest_files([log])
    office = make_staff("tj-office", Role.PLATFORM_OFFICE)
    login(client, office)
    html = client.get("/admin/analytics/", {"site": www.pk, "days": 7}).content.decode()
    assert "栏目统计" in html and "近7天每日浏览量" in html
    assert "全平台各网站" in html and "安康市人民政府" in html
    answer = client.get("/admin/analytics/export.xlsx", {"site": www.pk, "days": 7})
    book = load_workbook(io.BytesIO(b"".join(answer.streaming_content)))
    assert book.sheetnames[:2] == ["每日访问量", "栏目统计"]
    columns = {
        row[1]: row[2]
        for row in book["栏目统计"].iter_rows(min_row=3, values_only=True)
    }
    assert columns["/zcwj/"] == 2 and columns["/yaowen/"] == 1
    assert (
        sum(r[1] for r in book["每日访问量"].iter_rows(min_row=3, values_only=True))
        == 3
    )


def test_readers_also_read_from_two_visitors_trails(www, tmp_path, settings):
    from django.test import Client, override_settings
    from django.utils import timezone
    from wagtail.models import Page

    from jiyue.analytics.models import CoVisit

    day = timezone.localdate().strftime("%d/%b/%Y")
    log = tmp_path / "access.log"
    trails = ""
    for n, addr in enumerate(("203.0.113.1", "203.0.113.2")):
        trails += line("/yaowen/news-001/", addr=addr, day=day, at=f"10:0{n}:00")
        trails += line("/yaowen/news-002/", addr=addr, day=day, at=f"10:0{n}:30")
        trails += line("/", addr=addr, day=day, at=f"10:0{n}:40")  # home: no pair
    trails += line("/yaowen/news-003/", addr="203.0.113.1", day=day, at="11:00:00")
    log.write_text(trails, encoding="utf-8")
    ingest_files([log])
    # Ingestion keeps the trails (pages only); the separate step counts the pairs.
    (pending,) = PendingTrails.objects.filter(site=www)
    assert pending.trails == 2 and not CoVisit.objects.exists()
    assert b"203.0.113" not in bytes(pending.data)
    report = count_covisits()
    assert (report.trails, report.pairs) == (2, 3)
    assert not PendingTrails.objects.exists()
    assert count_covisits().pairs == 0  # each trail counts once
    pair = CoVisit.objects.get(
        site=www, path="/yaowen/news-001/", other="/yaowen/news-002/"
    )
    assert pair.count == 2
    assert not CoVisit.objects.filter(path="/").exists()
    # Each pair is stored once, the lesser path first; read from both pages.
    assert not CoVisit.objects.filter(
        path="/yaowen/news-002/", other="/yaowen/news-001/"
    ).exists()
    # One visitor is not enough for a recommendation.
    assert (
        CoVisit.objects.get(path="/yaowen/news-001/", other="/yaowen/news-003/").count
        == 1
    )
    second = Page.objects.get(url_path="/www/yaowen/news-002/")
    third = Page.objects.get(url_path="/www/yaowen/news-003/")
    with override_settings(ROOT_URLCONF="jiyue.urls_public"):
        html = (
            Client(HTTP_HOST="www.localhost").get("/yaowen/news-001/").content.decode()
        )
    section = html.split("看过此文的人还看了")[1]
    assert second.title in section and third.title not in section
    first = Page.objects.get(url_path="/www/yaowen/news-001/")
    with override_settings(ROOT_URLCONF="jiyue.urls_public"):
        html = (
            Client(HTTP_HOST="www.localhost").get("/yaowen/news-002/").content.decode()
        )
    assert first.title in html.split("看过此文的人还看了")[1]
    # The static publisher renders the same, asking once for the whole site.
    from jiyue.publishing.services import publish_site

    settings.JIYUE_PUBLISH_ROOT = tmp_path / "publish"
    publish_site(www)
    page = tmp_path / "publish" / "www.localhost" / "yaowen" / "news-001" / "index.html"
    published = page.read_text(encoding="utf-8").split("看过此文的人还看了")[1]
    assert second.title in published and third.title not in published
    page = page.parent.parent / "news-002" / "index.html"
    published = page.read_text(encoding="utf-8").split("看过此文的人还看了")[1]
    assert first.title in published


def _stored() -> dict:
    from jiyue.analytics.models import CoVisit

    count_covisits()

    def rows(model, *fields):
        return sorted(model.objects.values_list(*fields))

    return {
        "site": rows(SiteDay, "site", "day", "views", "visits", "visitors",
                     "not_found", "bot_lines"),
        "pages": rows(PageDay, "site", "day", "path", "views", "not_found"),
        "referrers": rows(ReferrerDay, "site", "day", "host", "views"),
        "queries": rows(QueryDay, "site", "day", "query", "count"),
        "pairs": rows(CoVisit, "site", "path", "other", "count"),
    }  # fmt: skip


def test_the_block_parser_counts_as_the_exact_line_format(www, tmp_path):
    """Lines read in blocks (one expression over many lines) count exactly as the
    same lines read one by one with the line format, as when a block holds a line
    the block expression does not take (here one with a backslash)."""
    from jiyue.analytics.models import CoVisit

    lines = (
        line("/yaowen/a-1/") + line("/yaowen/a-2/", at="10:01:00")
        + line("/yaowen/a-1/", addr="198.51.100.7", agent=PHONE, at="10:02:00")
        + line("/yaowen/a-2/", addr="198.51.100.7", agent=PHONE, at="10:03:00")
        + line("/yaowen/a-3/index.html", at="10:04:00")
        + line("/zcwj/", at="11:30:00", referrer="https://www.baidu.com/s?wd=x")
        + line("/zcwj/", at="11:31:00", referrer="http://www.localhost/zcwj/")
        + line("/search/?q=%E7%A4%BE%E4%BF%9D&page=2", at="11:32:00")
        + line("/zcwj/", at="23:59:59", day="01/Dec/2026").replace("+0800", "-0500")
        + line("/zcwj/", method="POST") + line("/zcwj/", status=304, at="12:00:00")
        + line("/zcwj/", status=500) + line("/gone/", status=404, method="HEAD")
        + line("/static/site.css") + line("/Logo.PNG") + line("/robots.txt", addr="192.0.2.9")
        + line("/", addr="192.0.2.9") + line("/", agent="curl/8.0")
        + line("/", host="WWW.LOCALHOST:443") + line("/", host="evil.example.com")
        + line("/", day="01/Dec/2099") + line("/", day="41/Dec/2026")
        + line("/", day="02/Dec/2026", at="00:10:00")
    )  # fmt: skip
    # The block expression takes every line: the first run reads one block.
    assert len(BLOCK_RE.findall(lines.encode())) == lines.count("\n")
    log = tmp_path / "access.log"
    log.write_text(lines, encoding="utf-8")
    (fast,) = ingest_files([log], today=DAY)
    by_blocks = _stored()
    assert by_blocks["pairs"] and by_blocks["queries"] and by_blocks["referrers"]
    for model in (SiteDay, PageDay, ReferrerDay, QueryDay, CoVisit, LogSource,
                  DailyVisitors):  # fmt: skip
        model.objects.all().delete()
    log.write_text(lines + line("/a\\b/", at="13:00:00"), encoding="utf-8")
    (exact,) = ingest_files([log], today=DAY)
    assert (exact.lines, exact.counted, exact.bots, exact.foreign, exact.bad) == (
        fast.lines + 1,
        fast.counted + 1,
        fast.bots,
        fast.foreign,
        fast.bad,
    )
    assert fast.examples == exact.examples and fast.bad == 2
    by_lines = _stored()
    by_lines["site"][0] = (*by_lines["site"][0][:2], by_lines["site"][0][2] - 1,
                           *by_lines["site"][0][3:])  # fmt: skip
    by_lines["pages"] = [p for p in by_lines["pages"] if p[2] != "/a\\b/"]
    assert by_lines == by_blocks


def test_a_quote_left_open_is_a_bad_line_and_the_next_one_counts(www, tmp_path):
    """The block expression's ``[^"]*`` may run from a line whose last quote is
    missing into the next line: then the block has fewer matches than lines and is
    read line by line — the open line is reported, the next one counted."""
    lines = line("/a/") + line("/b/", at="10:01:00")[:-2] + "\n" + line("/c/")
    assert len(BLOCK_RE.findall(lines.encode())) < lines.count("\n")
    log = tmp_path / "access.log"
    log.write_text(lines, encoding="utf-8")
    (report,) = ingest_files([log], today=DAY)
    assert (report.lines, report.counted, report.bad) == (3, 2, 1)
    assert "第2行（本次读取的）格式不符" in "\n".join(report.describe())
    pages = {p.path for p in PageDay.objects.filter(site=www)}
    assert pages == {"/a/", "/c/"}


def test_the_clock_reckoned_from_bytes_is_the_clock_parsed():
    """A line's clock (``HH:MM:SS ±hhmm``) in seconds after the day's midnight in
    UTC, the offset taken off; what is not digits where digits belong is read as
    before (int() of each part) or is no clock."""
    from jiyue.analytics.ingest import _Clock

    clock = _Clock(DAY)
    assert clock.second(b"10:00:00 +0800") == 2 * 3600
    assert clock.second(b"23:59:59 -0500") == 28 * 3600 + 59 * 60 + 59
    assert clock.second(b"00:00:07 +0000") == 7
    assert clock.second(b"12:34:56 -1130") == 24 * 3600 + 4 * 60 + 56
    assert clock.second(b"+1:00:00 +0800") == 3600 - 8 * 3600  # int(b"+1")
    assert clock.second(b"1:000:00 +0800") is False
    assert clock.second(b"10:00:00 x0800") == 2 * 3600  # not "-": as "+"
