"""SSRF: a crawl of a site that is not on the platform never reaches this machine,
the internal network or a metadata service, neither by address nor by a name that
resolves there, at the start or when it connects (docs/decisions/0512)."""

from __future__ import annotations

import asyncio
import io
import socket

import httpx
import pytest
from django.core.management import CommandError, call_command

from jiyue.monitor.crawler import CrawlConfig
from jiyue.monitor.crawler.addresses import is_public
from jiyue.monitor.crawler.fetch import NOT_PUBLIC, Fetcher
from jiyue.monitor.models import Crawl
from jiyue.monitor.tests import platform_site
from jiyue.monitor.tests.test_foreign import LIST, _group, _user

PUBLIC_ADDRESS = "93.184.216.34"
NAMES = {  # names this test controls: host -> the addresses they resolve to
    "intranet.example.org": ["192.168.10.5"],
    "metadata.example.org": ["169.254.169.254"],
    "half-inside.example.org": [PUBLIC_ADDRESS, "10.1.2.3"],
    "public.example.org": [PUBLIC_ADDRESS],
}
REFUSED_URLS = [
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/",
    "http://172.16.5.4/",
    "http://192.168.1.1/",
    "http://[::1]/",
    "http://[fd00::1]/",
    "http://[fe80::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://0.0.0.0/",
    "http://224.0.0.1/",
    "http://localhost/",  # resolves to 127.0.0.1
    "http://www.evil.localhost/",
    "http://intranet.example.org/",
    "http://metadata.example.org/",
    "http://half-inside.example.org/",  # every address counts
]


@pytest.fixture
def office(db):
    from jiyue.cluster.permissions import PLATFORM_OFFICE_GROUP

    return _user("ssrf_office", _group(PLATFORM_OFFICE_GROUP))


@pytest.fixture
def names(monkeypatch):
    """The system resolver, answering ``NAMES`` itself (and counting questions)."""
    real = socket.getaddrinfo
    asked: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        asked.append(host)
        if host not in NAMES:
            return real(host, port, *args, **kwargs)
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port or 80))
            for address in NAMES[host]
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


@pytest.fixture
def rule_on(settings, names):
    settings.JIYUE_MONITOR_ALLOW_PRIVATE_TARGETS = False
    settings.JIYUE_MONITOR_HOST_MAP = {}
    settings.JIYUE_MONITOR_LOOPBACK_ONLY = False
    return names


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True), ("2400:3200::1", True), (PUBLIC_ADDRESS, True),
        ("127.0.0.1", False), ("10.0.0.1", False), ("172.31.255.255", False),
        ("192.168.0.1", False), ("169.254.169.254", False), ("100.64.0.1", False),
        ("0.0.0.0", False), ("224.0.0.251", False), ("240.0.0.1", False),  # noqa: S104 - an address refused, not bound
        ("255.255.255.255", False), ("::1", False), ("::", False), ("fc00::1", False),
        ("fe80::1%eth0", False), ("ff02::1", False), ("::ffff:10.0.0.1", False),
        ("2002:a00:1::", False), ("64:ff9b::a9fe:a9fe", False), ("not-an-ip", False),
    ],
)  # fmt: skip
def test_which_addresses_are_public(address, public):
    assert is_public(address) is public


@pytest.mark.django_db
@pytest.mark.parametrize("url", REFUSED_URLS)
def test_the_admin_form_refuses_private_targets(client, office, rule_on, url):
    from wagtail.models import Site

    # (Wagtail's first site is called localhost: the form would call the URL a
    # site of the platform instead.)
    Site.objects.filter(hostname="localhost").update(hostname="default.example.org")
    client.force_login(office)
    response = client.post(LIST, {"url": url})
    assert response.status_code == 200
    assert "指向本机、内网或保留地址" in response.content.decode()
    assert not Crawl.objects.exists()


@pytest.mark.django_db
def test_the_admin_form_accepts_a_public_site(client, office, rule_on):
    client.force_login(office)
    response = client.post(LIST, {"url": "http://public.example.org/"})
    assert response.status_code == 302
    assert Crawl.objects.get().start_url == "http://public.example.org/"
    assert "public.example.org" in rule_on  # resolved to check it


@pytest.mark.django_db
def test_the_rule_is_off_only_by_the_setting(client, office, settings, names):
    settings.JIYUE_MONITOR_ALLOW_PRIVATE_TARGETS = True
    client.force_login(office)
    assert client.post(LIST, {"url": "http://10.0.0.1/"}).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["http://169.254.169.254/", "http://10.0.0.1/", "http://[::1]/",
            "http://localhost:8080/", "http://metadata.example.org/"],
)  # fmt: skip
def test_the_monitor_command_refuses_private_targets(rule_on, tmp_path, url):
    """(Wagtail's first site, named localhost, does not open loopback.)"""
    with pytest.raises(CommandError, match="指向本机、内网或保留地址"):
        call_command("monitor", url, state_dir=tmp_path, stdout=io.StringIO())
    assert not list(tmp_path.iterdir())  # nothing crawled


@pytest.mark.django_db
def test_the_platforms_own_sites_stay_crawlable(platform_server, portal, settings):
    """``www.localhost`` is on the platform: crawled on loopback with the rule on."""
    settings.JIYUE_MONITOR_ALLOW_PRIVATE_TARGETS = False
    settings.JIYUE_MONITOR_LOOPBACK_ONLY = False
    settings.JIYUE_MONITOR_HOST_MAP = {platform_site.NETLOC: platform_server.address}
    out = io.StringIO()
    call_command(
        "monitor", platform_site.ROOT, "--no-content", "--no-external",
        state_dir=settings.VAR_DIR / "state", stdout=out,
    )  # fmt: skip
    assert "监测完成" in out.getvalue()
    assert "指向本机" not in out.getvalue()


def _fetch(url: str, **config) -> str | None:
    async def run() -> str | None:
        fetcher = Fetcher(CrawlConfig(start_url=url, retries=0, **config), frozenset())
        try:
            return (await fetcher.fetch(url)).error
        finally:
            await fetcher.aclose()

    return asyncio.run(run())


def test_the_crawler_refuses_at_connect_time(server, names):
    """What the checks before the crawl saw does not matter: every connection is
    checked (an address in a link, a name that now resolves inside: DNS rebinding)."""
    port = server.port
    NAMES["rebound.example.org"] = ["127.0.0.1"]
    try:
        assert _fetch(f"http://{server.address}/") is None  # the rule off
        for host in ("127.0.0.1", "localhost", "rebound.example.org", "[::1]"):
            url = f"http://{host}:{port}/"
            assert _fetch(url, public_only=True) == NOT_PUBLIC, host
        assert "rebound.example.org" in names  # refused where it resolved
        exempt = frozenset({"rebound.example.org"})
        url = f"http://rebound.example.org:{port}/"
        assert _fetch(url, public_only=True, private_hosts=exempt) is None
    finally:
        del NAMES["rebound.example.org"]


@pytest.mark.django_db
def test_a_queued_crawl_is_checked_again_when_it_runs(rule_on, tmp_path, settings):
    """Queued while the name was public, run after it moved inside: refused."""
    from jiyue.monitor.services import crawl_run, crawl_start

    settings.VAR_DIR = tmp_path
    crawl = crawl_start(start_url="http://public.example.org/")
    NAMES["public.example.org"] = ["10.9.8.7"]
    try:
        crawl = crawl_run(crawl_id=crawl.pk)
    finally:
        NAMES["public.example.org"] = [PUBLIC_ADDRESS]
    assert crawl.status == Crawl.Status.FAILED
    assert "指向本机、内网或保留地址（10.9.8.7）" in crawl.error


@pytest.fixture
def rebinding(monkeypatch, names):
    """A name that answers a public address to the first two questions (the
    test's, the probe's check) and this machine afterwards."""
    answers = iter([PUBLIC_ADDRESS, PUBLIC_ADDRESS])
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host != "rebinding.example.org":
            return real(host, port, *args, **kwargs)
        address = next(answers, "127.0.0.1")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port or 80))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def test_the_probe_and_the_accessibility_client_refuse_at_connect_time(
    db, server, rule_on, rebinding
):
    """The availability probe and axe's requests check the name before the
    request (it answers a public address) and again at the connection, where it
    answers this machine: refused, the server never asked (ADR 0512)."""
    from jiyue.monitor.network import checked_client, refusal, refused_at_connection
    from jiyue.monitor.services import _probe

    url = f"http://rebinding.example.org:{server.port}/"
    assert refusal(url) is None  # the check before the request saw a public address
    status, error = _probe(url)
    assert status is None
    assert error == "拒绝连接：本机、内网或保留地址"
    with checked_client() as client, pytest.raises(httpx.ConnectError) as raised:
        client.get(f"http://localhost:{server.port}/")
    assert refused_at_connection(raised.value)


def test_the_checked_client_still_reaches_public_and_platform_names(
    server, settings, names
):
    """With the rule off (tests, or an operator's choice) nothing is checked; the
    platform's own host names are exempt with it on."""
    from jiyue.monitor.network import CheckedBackend, checked_client

    settings.JIYUE_MONITOR_ALLOW_PRIVATE_TARGETS = True
    with checked_client() as client:
        assert client.get(f"http://127.0.0.1:{server.port}/").status_code < 500
    backend = CheckedBackend(frozenset({"localhost"}))
    stream = backend.connect_tcp("localhost", server.port, timeout=5)
    stream.close()
