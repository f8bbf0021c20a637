"""Which Wagtail documents the public may download (docs/decisions/0213-documents-
of-live-pages-only.md).

Documents are served only by Wagtail's own view (``/documents/<id>/<name>``), which
runs the ``before_serve_document`` hooks: Wagtail's collection privacy, and this
rule: a document is public only while a live, public page uses it (the reference
index, which for a live page holds its published content, not a draft in review).
On the public application the rule holds for everyone; on the admin application
staff who have passed the second factor may still download it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from wagtail.models import Page, ReferenceIndex

PUBLIC_URLCONF = "jiyue.urls_public"


def used_by_a_live_page(document) -> bool:
    """Whether a live page without a view restriction refers to ``document``."""
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    ids = [int(pk) for pk in page_ids]
    return Page.objects.filter(pk__in=ids).live().public().exists()


def on_public_application(request) -> bool:
    return (getattr(request, "urlconf", None) or settings.ROOT_URLCONF) == (
        PUBLIC_URLCONF
    )


def is_verified_staff(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if not user.has_perm("wagtailadmin.access_admin"):
        return False
    if not getattr(settings, "JIYUE_REQUIRE_2FA", True):
        return True
    return bool(getattr(user, "is_verified", lambda: False)())


def refuse_unpublished_document(document, request) -> None:
    """``before_serve_document``: 404 for a document no live page uses, except
    for staff on the admin application."""
    if not on_public_application(request) and is_verified_staff(request):
        return
    if not used_by_a_live_page(document):
        raise Http404
