"""A production nginx configuration: static root per site host, dynamic paths
proxied to the public application, the admin not exposed, nothing of MEDIA_ROOT
served (docs/decisions/0214-nginx-headers-media-and-tls.md)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from jiyue.cluster.sites import profile_for_site

from . import selectors, storage

DYNAMIC_PREFIXES = (
    "/_care/",
    "/_page/",
    "/api/",
    "/hudong/",
    "/search",
    "/documents/",
)
# What a multipart form adds to the attachment itself (the other fields, boundaries).
FORM_OVERHEAD = 1024 * 1024
HSTS = "max-age=31536000; includeSubDomains"

# The client's address is what nginx saw, never what the client claims
# (X-Forwarded-For is replaced, not appended to): the application trusts it only
# from the addresses in JIYUE_TRUSTED_PROXIES.
# The access log the analytics read (jiyue analytics_ingest): nginx's combined
# format with the site's host and port in front (GoAccess's VCOMBINED).
ACCESS_LOG = """log_format jiyue '$host:$server_port $remote_addr - $remote_user [$time_local] '
                 '"$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"';
access_log {path} jiyue;
"""

# One ``server`` line per public process (``--upstream a,b``): nginx spreads the
# requests and passes one that a dead process refused to the next. An idle kept
# connection is closed by nginx after 1 s, before gunicorn closes its end (2 s by
# default; 75 s as `jiyue stack up` and docs/operations.md run it): else nginx may
# send a letter down a connection gunicorn has just closed, and a POST is not passed
# on to the next process — the citizen got a 502 (bench/mixed.py).
UPSTREAM = """upstream jiyue_public {{
{servers}
    keepalive 16;
    keepalive_timeout 1s;
}}
proxy_set_header Host $http_host;
proxy_set_header X-Forwarded-For $remote_addr;
proxy_set_header X-Real-IP $remote_addr;
proxy_set_header X-Forwarded-Proto $scheme;
proxy_http_version 1.1;
proxy_set_header Connection "";
"""

FULL = """worker_processes auto;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
    include {mime_types};
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
{body}
}}
"""


@dataclass(frozen=True)
class TLS:
    """A TLS server block on ``listen`` and a redirect from ``http_listen``."""

    certificate: str
    key: str
    http_listen: str = "80"


def content_security_policy() -> str:
    """The policy the public application sends, for the files nginx serves."""
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    return "; ".join(
        f"{name} {' '.join(values)}" for name, values in sorted(directives.items())
    )


def security_headers(*, tls: bool) -> list[tuple[str, str]]:
    """The headers the application's middleware adds, for what nginx answers."""
    headers = [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", settings.SECURE_REFERRER_POLICY),
        ("X-Frame-Options", settings.X_FRAME_OPTIONS),
        ("Content-Security-Policy", content_security_policy()),
        (
            "Cross-Origin-Opener-Policy",
            getattr(settings, "SECURE_CROSS_ORIGIN_OPENER_POLICY", "same-origin"),
        ),
    ]
    return [*headers, ("Strict-Transport-Security", HSTS)] if tls else headers


def _variable(name: str) -> str:
    return name.lower().replace("-", "_")


def header_maps(headers: list[tuple[str, str]]) -> str:
    """One ``map`` per header: the application's value when it sent one, else
    ours; nothing is sent twice, and nginx's own answers (files, 404s, 413,
    502) get ours."""
    return "\n".join(
        f"map $upstream_http_{_variable(name)} $jiyue_{_variable(name)} {{\n"
        f'    "" "{value}";\n    default "";\n}}'
        for name, value in headers
    )


def header_lines(headers: list[tuple[str, str]], indent: str = "        ") -> str:
    """``add_header`` lines, repeated in every location (one ``add_header`` in a
    location cancels all of the server's); an empty value adds nothing."""
    return "\n".join(
        f"{indent}add_header {name} $jiyue_{_variable(name)} always;"
        for name, _value in headers
    )


def max_body_size() -> str:
    upload = int(getattr(settings, "JIYUE_INTERACTION_MAX_UPLOAD", 5 * 1024 * 1024))
    return f"{-(-(upload + FORM_OVERHEAD) // 1024)}k"


def _https_port(listen: str) -> str:
    port = listen.rsplit(":", 1)[-1].split()[0]
    return "" if port == "443" else f":{port}"


def server_block(site, *, listen: str, tls: TLS | None = None) -> str:
    profile = profile_for_site(site)
    headers = security_headers(tls=tls is not None)
    return render_to_string(
        "publishing/nginx_server.conf",
        {
            "site_name": profile.name if profile else site.site_name,
            "code": profile.code if profile else "",
            "listen": listen,
            "host": site.hostname,
            "root": storage.publish_root().resolve() / site.hostname,
            "dynamic": DYNAMIC_PREFIXES,
            "headers": header_lines(headers),
            "server_headers": header_lines(headers, indent="    "),
            "max_body": max_body_size(),
            "tls": tls,
            "https_port": _https_port(listen),
        },
    )


def upstream_servers(upstream: str | None) -> str:
    """The public processes' addresses (comma-separated) as upstream ``server`` lines."""
    addresses = (upstream or settings.JIYUE_PUBLIC_UPSTREAM).split(",")
    return "\n".join(
        f"    server {address.strip()};" for address in addresses if address.strip()
    )


def nginx_conf(
    *,
    listen: str = "80",
    upstream: str | None = None,
    full_prefix: str | None = None,
    mime_types: str = "/etc/nginx/mime.types",
    tls: TLS | None = None,
) -> str:
    """Server blocks for every site (to include in ``http {}``), or a complete
    configuration for a private nginx when ``full_prefix`` is given. With ``tls``
    every site answers HTTPS on ``listen`` and redirects its plain HTTP there."""
    Path(settings.JIYUE_ACCESS_LOG).parent.mkdir(parents=True, exist_ok=True)
    parts = [
        ACCESS_LOG.format(path=settings.JIYUE_ACCESS_LOG),
        UPSTREAM.format(servers=upstream_servers(upstream)),
        header_maps(security_headers(tls=tls is not None)),
    ]
    parts += [
        server_block(site, listen=listen, tls=tls) for site in selectors.all_sites()
    ]
    body = "\n".join(parts)
    if full_prefix is None:
        return body
    return FULL.format(prefix=full_prefix, mime_types=mime_types, body=body)
