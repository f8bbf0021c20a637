"""网页篡改 end to end: the demo portal is published, served by nginx with the
generated configuration, tampered with on disk, and crawled by the monitor. The
crawl reports exactly what changed, what disappeared and what was added, each with
its text diff, and links each finding to the page's editor in the admin."""

from __future__ import annotations

import io
import json
import shutil
import socket
import subprocess
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page, Site

from jiyue.monitor import services
from jiyue.monitor.models import Crawl
from jiyue.monitor.selectors import edit_links
from jiyue.publishing import services as publishing
from jiyue.publishing.nginx import nginx_conf
from jiyue.publishing.tests.conftest import wait_for_port

pytestmark = pytest.mark.django_db
NETLOC = "www.localhost:8000"
ROOT = f"http://{NETLOC}/"


class NotFoundApp(BaseHTTPRequestHandler):
    """The public application behind nginx, for paths with no published file."""

    def do_GET(self):
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):
        self.do_GET()

    def log_message(self, *args):
        pass


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def publish_root(settings):
    """nginx's workers run as ``nobody``: the tree must be readable by all."""
    root = Path(tempfile.mkdtemp(prefix="jiyue-monitor-tamper-"))
    root.chmod(0o755)
    settings.JIYUE_PUBLISH_ROOT = root / "publish"
    yield root / "publish"
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def upstream():
    server = ThreadingHTTPServer(("127.0.0.1", 0), NotFoundApp)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def nginx(tmp_path, upstream, publish_root, settings):
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        pytest.skip("nginx 未安装：make test-tools 会安装它")
    port = _free_port()
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    config = nginx_conf(
        listen=f"127.0.0.1:{port}", upstream=upstream, full_prefix=str(prefix)
    )
    (prefix / "nginx.conf").write_text(config)
    process = subprocess.Popen(  # noqa: S603 (Debian's nginx, our config)
        [binary, "-c", str(prefix / "nginx.conf"), "-p", str(prefix)],
        stderr=subprocess.DEVNULL,
    )
    settings.JIYUE_MONITOR_HOST_MAP = {NETLOC: f"127.0.0.1:{port}"}
    settings.JIYUE_MONITOR_LOOPBACK_ONLY = True
    settings.JIYUE_MONITOR_CHECK_EXTERNAL = False
    settings.JIYUE_MONITOR_AXE = False
    settings.VAR_DIR = tmp_path
    try:
        wait_for_port(port)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def www(demo_cluster) -> Site:
    return Site.objects.select_related("root_page", "profile").get(
        hostname="www.localhost"
    )


def _crawl(www: Site) -> Crawl:
    crawl = Crawl.objects.create(profile=www.profile, start_url=ROOT)
    return services.crawl_run(crawl_id=crawl.pk)


def _tampered(crawl: Crawl) -> dict[str, object]:
    return {f.url: f for f in crawl.findings.filter(type="tampered")}


def test_an_untouched_published_site_has_no_tampered_finding(nginx, publish_root, www):
    publishing.publish_site(www)
    crawl = _crawl(www)
    assert crawl.status == Crawl.Status.DONE, crawl.error
    assert crawl.pages > 20
    assert _tampered(crawl) == {}


def test_a_tampered_file_is_reported_exactly_with_its_diff(nginx, publish_root, www):
    publishing.publish_site(www)
    tree = publish_root / "www.localhost"
    page = tree / "yaowen/index.html"
    text = page.read_text()
    assert "/yaowen/news-002/" in text and "/yaowen/news-001/" in text
    page.write_text(text.replace("</body>", '<a href="/evil.html">博彩</a></body>', 1))
    (tree / "evil.html").write_text("<html><body><p>黑客到此</p></body></html>")
    (tree / "yaowen/news-002/index.html").unlink()

    crawl = _crawl(www)

    found = _tampered(crawl)
    assert set(found) == {
        f"{ROOT}yaowen/",
        f"{ROOT}yaowen/news-002/",
        f"{ROOT}evil.html",
    }
    changed = found[f"{ROOT}yaowen/"]
    assert changed.severity == "veto"
    assert changed.evidence.startswith("--- published/yaowen/index.html")
    assert '-</body>\n+<a href="/evil.html">博彩</a></body>' in changed.evidence
    assert "与发布版本不一致" in changed.message
    assert "缺失" in found[f"{ROOT}yaowen/news-002/"].message
    assert "+<html><body><p>黑客到此</p>" in found[f"{ROOT}evil.html"].evidence
    assert crawl.summary["veto"]["tampered"] == 3
    assert crawl.summary["by_type"]["tampered"] == 3

    yaowen = Page.objects.get(url_path=www.root_page.url_path + "yaowen/")
    links = edit_links(www.profile, list(found.values()))
    assert links[changed.pk] == reverse("wagtailadmin_pages:edit", args=[yaowen.pk])


def test_the_monitor_command_reports_tampering_too(nginx, publish_root, www, tmp_path):
    publishing.publish_site(www)
    page = publish_root / "www.localhost/tzgg/index.html"
    page.write_text(page.read_text().replace("</h1>", "（已被篡改）</h1>", 1))
    out = tmp_path / "out.json"
    call_command(
        "monitor", ROOT, "--no-content", "--no-external", "--json", str(out),
        state_dir=tmp_path / "state", stdout=io.StringIO(),
    )  # fmt: skip
    found = json.loads(out.read_text())
    tampered = [f for f in found["findings"] if f["type"] == "tampered"]
    assert [(f["url"], f["severity"]) for f in tampered] == [(f"{ROOT}tzgg/", "veto")]
    assert (
        "+" in tampered[0]["evidence"]
        and "（已被篡改）</h1>" in tampered[0]["evidence"]
    )
    assert found["summary"]["veto"]["tampered"] == 1
