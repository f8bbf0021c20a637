"""URLconf of the admin application (后台): the only one that mounts /admin/."""

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from jiyue.search import urls as search_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The site search, beside the pages staff browse here (jiyue.search).
    path("", include(search_urls)),
    # Pages are reachable on the admin host too, so that staff can check what
    # they published without leaving the intranet.
    path("", include(wagtail_urls)),
]

# Chinese, and 503 while the database is unavailable (jiyue/content/errors.py).
handler500 = "jiyue.content.errors.admin_server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = (
        static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
    )
