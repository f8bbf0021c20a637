"""The public application serves published files (with cache headers) and falls
back to dynamic serving; nginx serves them with the generated configuration."""

from __future__ import annotations

import httpx
import pytest
from django.test import Client, override_settings

from jiyue.publishing import services
from jiyue.publishing.verify import verify_url

pytestmark = pytest.mark.django_db
HOST = "www.localhost:8000"


@pytest.fixture
def public_client():
    with override_settings(ROOT_URLCONF="jiyue.urls_public"):
        yield Client(HTTP_HOST=HOST)


def test_public_application_serves_the_published_file(publish_root, www, public_client):
    services.publish_site(www)
    marker = b"<!-- published copy -->"
    page = publish_root / "www.localhost/yaowen/index.html"
    page.write_bytes(page.read_bytes() + marker)
    response = public_client.get("/yaowen/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).endswith(marker)
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["ETag"] and response["Last-Modified"]
    again = public_client.get("/yaowen/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_feed_sitemap_robots_and_hashed_assets_have_their_types(
    publish_root, www, public_client
):
    services.publish_site(www)
    feed = public_client.get("/yaowen/feed.xml")
    assert feed["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert public_client.get("/sitemap.xml")["Content-Type"].startswith(
        "application/xml"
    )
    assert public_client.get("/robots.txt")["Content-Type"].startswith("text/plain")
    asset = next(
        p
        for p in (publish_root / "www.localhost/static/content").iterdir()
        if p.suffix == ".css"
    )
    response = public_client.get(f"/static/content/{asset.name}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert "immutable" in response["Cache-Control"]


def test_without_a_published_file_pages_are_served_dynamically(
    publish_root, www, public_client
):
    response = public_client.get("/yaowen/")
    assert response.status_code == 200
    assert "ETag" not in response
    assert public_client.get("/yaowen/feed.xml").status_code == 200
    assert public_client.get("/no-such-page/").status_code == 404
    assert public_client.get("/_care/style.css").status_code == 200


def assets(publish_root) -> list[str]:
    directory = publish_root / "www.localhost/static/content"
    return [f"/static/content/{p.name}" for p in directory.iterdir()]


def test_nginx_serves_published_pages_and_hides_the_admin(
    readable_publish_root, www, nginx
):
    publish_root = readable_publish_root
    services.publish_site(www)
    with httpx.Client(base_url=nginx, headers={"Host": HOST}) as client:
        home = client.get("/")
        assert home.status_code == 200
        assert home.content == (publish_root / "www.localhost/index.html").read_bytes()
        assert home.headers["content-type"] == "text/html; charset=utf-8"
        assert home.headers["cache-control"] == "public, max-age=300"
        assert "etag" in home.headers
        page2 = client.get("/zcwj/guobanfa-2014-57/")
        assert page2.status_code == 200
        asset = client.get(next(iter(assets(publish_root))))
        assert asset.status_code == 200
        assert "immutable" in asset.headers["cache-control"]
        feed = client.get("/yaowen/feed.xml")
        assert feed.headers["content-type"] == "application/atom+xml; charset=utf-8"
        assert client.get("/admin/").status_code == 404
        assert client.get("/admin/login/").status_code == 404
        # Dynamic paths reach the public application behind nginx.
        care = client.get("/_care/style.css")
        assert care.status_code == 200
        assert care.text.startswith("/* dynamic /_care/style.css */")
        assert client.get("/hudong/").text.startswith("/* dynamic /hudong/ */")
        # A page that is not published (yet) goes to the application.
        assert client.get("/no-such-page/").text.startswith(
            "/* dynamic /no-such-page/ */"
        )
    # The tamper check against what the server actually serves.
    assert verify_url(www, nginx) == []
    (publish_root / "www.localhost/tzgg/index.html").write_text("defaced")
    findings = verify_url(www, nginx)
    assert [f.url for f in findings] == ["http://www.localhost:8000/tzgg/"]
    assert "+defaced" in findings[0].evidence
