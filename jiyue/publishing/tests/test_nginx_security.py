"""The generated nginx, run on loopback: security headers on every answer,
nothing of MEDIA_ROOT, the upload body limit, the forwarding headers, TLS with
HSTS (docs/decisions/0214-nginx-headers-media-and-tls.md)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import httpx
import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from jiyue.publishing import services
from jiyue.publishing.nginx import TLS, nginx_conf

from .conftest import free_port, nginx_binary, running_nginx
from .test_serving import HOST, assets

pytestmark = pytest.mark.django_db
APP_CSP = "default-src 'none'"


def assert_security_headers(response: httpx.Response) -> None:
    headers = response.headers
    assert headers.get_list("x-content-type-options") == ["nosniff"], response.url
    assert headers.get_list("referrer-policy") == ["same-origin"], response.url
    assert headers.get_list("x-frame-options") == ["SAMEORIGIN"], response.url
    [policy] = headers.get_list("content-security-policy")
    assert "default-src 'self'" in policy and "object-src 'none'" in policy


@pytest.fixture
def readable_media(settings):
    """A MEDIA_ROOT nginx's workers could read, holding what must stay private."""
    root = Path(tempfile.mkdtemp(prefix="jiyue-media-test-"))
    root.chmod(0o755)
    settings.MEDIA_ROOT = root
    for relative in (
        "interaction/2026/01/身份证.jpg",
        "documents/draft.pdf",
        "original_images/photo.jpg",
    ):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.parent.chmod(0o755)
        path.write_bytes(b"\xff\xd8\xff private")
        path.chmod(0o644)
    yield root
    shutil.rmtree(root, ignore_errors=True)


def test_every_answer_nginx_gives_carries_the_security_headers(
    readable_publish_root, www, nginx
):
    services.publish_site(www)
    with httpx.Client(base_url=nginx, headers={"Host": HOST}) as client:
        paths = [
            "/",  # a published page (location ~ /$)
            "/zcwj/guobanfa-2014-57/",  # a nested page
            next(iter(assets(readable_publish_root))),  # location ^~ /static/
            "/yaowen/feed.xml",  # the feed's regex location
            "/robots.txt",  # location /
        ]
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            assert_security_headers(response)
            assert "public" in response.headers["cache-control"]
        for path in ("/admin/", "/admin", "/media/images/nothing.jpg"):
            response = client.get(path)
            assert response.status_code == 404, path
            assert_security_headers(response)
        # Proxied: nginx fills in what the application did not send …
        assert_security_headers(client.get("/hudong/"))
        # … and never doubles or overrides what it did (Wagtail's document view).
        document = client.get("/documents/1/x.pdf")
        assert document.headers.get_list("content-security-policy") == [APP_CSP]
        assert document.headers.get_list("x-content-type-options") == ["nosniff"]


def test_nothing_of_media_root_is_served(readable_media, readable_publish_root, nginx):
    with httpx.Client(base_url=nginx, headers={"Host": HOST}) as client:
        for path in (
            "/media/interaction/2026/01/身份证.jpg",
            "/media/documents/draft.pdf",
            "/media/original_images/photo.jpg",
        ):
            response = client.get(path)
            assert response.status_code == 404, path
            assert b"private" not in response.content


def test_a_published_rendition_is_copied_into_the_tree_and_served(
    readable_publish_root, www, nginx, settings, tmp_path
):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    from jiyue.content.models import LeaderPage

    settings.MEDIA_ROOT = tmp_path / "media"
    leader = LeaderPage.objects.live().first()
    leader.photo = Image.objects.create(title="照片", file=get_test_image_file())
    leader.save_revision().publish()
    services.publish_site(www)
    copied = list((readable_publish_root / "www.localhost/media/images").iterdir())
    assert len(copied) == 1
    url = f"/media/images/{copied[0].name}"
    page = readable_publish_root / "www.localhost" / leader.url_path.split("/", 2)[2]
    assert url in (page / "index.html").read_text()
    with httpx.Client(base_url=nginx, headers={"Host": HOST}) as client:
        response = client.get(url)
        assert response.status_code == 200
        assert response.content == copied[0].read_bytes()
        assert_security_headers(response)
        original = f"/media/{leader.photo.file.name}"
        assert client.get(original).status_code == 404
    # The public application (the demo, without nginx) answers the same way.
    with override_settings(ROOT_URLCONF="jiyue.urls_public"):
        public = Client(HTTP_HOST=HOST)
        served = public.get(url)
        assert served.status_code == 200
        assert b"".join(served.streaming_content) == copied[0].read_bytes()
        assert public.get(original).status_code == 404


def test_the_body_limit_takes_the_largest_attachment_and_the_upstream_gets_the_client(
    readable_publish_root, nginx
):
    with httpx.Client(base_url=nginx, headers={"Host": HOST}) as client:
        allowed = client.post("/hudong/xinxiang/shizhang/", content=b"x" * 5_500_000)
        assert allowed.status_code == 200
        assert allowed.text == "received 5500000"
        too_large = client.post("/hudong/xinxiang/shizhang/", content=b"x" * 7_000_000)
        assert too_large.status_code == 413
        assert_security_headers(too_large)
        # A client's own X-Forwarded-For is replaced by the address nginx saw.
        echoed = client.get("/hudong/", headers={"X-Forwarded-For": "203.0.113.9"})
        assert "X-Forwarded-For=127.0.0.1 " in echoed.text
        assert "X-Real-IP=127.0.0.1 " in echoed.text
        assert echoed.text.endswith("X-Forwarded-Proto=http")
        assert "203.0.113.9" not in echoed.text


@pytest.fixture
def self_signed(tmp_path) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl 未安装")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subject = ["-subj", "/CN=www.localhost"]
    san = ["-addext", "subjectAltName=DNS:www.localhost"]
    files = ["-keyout", str(key), "-out", str(cert), "-days", "1"]
    request = ["req", "-x509", "-newkey", "rsa:2048", "-nodes"]
    subprocess.run(  # noqa: S603 (openssl, fixed arguments)
        [shutil.which("openssl"), *request, *files, *subject, *san],
        check=True,
        capture_output=True,
    )
    return cert, key


def test_tls_block_passes_nginx_t_and_answers_https_with_hsts(
    tmp_path, upstream, readable_publish_root, www, self_signed
):
    cert, key = self_signed
    https_port, http_port = free_port(), free_port()
    prefix = readable_publish_root.parent / "nginx"
    prefix.mkdir()
    config = nginx_conf(
        listen=f"127.0.0.1:{https_port}",
        upstream=upstream,
        full_prefix=str(prefix),
        tls=TLS(str(cert), str(key), http_listen=f"127.0.0.1:{http_port}"),
    )
    (prefix / "nginx.conf").write_text(config)
    check = subprocess.run(  # noqa: S603 (Debian's nginx, our config)
        [nginx_binary(), "-t", "-c", str(prefix / "nginx.conf"), "-p", str(prefix)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    services.publish_site(www)
    with running_nginx(prefix, config, https_port):
        with httpx.Client(
            base_url=f"https://127.0.0.1:{https_port}",
            headers={"Host": "www.localhost"},
            verify=False,  # noqa: S501 (the test's own self-signed certificate)
        ) as client:
            home = client.get("/")
            assert home.status_code == 200
            assert home.headers["strict-transport-security"].startswith(
                "max-age=31536000"
            )
            assert_security_headers(home)
            proxied = client.get("/hudong/")
            assert proxied.text.endswith("X-Forwarded-Proto=https")
            assert "max-age=31536000" in proxied.headers["strict-transport-security"]
        plain = httpx.get(
            f"http://127.0.0.1:{http_port}/yaowen/?p=2",
            headers={"Host": "www.localhost"},
        )
        assert plain.status_code == 301
        assert plain.headers["location"] == (
            f"https://www.localhost:{https_port}/yaowen/?p=2"
        )


def test_the_command_needs_a_certificate_for_tls(demo_cluster, capsys):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("nginx_conf", "--tls")
    call_command("nginx_conf", "--tls", "--cert", "/c.pem", "--key", "/k.pem")
    output = capsys.readouterr().out
    assert "listen 443 ssl http2;" in output
    assert "ssl_certificate /c.pem;" in output
    assert "return 301 https://$host$request_uri;" in output
    assert "alias" not in output
