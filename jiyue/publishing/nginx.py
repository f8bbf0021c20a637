"""A production nginx configuration: static root per site host, dynamic paths
proxied to the public application, the admin not exposed."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string

from jiyue.cluster.sites import profile_for_site

from . import selectors, storage

DYNAMIC_PREFIXES = ("/_care/", "/api/", "/hudong/", "/search", "/documents/")

UPSTREAM = """upstream jiyue_public {{
    server {upstream};
    keepalive 16;
}}
proxy_set_header Host $http_host;
proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
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
    access_log off;
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


def server_block(site, *, listen: str) -> str:
    profile = profile_for_site(site)
    return render_to_string(
        "publishing/nginx_server.conf",
        {
            "site_name": profile.name if profile else site.site_name,
            "code": profile.code if profile else "",
            "listen": listen,
            "host": site.hostname,
            "root": storage.publish_root().resolve() / site.hostname,
            "media_root": settings.MEDIA_ROOT,
            "dynamic": DYNAMIC_PREFIXES,
        },
    )


def nginx_conf(
    *,
    listen: str = "80",
    upstream: str | None = None,
    full_prefix: str | None = None,
    mime_types: str = "/etc/nginx/mime.types",
) -> str:
    """Server blocks for every site (to include in ``http {}``), or a complete
    configuration for a private nginx when ``full_prefix`` is given."""
    parts = [UPSTREAM.format(upstream=upstream or settings.JIYUE_PUBLIC_UPSTREAM)]
    parts += [server_block(site, listen=listen) for site in selectors.all_sites()]
    body = "\n".join(parts)
    if full_prefix is None:
        return body
    return FULL.format(prefix=full_prefix, mime_types=mime_types, body=body)
