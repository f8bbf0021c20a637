"""``jiyue stack up`` end to end, smaller than ``make scale-demo``: nginx in front of two
public processes (gunicorn), the admin, two task workers on RQ, one database file and
Redis shared by all.

Through nginx: a published page (a file), a dynamic page (a public process); one public
process killed, the dynamic pages still answered by the other; an article changed in
the database reaches its published file through a worker. SIGTERM stops everything.
Needs nginx (``make test-tools``) and Redis on 127.0.0.1:6379.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from jiyue.worker.tests.test_rq_workers import _env, _jiyue, redis_url  # noqa: F401

SEARCH = "/search/?q=" + urllib.parse.quote("通知")
NEW_TITLE = "扩展部署中改过的标题"
CHANGE = """
from jiyue.content.models import ArticlePage
page = ArticlePage.objects.live().filter(url_path__startswith="{root}").first()
page.title = "{title}"
page.save_revision().publish()
print("PATH", page.url_path[len("{root}") - 1:])
"""


def _free_ports(count: int) -> list[int]:
    sockets, ports = [], []
    for _ in range(count):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sockets.append(sock)
        ports.append(sock.getsockname()[1])
    for sock in sockets:
        sock.close()
    return ports


def _get(port: int, host: str, path: str) -> tuple[int, str]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Host": f"{host}:{port}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _answers(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def readable_var():
    """A var directory nginx's workers (nobody) can read: not under pytest's own
    temporary directory, which only its owner may enter."""
    var = Path(tempfile.mkdtemp(prefix="jiyue-stack-test-"))
    var.chmod(0o755)
    yield var
    shutil.rmtree(var, ignore_errors=True)


@pytest.mark.skipif(
    shutil.which("nginx") is None, reason="需要 nginx（make test-tools）"
)
def test_the_stack_serves_fails_over_and_publishes(readable_var: Path, redis_url):  # noqa: F811
    tmp_path = readable_var
    env = _env(tmp_path, redis_url)
    _jiyue(env, "migrate", "--noinput", "-v0")
    _jiyue(env, "generate", "--sites", "2", "--items", "20", "--seed", "5")
    _jiyue(env, "publish", "--all")
    sites = _jiyue(env, "shell", "-c", "from wagtail.models import Site; "
                   "[print('SITE', s.hostname, s.root_page.url_path) for s in "
                   "Site.objects.order_by('hostname')]").stdout  # fmt: skip
    host, root = re.search(r"^SITE (\S+) (\S+)$", sites, re.M).groups()
    nginx, admin, first = _free_ports(3)
    public = [first, first + 1]
    assert not any(_answers(p) for p in public)
    stack = subprocess.Popen(  # noqa: S603 (our own interpreter)
        [sys.executable, "-m", "jiyue.cli", "stack", "up", "--public", "2",
         "--workers", "2", "--port", str(nginx), "--admin-port", str(admin),
         "--public-ports-from", str(first), "--dir", str(tmp_path / "stack")],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        lines = []
        for line in stack.stdout:
            lines.append(line)
            if "配置和日志" in line:
                break
        table = "".join(lines)
        assert "扩展部署已启动" in table, table + stack.stderr.read()
        assert table.count("前台") == 2 and table.count("任务工作进程") == 2
        assert "后台" in table and "nginx" in table
        pids = {int(m.group(2)): m.group(1) for m in re.finditer(
            r"(前台|后台|任务工作进程|nginx)\s+进程号 (\d+)", table)}  # fmt: skip
        assert len(pids) == 6

        status, body = _get(nginx, host, "/")  # a published file
        assert status == 200 and "<html" in body
        for _ in range(4):  # dynamic: the public processes behind nginx
            assert _get(nginx, host, SEARCH)[0] == 200

        victim = next(p for p, role in pids.items() if role == "前台")
        os.kill(victim, signal.SIGKILL)
        time.sleep(0.5)
        for _ in range(6):  # every one answered by the other public process
            assert _get(nginx, host, SEARCH)[0] == 200

        path = _jiyue(env, "shell", "-c",
                      CHANGE.format(root=root, title=NEW_TITLE)).stdout.split("PATH ")[-1].strip()  # fmt: skip
        deadline = time.monotonic() + 60
        while NEW_TITLE not in _get(nginx, host, path)[1]:
            assert time.monotonic() < deadline, "改过的文章没有经任务工作进程发布"
            time.sleep(0.5)

        assert _get(admin, "127.0.0.1", "/admin/login/")[0] == 200
    finally:
        stack.send_signal(signal.SIGTERM)
        stack.wait(timeout=60)
    assert "正在停止" in stack.stdout.read()
    assert not any(_answers(port) for port in (nginx, admin, *public))
