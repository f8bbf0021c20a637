"""Fixtures of the publishing tests: a publish root per test; Debian's nginx on
loopback with the generated configuration, in front of a stand-in for the public
application."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from wagtail.models import Site

from jiyue.publishing.nginx import nginx_conf


@pytest.fixture
def publish_root(tmp_path, settings) -> Path:
    root = tmp_path / "publish"
    settings.JIYUE_PUBLISH_ROOT = root
    return root


@pytest.fixture
def www(demo_cluster) -> Site:
    return Site.objects.select_related("root_page").get(hostname="www.localhost")


def read_tree(tree: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(tree)): path.read_bytes()
        for path in sorted(tree.rglob("*"))
        if path.is_file()
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("nginx did not start")


@pytest.fixture
def readable_publish_root(settings):
    """nginx's workers run as ``nobody``: the tree must be readable by all (pytest's
    own temporary directories are private)."""
    root = Path(tempfile.mkdtemp(prefix="jiyue-nginx-test-"))
    root.chmod(0o755)
    settings.JIYUE_PUBLISH_ROOT = root / "publish"
    yield root / "publish"
    shutil.rmtree(root, ignore_errors=True)


class FakePublicApp(BaseHTTPRequestHandler):
    """Stands in for the public application behind nginx: says which path it got
    and the forwarding headers nginx set; under /documents/ it sends its own
    Content-Security-Policy, as Wagtail's serve view does."""

    def do_GET(self):
        forwarded = [
            f"{name}={self.headers.get(name, '')}"
            for name in ("X-Forwarded-For", "X-Real-IP", "X-Forwarded-Proto")
        ]
        self._answer(f"/* dynamic {self.path} */ {' '.join(forwarded)}".encode())

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        self._answer(f"received {length}".encode())

    def _answer(self, body: bytes):
        self.send_response(200)
        self.send_header("Content-Type", "text/css; charset=utf-8")
        if self.path.startswith("/documents/"):
            self.send_header("Content-Security-Policy", "default-src 'none'")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def upstream():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakePublicApp)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def nginx_binary() -> str:
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not shutil.os.path.exists(binary):
        pytest.skip("nginx 未安装：make test-tools 会安装它")
    return binary


@contextmanager
def running_nginx(prefix: Path, config: str, port: int):
    prefix.mkdir(exist_ok=True)
    (prefix / "nginx.conf").write_text(config)
    process = subprocess.Popen(  # noqa: S603 (Debian's nginx, our config)
        [nginx_binary(), "-c", str(prefix / "nginx.conf"), "-p", str(prefix)],
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_port(port)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def nginx(tmp_path, upstream, readable_publish_root):
    nginx_binary()
    port = free_port()
    # Beside the tree: nginx's workers (nobody) write request bodies under it.
    prefix = readable_publish_root.parent / "nginx"
    config = nginx_conf(
        listen=f"127.0.0.1:{port}", upstream=upstream, full_prefix=str(prefix)
    )
    with running_nginx(prefix, config, port):
        yield f"http://127.0.0.1:{port}"
