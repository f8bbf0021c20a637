"""告警: a site that stops answering is told to its administrators, the office and
whoever is on duty, by mail and by the webhook; again after the repeat interval;
once more when it is over. The duty roster and the 读网 log on their screen."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from jiyue.cluster.models import SiteProfile
from jiyue.cluster.roles import Role
from jiyue.monitor.alerts import check_alerts
from jiyue.monitor.models import Alert, AvailabilityProbe, DutyShift, ReadingLog
from tests.staff import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def webhook():
    """A gateway on loopback that keeps what it is sent."""
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            received.append(json.loads(self.rfile.read(length)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    server.shutdown()


def _probes(profile, now, ok: bool, n: int = 3) -> None:
    AvailabilityProbe.objects.bulk_create(
        AvailabilityProbe(profile=profile, at=now - dt.timedelta(minutes=30 * i),
                          ok=ok, status_code=None if not ok else 200,
                          error="" if ok else "连接超时", elapsed_ms=15000)
        for i in range(n)
    )  # fmt: skip


def test_an_unreachable_site_is_told_repeated_and_cleared(
    demo_cluster, make_staff, settings, webhook
):
    url, received = webhook
    settings.JIYUE_ALERT_WEBHOOK = url
    settings.JIYUE_ALERT_REPEAT_HOURS = 4
    ankang = SiteProfile.objects.get(code="6109000001")
    admin = make_staff("gj-admin", Role.SITE_ADMIN, ankang.site)
    on_duty = make_staff("gj-duty")
    DutyShift.objects.create(
        user=on_duty, weekdays="1234567", start=dt.time(0, 0), end=dt.time(23, 59, 59)
    )
    now = timezone.now()
    _probes(ankang, now, ok=False)
    mail.outbox.clear()
    counts = check_alerts(now)
    assert counts["opened"] >= 1
    alert = Alert.objects.get(profile=ankang, kind=Alert.Kind.UNREACHABLE)
    told = [
        m
        for m in mail.outbox
        if "安康市人民政府" in m.subject and "无法访问" in m.subject
    ]
    assert told and {admin.email, on_duty.email} <= set(told[0].to)
    assert any(
        r["site"] == "6109000001" and r["kind"] == "unreachable" for r in received
    )
    # Within the interval nothing is sent again; after it, once more.
    mail.outbox.clear()
    check_alerts(now + dt.timedelta(hours=1))
    assert not [m for m in mail.outbox if "安康市人民政府" in m.subject]
    check_alerts(now + dt.timedelta(hours=5))
    alert.refresh_from_db()
    assert alert.sends == 2
    # The site answers again: the alert is over, and that is told too.
    later = now + dt.timedelta(hours=6)
    _probes(ankang, later, ok=True, n=1)
    mail.outbox.clear()
    check_alerts(later)
    alert.refresh_from_db()
    assert alert.resolved_at == later
    assert any("告警解除" in m.subject for m in mail.outbox)
    assert received[-1]["over"] is True


def test_an_overnight_shift_covers_the_early_hours_of_the_next_day(
    demo_cluster, make_staff
):
    shift = DutyShift(
        user=make_staff("gj-night"), weekdays="5", start=dt.time(18), end=dt.time(8),
        kinds="tampered",
    )  # fmt: skip
    friday_night = dt.datetime(2026, 12, 4, 23, 0)  # a Friday
    saturday_morning = dt.datetime(2026, 12, 5, 7, 0)
    assert shift.covers(friday_night, "tampered")
    assert shift.covers(saturday_morning, "tampered")
    assert not shift.covers(saturday_morning, "unreachable")
    assert not shift.covers(dt.datetime(2026, 12, 5, 23, 0), "tampered")


def test_the_office_sets_the_roster_and_anyone_logs_a_reading(demo_cluster, make_staff):
    office = make_staff("gj-office", Role.PLATFORM_OFFICE)
    client = login(Client(), office)
    page = client.get("/admin/monitor/alerts/")
    assert page.status_code == 200 and "值班安排" in page.content.decode()
    answer = client.post(
        "/admin/monitor/alerts/",
        {
            "shifts": "1", "shift-TOTAL_FORMS": "1", "shift-INITIAL_FORMS": "0",
            "shift-0-user": office.pk, "shift-0-days": ["1", "2", "3", "4", "5"],
            "shift-0-start": "09:00", "shift-0-end": "18:00",
            "shift-0-alert_kinds": ["tampered"],
        },
    )  # fmt: skip
    assert answer.status_code == 302
    shift = DutyShift.objects.get(user=office)
    assert shift.weekdays == "12345" and shift.kinds == "tampered"
    www = SiteProfile.objects.get(code="5201000001")
    editor = make_staff("gj-editor", Role.EDITOR, www.site)
    client = login(Client(), editor)
    page = client.get("/admin/monitor/alerts/").content.decode()
    assert "值班安排（24 小时值班）" not in page
    client.post("/admin/monitor/alerts/", {"reading": "1", "profile": www.pk,
                                            "found": "首页轮播图链接失效"})  # fmt: skip
    assert ReadingLog.objects.get(user=editor).found == "首页轮播图链接失效"
    ankang = SiteProfile.objects.get(code="6109000001")
    refused = client.post(
        "/admin/monitor/alerts/", {"reading": "1", "profile": ankang.pk}
    )
    assert (
        refused.status_code == 200 and "选择一个有效的选项" in refused.content.decode()
    )
    forbidden = client.post("/admin/monitor/alerts/", {"shifts": "1", "shift-TOTAL_FORMS": "0",
                                                      "shift-INITIAL_FORMS": "0"})  # fmt: skip
    assert forbidden.status_code in (302, 403)


def test_a_failed_publish_is_told_until_a_publish_succeeds(
    demo_cluster, make_staff, settings, tmp_path, monkeypatch
):
    """The disk fills during publishing: the previous version stays online, the site's
    administrators are told 静态发布失败; when space returns and a publish succeeds
    (the task's retry, or 重试 on 失败任务), the alert is over."""
    import errno
    import os

    from wagtail.models import Site

    from jiyue.publishing import services, storage

    settings.JIYUE_PUBLISH_ROOT = tmp_path / "publish"
    www = Site.objects.get(hostname="www.localhost")
    admin = make_staff("pf-admin", Role.SITE_ADMIN, www)
    services.publish_site(www)
    online = storage.current_version("www.localhost")
    real_write = os.write

    def full(fd, data):
        if len(data) > 1000:  # the pages, not the database
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(storage.PublishWriteError):
        services.publish_site(www)
    monkeypatch.undo()
    assert storage.current_version("www.localhost") == online

    mail.outbox.clear()
    check_alerts()
    alert = Alert.objects.get(profile=www.profile, kind=Alert.Kind.PUBLISH_FAILED)
    assert "磁盘是否已满" in alert.detail and "上一次成功发布的版本" in alert.detail
    told = [m for m in mail.outbox if "静态发布失败" in m.subject]
    assert told and admin.email in told[0].to

    services.publish_site(www)  # space is back
    check_alerts()
    alert.refresh_from_db()
    assert alert.resolved_at is not None
    assert any("【告警解除】" in m.subject and "静态发布失败" in m.subject
               for m in mail.outbox)  # fmt: skip
