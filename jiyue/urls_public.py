"""URLconf of the public application (前台).

No admin, no staff login, no Wagtail utility views: only what a citizen needs.
Wagtail's own ``wagtail.urls`` is not included because it routes ``_util/login/``.
"""

from django.urls import include, path, re_path
from wagtail import views as wagtail_views
from wagtail.documents import urls as wagtaildocs_urls

from jiyue.content import public_urls as content_public_urls

urlpatterns = [
    path("documents/", include(wagtaildocs_urls)),
    path("", include(content_public_urls)),
    re_path(r"^((?:[\w\-]+/)*)$", wagtail_views.serve, name="wagtail_serve"),
]
