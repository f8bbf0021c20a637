"""Visits through the real front: nginx as ``jiyue nginx_conf`` writes it serves the
published portal and logs in the ``jiyue`` format; ``jiyue analytics_ingest``
reads that log into the portal's figures."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Site

from jiyue.analytics.models import PageDay, SiteDay
from jiyue.publishing.nginx import nginx_conf

from .conftest import free_port, nginx_binary, running_nginx

pytestmark = [pytest.mark.django_db]


def test_pages_served_by_nginx_are_counted(
    demo_cluster,
    readable_publish_root,
    upstream,
    settings,
    capsys,
):
    nginx_binary()
    log = readable_publish_root.parent / "log" / "access.log"
    settings.JIYUE_ACCESS_LOG = str(log)
    call_command("publish", "--site", "5201000001", verbosity=0)
    port = free_port()
    prefix = readable_publish_root.parent / "nginx"
    config = nginx_conf(
        listen=f"127.0.0.1:{port}", upstream=upstream, full_prefix=str(prefix)
    )
    assert "log_format jiyue" in config and f"access_log {log} jiyue;" in config
    headers = {"Host": "www.localhost", "User-Agent": "Mozilla/5.0 (X11; Linux)"}
    with running_nginx(prefix, config, port):
        base = f"http://127.0.0.1:{port}"
        for path in ("/", "/zcwj/", "/zcwj/", "/banshi/", "/admin"):
            httpx.get(base + path, headers=headers)
        httpx.get(base + "/", headers={**headers, "User-Agent": "Baiduspider"})
    call_command("analytics_ingest", str(log))
    assert "新读 6 行，计入 5 行，爬虫 1 行" in capsys.readouterr().out
    www = Site.objects.get(hostname="www.localhost")
    today = timezone.localdate()
    day = SiteDay.objects.get(site=www, day__gte=today - dt.timedelta(days=1))
    assert (day.views, day.visitors, day.not_found, day.bot_lines) == (4, 1, 1, 1)
    assert PageDay.objects.get(site=www, path="/zcwj/").views == 2
