"""Documents are served by Wagtail's view only, and publicly only while a live page
uses them (docs/decisions/0213-documents-of-live-pages-only.md)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction

from jiyue.content.models import PolicyAttachment, PolicyDocumentPage
from tests.clients import PublicClient

pytestmark = pytest.mark.django_db
HOST = "www.localhost:8000"


@pytest.fixture
def public():
    return PublicClient(HTTP_HOST=HOST)


@pytest.fixture
def live_policy(demo_cluster):
    return PolicyDocumentPage.objects.live().get(slug="guobanfa-2014-57")


@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_user(username="editor-docs", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(user)
    return client


def new_document(title: str, body: bytes = b"%PDF-1.4 test") -> Document:
    return Document.objects.create(
        title=title, file=ContentFile(body, name=f"{title}.pdf")
    )


def doc_url(document: Document) -> str:
    return f"/documents/{document.pk}/{document.filename}"


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_document_of_a_live_page_is_served_by_wagtails_view(public, live_policy):
    document = new_document("live-attachment")
    live_policy.attachments.add(PolicyAttachment(document=document, title="附件"))
    live_policy.save()
    response = public.get(doc_url(document))
    assert response.status_code == 200
    assert body(response) == b"%PDF-1.4 test"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_a_document_only_a_draft_in_review_uses_is_404_publicly(
    public, live_policy, staff
):
    draft = live_policy.copy(
        update_attrs={"title": "保密审查中的文件", "slug": "draft-in-review"},
        keep_live=False,
        copy_revisions=False,
        log_action=None,
    )
    assert not draft.live
    document = new_document("draft-attachment")
    draft.attachments.add(PolicyAttachment(document=document, title="附件"))
    draft.save_revision()
    draft.save()
    assert public.get(doc_url(document)).status_code == 404
    # Staff still download it on the admin application; others there do not.
    assert staff.get(doc_url(document)).status_code == 200
    assert Client().get(doc_url(document)).status_code == 404
    # Once the page is published, the public gets it.
    draft.get_latest_revision().publish()
    assert public.get(doc_url(document)).status_code == 200


def test_a_document_added_in_a_draft_of_a_live_page_stays_private(public, live_policy):
    document = new_document("new-in-draft")
    live_policy.attachments.add(PolicyAttachment(document=document, title="新附件"))
    live_policy.save_revision()  # a draft in review: the live page is unchanged
    assert public.get(doc_url(document)).status_code == 404


def test_an_unused_document_is_not_public(public, demo_cluster):
    assert public.get(doc_url(new_document("unused"))).status_code == 404


def test_wagtails_collection_privacy_still_applies(public, live_policy):
    document = new_document("private-collection")
    root = Collection.get_first_root_node()
    document.collection = root.add_child(name="内部")
    document.save()
    CollectionViewRestriction.objects.create(
        collection=document.collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="secret-pass",
    )
    live_policy.attachments.add(PolicyAttachment(document=document, title="附件"))
    live_policy.save()
    response = public.get(doc_url(document))
    assert response.status_code == 200
    assert b"%PDF" not in response.content  # the password form, not the file
    assert "password" in response.content.decode()


def test_the_demo_consultation_draft_is_served(public, demo_cluster):
    from jiyue.interaction.models import ConsultationDocument

    attachment = ConsultationDocument.objects.select_related("document").first()
    if attachment is None:
        pytest.skip("演示语料未包含征求意见稿")
    response = public.get(doc_url(attachment.document))
    assert response.status_code == 200
