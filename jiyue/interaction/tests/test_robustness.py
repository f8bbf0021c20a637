"""Odd input gets a Chinese 4xx, never a 500: integers too large for the
database, lone surrogates, NUL, a form posted in GBK, and ninja's own
validation errors (docs/decisions/0318-api-errors-in-the-schema.md)."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from jiyue.interaction.models import (
    ConsultationComment,
    ConsultationPage,
    Message,
    SurveyPage,
)

from .conftest import captcha_fields, solve

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


def api_captcha(client) -> dict:
    data = client.get("/api/interaction/captcha").json()
    return {"captcha_token": data["token"], "captcha_answer": solve(data["question"])}


def post_json(client, path: str, data) -> object:
    body = data if isinstance(data, str) else json.dumps(data)
    return client.post(path, body, content_type="application/json")


def chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


@pytest.mark.parametrize(
    "path",
    [
        f"/api/interaction/surveys/{HUGE}",
        f"/api/interaction/interviews/{HUGE}/transcript",
        "/api/interaction/interviews/1/transcript?after=" + HUGE,
        "/api/interaction/replies?offset=" + HUGE,
        "/api/interaction/replies?offset=-1",
        "/api/interaction/surveys/0",
    ],
)
def test_overlarge_integers_in_the_api_are_a_chinese_422(public, www, path):
    response = public.get(path)
    assert response.status_code == 422, response.content
    body = response.json()
    assert chinese(body["detail"])
    assert body["errors"] and all(
        chinese(m) for ms in body["errors"].values() for m in ms
    )


def test_overlarge_integers_in_pages_are_a_chinese_404(public, www):
    for path in (
        "/hudong/huifu/?page=922337203685477581",
        "/hudong/huifu/?page=0",
        f"/hudong/zhengji/{HUGE}/",
        f"/hudong/diaocha/{HUGE}/",
    ):
        response = public.get(path)
        assert response.status_code == 404, path
        assert chinese(response.content.decode()), path
    assert public.get("/hudong/huifu/?page=2").status_code == 200
    assert public.get("/api/interaction/replies?limit=1000").status_code == 200


def test_a_lone_surrogate_in_a_message_is_refused_not_stored(public, www):
    data = {
        "mailbox": "zixun",
        "subject": "正常标题",
        "content": "内容\ud800",
        **api_captcha(public),
    }
    body = json.dumps(data)  # "\ud800" as JSON escapes it, as a probe sends it
    assert "\\ud800" in body
    response = post_json(public, "/api/interaction/messages", body)
    assert response.status_code == 400
    assert "无法保存的字符" in response.json()["errors"]["content"][0]
    assert not Message.objects.filter(subject="正常标题").exists()
    consultation = ConsultationPage.objects.get(slug="zhengqiu-wzgl")
    comment = post_json(
        public,
        f"/api/interaction/consultations/{consultation.pk}/comments",
        {"content": "意见", "name": "\ud800", **api_captcha(public)},
    )
    assert comment.status_code == 400 and "name" in comment.json()["errors"]
    survey = SurveyPage.objects.get(slug="diaocha-wzty")
    text_question = list(survey.questions.all())[3]
    answer = post_json(
        public,
        f"/api/interaction/surveys/{survey.pk}/answers",
        {"answers": {str(text_question.pk): "\udfff"}, **api_captcha(public)},
    )
    assert answer.status_code == 400
    assert "无法保存的字符" in answer.json()["errors"][str(text_question.pk)][0]


def test_nul_in_any_field_is_refused_in_chinese(public, www):
    page = public.get("/hudong/xinxiang/shizhang/")
    data = {"subject": "标题\x00", "content": "内容", **captcha_fields(page)}
    response = public.post("/hudong/xinxiang/shizhang/", data)
    assert response.status_code == 400
    assert "无法保存的字符" in response.content.decode()
    api = post_json(
        public,
        "/api/interaction/messages",
        {"mailbox": "zixun", "subject": "题", "content": "\x00", **api_captcha(public)},
    )
    assert api.status_code == 400 and "content" in api.json()["errors"]
    consultation = ConsultationPage.objects.get(slug="zhengqiu-wzgl")
    url = f"/hudong/zhengji/{consultation.pk}/"
    comment = public.post(
        url, {"content": "意见\x00", **captcha_fields(public.get(url))}
    )
    assert comment.status_code == 400 and "无法保存的字符" in comment.content.decode()
    assert not ConsultationComment.objects.filter(content__startswith="意见").exists()
    # Look-ups with NUL find nothing (PostgreSQL would refuse the query).
    query = {"tracking_no": "2026\x00", "query_code": "AB\x00"}
    assert public.post("/hudong/chaxun/", query).status_code == 400
    rating = {**query, "rating": "satisfied"}
    assert public.post("/hudong/chaxun/pingjia/", rating).status_code == 404
    status = public.get("/api/interaction/messages/2026", {"query_code": "A\x00"})
    assert status.status_code == 404 and chinese(status.json()["detail"])
    assert public.get("/hudong/huifu/2026%00/").status_code == 404


def test_a_form_posted_in_gbk_is_a_chinese_400(public, www):
    page = public.get("/hudong/xinxiang/shizhang/")
    data = {"subject": "标题", "content": "内容", **captcha_fields(page)}
    body = urlencode({k: v.encode("gbk") for k, v in data.items()})
    response = public.post(
        "/hudong/xinxiang/shizhang/",
        body,
        content_type="application/x-www-form-urlencoded; charset=gbk",
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "请求有误" in html and "UTF-8" in html
    assert not Message.objects.filter(subject="标题").exists()


def test_ninja_validation_errors_are_chinese_and_in_the_schema(public, www):
    missing = post_json(public, "/api/interaction/messages", {})
    assert missing.status_code == 422
    body = missing.json()
    assert body["detail"].startswith("提交的数据格式不正确")
    assert body["errors"]["mailbox"] == ["缺少此项。"]
    assert body["errors"]["captcha_token"] == ["缺少此项。"]
    wrong_type = post_json(public, "/api/interaction/messages", [])
    assert wrong_type.status_code == 422 and chinese(wrong_type.json()["detail"])
    slug = post_json(
        public,
        "/api/interaction/messages",
        {"mailbox": "../x", "subject": "题", "content": "文", **api_captcha(public)},
    )
    assert slug.status_code == 422 and slug.json()["errors"]["mailbox"] == [
        "格式不正确。"
    ]
    broken = post_json(public, "/api/interaction/messages", "{not json")
    assert broken.status_code == 400
    assert broken.json()["detail"] == "请求内容不是有效的 JSON。"
    paths = public.get("/api/openapi.json").json()["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert "422" in responses, (method, path)
            schema = responses["422"]["content"]["application/json"]["schema"]
            assert schema["$ref"].endswith("/ErrorOut"), (method, path)


def test_bidi_controls_are_taken_out_of_what_citizens_write(public, www):
    """A right-to-left override in a citizen's text would show reversed on the
    reply pages: it is removed (and zero-width characters too), the rest kept."""
    data = {
        "mailbox": "zixun",
        "subject": "关于\u202e网站\u202c的咨询",
        "content": "请问\u200b何时更新？",
        **api_captcha(public),
    }
    response = post_json(public, "/api/interaction/messages", data)
    assert response.status_code == 201, response.content
    message = Message.objects.get(tracking_no=response.json()["tracking_no"])
    assert message.subject == "关于网站的咨询"
    assert message.content == "请问何时更新？"
    survey = SurveyPage.objects.get(slug="diaocha-wzty")
    questions = list(survey.questions.all())
    text_question = questions[3]
    answers = {
        str(questions[0].pk): "每天",
        str(questions[1].pk): ["了解新闻"],
        str(questions[2].pk): "基本满意",
        str(text_question.pk): "建议\u2066增加\u2069栏目",
    }
    answer = post_json(
        public,
        f"/api/interaction/surveys/{survey.pk}/answers",
        {"answers": answers, **api_captcha(public)},
    )
    assert answer.status_code in (200, 201), answer.content
    stored = text_question.answers.order_by("-pk").first()
    assert stored.text == "建议增加栏目"
