"""A threaded HTTP server on 127.0.0.1 that serves several "hosts" by Host header.

The crawler reaches every host name through ``CrawlConfig.host_map`` (all mapped to
this one loopback port), so no test depends on DNS or leaves the machine.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Response = tuple[int, dict[str, str], bytes]
Route = Callable[[str], Response]


@dataclass
class Served:
    routes: dict[str, dict[str, Response | Route]]
    fallback: dict[str, Response]

    def respond(self, host: str, path: str) -> Response:
        name = host.split(":")[0].lower()
        table = self.routes.get(name, {})
        found = table.get(path) or table.get(path.split("?")[0])
        if callable(found):
            return found(path)
        if found is not None:
            return found
        return self.fallback.get(
            name, (404, {"Content-Type": "text/plain"}, b"not found")
        )


class _Handler(BaseHTTPRequestHandler):
    served: Served
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def _answer(self, *, body: bool) -> None:
        status, headers, payload = self.served.respond(
            self.headers.get("Host", ""), self.path
        )
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if body:
            self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        return


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        return  # clients that hang up early (HEAD checks, capped pages) are expected


class LocalServer:
    def __init__(self, served: Served) -> None:
        handler = type("Handler", (_Handler,), {"served": served})
        self.httpd = _QuietServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
