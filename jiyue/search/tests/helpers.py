"""Pages and searches for the search's tests, on the demo cluster."""

from __future__ import annotations

from django.test import Client
from wagtail.models import Site

from jiyue.content.models import ArticlePage, ColumnPage

PORTAL = "www.localhost:8000"
ANKANG = "ankang.localhost:8000"
YUNYAN = "yunyan.localhost:8000"
_serial = [0]


def column(host: str, slug: str) -> ColumnPage:
    site = Site.objects.get(hostname=host.split(":")[0])
    return ColumnPage.objects.get(
        path__startswith=site.root_page.path, depth=site.root_page.depth + 1, slug=slug
    )


def publish_article(host: str, title: str, body: str = "", *, slug: str = "tzgg"):
    _serial[0] += 1
    page = ArticlePage(
        title=title, slug=f"search-test-{_serial[0]}", body=f"<p>{body}</p>"
    )
    column(host, slug).add_child(instance=page)
    page.save_revision().publish()
    return page


def search(host: str = PORTAL, **params):
    return Client().get("/search/", params, HTTP_HOST=host)


def titles(response) -> list[str]:
    from django.utils.html import strip_tags

    return [strip_tags(item["title"]) for item in response.context["items"]]
