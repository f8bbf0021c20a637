"""A site opened in one process works at once in every other process.

Wagtail keeps the sites' root paths in Django's cache. With a cache of each
process's own (the old embedded default), a public process that had already
served a page kept the old list: the new site's links read ``href="None"`` and its
columns answered 500 until a restart. Here two real processes share a database
file: a public server that has served a page, and a shell that opens a new site.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

OPEN_SITE = """
from wagtail.models import Page, Site
from jiyue.content.models import ColumnPage, HomePage
root = Page.objects.get(depth=1)
home = root.add_child(instance=HomePage(title="{title}", slug="{slug}"))
home.add_child(instance=ColumnPage(title="通知公告", slug="tzgg", kind="notice"))
Site.objects.create(hostname="{slug}.localhost", port={port}, root_page=home,
                    site_name="{title}")
"""


def _jiyue(env: dict, *args: str) -> str:
    command = [sys.executable, "-m", "jiyue.cli", *args]
    return subprocess.run(  # noqa: S603 (our own interpreter)
        command, env=env, check=True, capture_output=True, text=True, timeout=120
    ).stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port: int, host: str, path: str) -> tuple[int, str]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Host": f"{host}:{port}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _wait_for(port: int, host: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            _get(port, host, "/")
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("前台进程没有启动")


def test_a_new_site_works_in_a_running_public_process(tmp_path: Path):
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "JIYUE_REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(JIYUE_DEMO="1", JIYUE_VAR_DIR=str(tmp_path))
    _jiyue(env, "migrate", "--noinput", "-v0")
    _jiyue(env, "shell", "-c", OPEN_SITE.format(title="甲站", slug="jia", port=port))
    public = subprocess.Popen(  # noqa: S603 (our own interpreter)
        [
            sys.executable,
            "-m",
            "jiyue.cli",
            "runserver",
            f"127.0.0.1:{port}",
            "--noreload",
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": "jiyue.settings.public"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port, "jia.localhost")
        assert _get(port, "jia.localhost", "/tzgg/")[0] == 200  # root paths cached
        _jiyue(env, "shell", "-c", OPEN_SITE.format(title="乙站", slug="yi", port=port))
        status, html = _get(port, "yi.localhost", "/")
        assert status == 200
        assert 'href="None"' not in html
        assert 'href="/tzgg/"' in html
        assert _get(port, "yi.localhost", "/tzgg/")[0] == 200
    finally:
        public.terminate()
        public.wait(timeout=10)
