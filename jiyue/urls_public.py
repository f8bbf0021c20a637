"""URLconf of the public application (前台).

No admin, no staff login, no Wagtail utility views: only what a citizen needs.
Wagtail's own ``wagtail.urls`` is not included because it routes ``_util/login/``.
"""

from django.urls import include, path, re_path
from wagtail.documents import urls as wagtaildocs_urls

from jiyue.content import urls as content_urls
from jiyue.disclosure import urls as disclosure_urls
from jiyue.interaction import urls as interaction_urls
from jiyue.interaction.api import api as interaction_api
from jiyue.publishing import urls as publishing_urls
from jiyue.publishing import views as publishing_views
from jiyue.search import urls as search_urls

urlpatterns = [
    path("documents/", include(wagtaildocs_urls)),
    path("", include(content_urls)),
    path("", include(interaction_urls)),
    path("", include(disclosure_urls)),
    path("api/", interaction_api.urls),
    path("", include(publishing_urls)),
    path("", include(search_urls)),
    # Published files first (静态发布), then Wagtail's dynamic serve.
    re_path(r"^((?:[\w\-]+/)*)$", publishing_views.serve, name="wagtail_serve"),
]

# Chinese error pages in the site's own frame (jiyue/content/errors.py).
handler404 = "jiyue.content.errors.page_not_found"
handler500 = "jiyue.content.errors.server_error"
