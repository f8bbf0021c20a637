"""Every public page that answers GET answers HEAD too, with the same status and
headers and no body (RFC 9110 §9.3.2): the monitor's link check asks HEAD first,
and a 405 there cost it a second request per dynamic page under load."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from jiyue.interaction.models import (
    ConsultationPage,
    InterviewPage,
    Mailbox,
    SurveyPage,
)

pytestmark = pytest.mark.django_db
HOST = "www.localhost:8000"


def public_pages() -> list[str]:
    mailbox = Mailbox.objects.filter(site__hostname="www.localhost").first()
    paths = [
        "/hudong/",
        f"/hudong/xinxiang/{mailbox.slug}/",
        "/hudong/chaxun/",
        "/hudong/huifu/",
        "/hudong/jiucuo/",
        "/hudong/ysqgk/",
        "/hudong/ysqgk/chaxun/",
        "/_care/style.css",
        "/search/?q=网站",
        "/",
    ]
    for model, prefix in (
        (ConsultationPage, "zhengji"),
        (SurveyPage, "diaocha"),
        (InterviewPage, "fangtan"),
    ):
        page = model.objects.live().first()
        paths.append(f"/hudong/{prefix}/{page.pk}/")
    return paths


@override_settings(ROOT_URLCONF="jiyue.urls_public")
def test_public_get_pages_answer_head(demo_cluster):
    client = Client()
    for path in public_pages():
        got = client.get(path, HTTP_HOST=HOST)
        head = client.head(path, HTTP_HOST=HOST)
        assert got.status_code == 200, path
        assert head.status_code == 200, path
        assert head.content == b"", path
        assert head["Content-Type"] == got["Content-Type"], path


@override_settings(ROOT_URLCONF="jiyue.urls_public")
def test_head_on_a_form_stores_nothing(demo_cluster):
    """HEAD takes the GET branch of a form view, never the submission's."""
    from jiyue.interaction.models import Message

    before = Message.objects.count()
    mailbox = Mailbox.objects.filter(site__hostname="www.localhost").first()
    response = Client().head(f"/hudong/xinxiang/{mailbox.slug}/", HTTP_HOST=HOST)
    assert response.status_code == 200
    assert Message.objects.count() == before
