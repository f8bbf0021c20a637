"""An Atom feed per news, notice and policy column (Django's syndication)."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from wagtail.models import Site

from jiyue.cluster.sites import profile_for_site
from jiyue.content.models import ColumnPage
from jiyue.content.models.column import live_items

FEED_SIZE = 20


class StableAtomFeed(Atom1Feed):
    """An empty feed's ``updated`` is its column's, not the clock's, so that
    rebuilding an unchanged site gives the same bytes."""

    def latest_post_date(self):
        latest = super().latest_post_date() if self.items else None
        return latest or self.feed["column_updated"]


class ColumnFeed(Feed):
    feed_type = StableAtomFeed

    def get_object(self, request, column: ColumnPage):
        self.request = request
        return column

    def title(self, column: ColumnPage) -> str:
        profile = profile_for_site(Site.find_for_request(self.request))
        return f"{column.title} - {profile.name}" if profile else column.title

    def link(self, column: ColumnPage) -> str:
        return column.get_full_url(self.request)

    def feed_url(self, column: ColumnPage) -> str:
        return column.get_full_url(self.request) + "feed.xml"

    def subtitle(self, column: ColumnPage) -> str:
        return column.get_kind_display()

    def feed_extra_kwargs(self, column: ColumnPage) -> dict:
        return {"column_updated": column.last_published_at or column.first_published_at}

    def items(self, column: ColumnPage):
        return live_items(column)[:FEED_SIZE]

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        return getattr(item, "summary", "") or item.title

    def item_link(self, item) -> str:
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at
