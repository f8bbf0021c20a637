"""Each site's Chinese error pages are published into its tree, and the
generated nginx shows them for the errors it answers itself: a path it refuses
(the admin) and a public process that does not answer."""

from __future__ import annotations

import httpx
import pytest

from jiyue.publishing import services
from jiyue.publishing.nginx import nginx_conf

from .conftest import free_port, nginx_binary, running_nginx
from .test_serving import HOST

pytestmark = pytest.mark.django_db


def test_the_error_pages_are_published_per_site(publish_root, www):
    services.publish_site(www)
    not_found = (publish_root / "www.localhost/404.html").read_text()
    busy = (publish_root / "www.localhost/50x.html").read_text()
    assert "抱歉，您访问的页面不存在" in not_found
    assert "返回贵阳市人民政府首页" in not_found
    assert "抱歉，系统繁忙，请稍后再试" in busy
    assert "网站标识码" in busy  # the site's own frame


def test_nginx_shows_them_for_its_own_errors(readable_publish_root, www):
    nginx_binary()
    services.publish_site(www)
    port = free_port()
    prefix = readable_publish_root.parent / "nginx-errors"
    dead_upstream = f"127.0.0.1:{free_port()}"  # nothing listens there
    config = nginx_conf(
        listen=f"127.0.0.1:{port}", upstream=dead_upstream, full_prefix=str(prefix)
    )
    with (
        running_nginx(prefix, config, port),
        httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"Host": HOST}) as c,
    ):
        refused = c.get("/admin/")
        assert refused.status_code == 404
        assert "抱歉，您访问的页面不存在" in refused.text
        down = c.get("/hudong/")
        assert down.status_code == 502
        assert "抱歉，系统繁忙" in down.text
        assert down.headers["x-content-type-options"] == "nosniff"
