"""The public JSON API, checked against its own OpenAPI schema."""

from __future__ import annotations

import json

import pytest

from jiyue.interaction import services
from jiyue.interaction.models import Message

from .conftest import at, solve

pytestmark = pytest.mark.django_db


def schema(public) -> dict:
    response = public.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def assert_matches(doc: dict, path: str, method: str, status: int, body) -> None:
    """The body has every required property the schema names, of the right kind."""
    response = doc["paths"][path][method]["responses"][str(status)]
    ref = response["content"]["application/json"]["schema"]
    if ref.get("type") == "array":
        ref = ref["items"]
        body = body[0]
    component = doc["components"]["schemas"][ref["$ref"].rsplit("/", 1)[1]]
    for name in component.get("required", []):
        assert name in body, name
    kinds = {"string": str, "integer": int, "boolean": bool}
    for name, prop in component["properties"].items():
        if prop.get("type") in kinds and body.get(name) is not None:
            assert isinstance(body[name], kinds[prop["type"]]), name


def post_message(public, **extra):
    captcha = public.get("/api/interaction/captcha").json()
    payload = {
        "mailbox": "zixun", "subject": "API 来信", "content": "请问社保卡怎么补办？",
        "name": "李四", "phone": "13900001111", "consent_publish": True,
        "captcha_token": captcha["token"], "captcha_answer": solve(captcha["question"]),
        **extra,
    }  # fmt: skip
    return public.post(
        "/api/interaction/messages",
        json.dumps(payload),
        content_type="application/json",
    )


def test_schema_describes_the_endpoints(public):
    doc = schema(public)
    assert doc["openapi"].startswith("3.")
    paths = doc["paths"]
    assert "post" in paths["/api/interaction/messages"]
    assert "get" in paths["/api/interaction/messages/{tracking_no}"]
    assert "get" in paths["/api/interaction/replies"]
    params = {
        p["name"]
        for p in paths["/api/interaction/messages/{tracking_no}"]["get"]["parameters"]
    }
    assert params == {"tracking_no", "query_code"}


def test_submit_and_read_status_through_the_api(public, www):
    doc = schema(public)
    response = post_message(public)
    assert response.status_code == 201, response.content
    body = response.json()
    assert_matches(doc, "/api/interaction/messages", "post", 201, body)
    message = Message.objects.get(tracking_no=body["tracking_no"])
    assert message.mailbox.site == www and message.name == "李四"

    status = public.get(
        f"/api/interaction/messages/{body['tracking_no']}",
        {"query_code": body["query_code"]},
    )
    assert status.status_code == 200
    assert_matches(
        doc, "/api/interaction/messages/{tracking_no}", "get", 200, status.json()
    )
    assert status.json()["status_label"] == "待受理"

    wrong = public.get(
        f"/api/interaction/messages/{body['tracking_no']}", {"query_code": "ZZZZ2345"}
    )
    unknown = public.get(
        "/api/interaction/messages/1999000000000000", {"query_code": "ZZZZ2345"}
    )
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()


def test_api_refusals_are_clear(public):
    bad = post_message(public, captcha_answer="99", subject="")
    assert bad.status_code == 400
    errors = bad.json()["errors"]
    assert "captcha_answer" in errors and errors["subject"] == ["请填写标题。"]
    assert post_message(public, mailbox="nope").status_code == 404
    honeypot = post_message(public, website="x")
    assert honeypot.status_code == 400 and "website" in honeypot.json()["errors"]


def test_published_replies_are_masked(public, leader_box):
    doc = schema(public)
    message = services.message_submit(
        mailbox=leader_box, subject="王五的来信", content="我是王五，电话 13700001234。",
        name="王五", consent_publish=True, now=at(2026, 9, 28),
    ).message  # fmt: skip
    message = services.message_accept(message=message, actor=None, now=at(2026, 9, 29))
    message = services.message_reply(
        message=message, actor=None, reply="王五：您好，已办理。"
    )
    services.message_publish(message=message, actor=None, publish=True)
    replies = public.get("/api/interaction/replies").json()
    assert_matches(doc, "/api/interaction/replies", "get", 200, replies)
    mine = next(r for r in replies if r["tracking_no"] == message.tracking_no)
    text = json.dumps(mine, ensure_ascii=False)
    assert "王五" not in text and "13700001234" not in text
    assert "某某" in text and "137****1234" in text


def test_a_token_works_once_through_the_api(public, www):
    captcha = public.get("/api/interaction/captcha").json()
    token, answer = captcha["token"], solve(captcha["question"])
    first = post_message(public, captcha_token=token, captcha_answer=answer)
    assert first.status_code == 201, first.content
    again = post_message(public, captcha_token=token, captcha_answer=answer)
    assert again.status_code == 400 and "captcha_answer" in again.json()["errors"]
    assert Message.objects.filter(subject="API 来信").count() == 1


def test_the_api_is_rate_limited(public, www, settings):
    settings.JIYUE_INTERACTION_RATE_LIMITS = {"per_address": (2, 600)}
    assert [post_message(public).status_code for _ in range(3)] == [201, 201, 429]
    assert Message.objects.filter(subject="API 来信").count() == 2


def test_api_errors_leave_the_shared_fields_alone(public, www):
    from jiyue.interaction.forms import MessageApiForm, MessageForm

    bad = post_message(public, subject="", captcha_answer="99")
    assert bad.status_code == 400
    for form_class in (MessageApiForm, MessageForm):
        for field in form_class.base_fields.values():
            assert "aria-invalid" not in field.widget.attrs
    # The HTML form still marks its own copy of a field in error.
    form = MessageForm({"subject": ""})
    assert not form.is_valid()
    assert form.fields["subject"].widget.attrs["aria-invalid"] == "true"


def test_limits_and_claim_with_the_memory_cache(settings):
    from jiyue.interaction import captcha, ratelimit

    settings.JIYUE_INTERACTION_RATE_LIMITS = {"per_address": (1, 600)}
    key = captcha.used_key("nonce-memory")
    args = {"address": "10.0.0.4", "form": "9", "claim": key, "claim_seconds": 60}
    assert ratelimit.allow_and_claim(**args) == (True, True)
    assert ratelimit.allow_and_claim(**args) == (False, False)
