"""Consultations, surveys and interviews as a citizen sees them: the pages, the
forms with their abuse protections, one answer per person, the public API."""

from __future__ import annotations

import json
import re

import pytest
from django.test import override_settings

from jiyue.interaction.captcha import new_challenge
from jiyue.interaction.models import (
    ConsultationComment,
    ConsultationPage,
    InterviewPage,
    InterviewQuestion,
    Moderation,
    SurveyPage,
    SurveyResponse,
)

from .conftest import PublicClient, captcha_fields, solve

pytestmark = pytest.mark.django_db


def page(model, slug):
    return model.objects.get(slug=slug)


@pytest.fixture
def open_consultation(www):
    return page(ConsultationPage, "zhengqiu-wzgl")


@pytest.fixture
def closed_consultation(www):
    return page(ConsultationPage, "zhengqiu-xmt")


@pytest.fixture
def survey(www):
    return page(SurveyPage, "diaocha-wzty")


@pytest.fixture
def past_interview(www):
    return page(InterviewPage, "fangtan-sjhm")


@pytest.fixture
def upcoming_interview(www):
    return page(InterviewPage, "fangtan-yshj")


def text(response) -> str:
    return response.content.decode()


# -- pages ------------------------------------------------------------------------


def test_the_consultation_page_shows_the_draft_documents_and_approved_comments_only(
    public, open_consultation
):
    body = text(public.get(open_consultation.url))
    assert "征求意见稿" in body and "zhengqiuyijiangao" in body
    assert "建议明确各栏目的更新时限" in body  # approved
    assert "两个工作日可以接受" not in body  # pending moderation
    assert f"/hudong/zhengji/{open_consultation.pk}/" in body
    assert "feedback-heading" not in body  # only once closed


def test_a_closed_consultation_shows_its_feedback_and_adoption_per_comment(
    public, closed_consultation
):
    body = text(public.get(closed_consultation.url))
    assert "意见采纳情况" in body and "征集期间共收到意见建议 3 条" in body
    assert "采纳情况：部分采纳" in body and "依上位法保留" in body
    assert "/hudong/zhengji/" not in body


def test_the_survey_page_shows_results_as_svg_with_a_text_table(public, survey):
    body = text(public.get(survey.url))
    assert body.count('<svg class="survey-chart"') == 3  # three choice questions
    assert '<table class="result-table">' in body
    assert "36 人作答" in body
    assert "希望搜索更准确" not in body  # free text is not published verbatim


def test_interview_pages_show_guests_transcript_and_script_from_static(
    public, past_interview, upcoming_interview
):
    body = text(public.get(past_interview.url))
    assert "赵立新" in body and "户籍信息已经通过共享平台实时核验" in body
    assert "文字实录" in body and "/hudong/fangtan/" not in body
    assert 'src="/static/interaction/interview.js"' in body
    assert "<script>" not in body  # no inline script (CSP)
    upcoming = text(public.get(upcoming_interview.url))
    assert f"/hudong/fangtan/{upcoming_interview.pk}/" in upcoming
    assert "访谈尚未开始" in upcoming


def test_the_interaction_index_links_the_channels(public, survey):
    body = text(public.get("/hudong/"))
    assert 'href="/hdjl/diaocha-wzty/"' in body and "网上调查（进行中）" in body


# -- consultation comments -----------------------------------------------------


def comment_post(client, consultation, content, **extra):
    form = client.get(f"/hudong/zhengji/{consultation.pk}/")
    data = {"content": content, "name": "", **captcha_fields(form), **extra}
    return client.post(f"/hudong/zhengji/{consultation.pk}/", data)


def test_a_comment_is_stored_pending_and_shown_only_after_approval(
    public, open_consultation
):
    response = comment_post(public, open_consultation, "<b>建议</b>增加无障碍浏览。")
    assert response.status_code == 200 and "提交成功" in text(response)
    comment = ConsultationComment.objects.get(content__contains="无障碍浏览")
    assert comment.status == Moderation.PENDING and not comment.flagged
    assert "无障碍浏览" not in text(public.get(open_consultation.url))
    comment.status = Moderation.APPROVED
    comment.save()
    body = text(public.get(open_consultation.url))
    assert "&lt;b&gt;建议&lt;/b&gt;增加无障碍浏览" in body  # HTML shown as text


def test_sensitive_words_send_a_comment_to_moderation_not_to_the_bin(
    public, open_consultation
):
    response = comment_post(
        public, open_consultation, "有人在小区门口兜售毒品和色情光碟的资料。"
    )
    assert response.status_code == 200
    assert "需要人工审核" in text(response)
    stored = ConsultationComment.objects.get(content__contains="的资料")
    assert stored.flagged and "色情" in stored.flag_evidence


def test_honeypot_captcha_and_size_refusals_are_clear_and_keep_the_text(
    public, open_consultation
):
    honeypot = comment_post(public, open_consultation, "正常意见", website="x")
    assert honeypot.status_code == 400
    assert "请不要填写“网址”一栏" in text(honeypot) and "正常意见" in text(honeypot)
    wrong = public.post(
        f"/hudong/zhengji/{open_consultation.pk}/",
        {
            "content": "第二条意见",
            "captcha_token": new_challenge().token,
            "captcha_answer": "99",
        },
    )
    assert wrong.status_code == 400 and "验证问题回答不正确" in text(wrong)
    assert "第二条意见" in text(wrong)
    long = comment_post(public, open_consultation, "长" * 5001)
    assert long.status_code == 400 and "内容最多 5000 字" in text(long)
    assert ConsultationComment.objects.filter(page=open_consultation).count() == 3


@override_settings(JIYUE_INTERACTION_RATE_LIMITS={"per_address": (2, 600)})
def test_comments_are_rate_limited_per_address(public, open_consultation):
    assert comment_post(public, open_consultation, "一").status_code == 200
    assert comment_post(public, open_consultation, "二").status_code == 200
    third = comment_post(public, open_consultation, "三")
    assert third.status_code == 429 and "提交过于频繁" in text(third)
    assert "三" in third.context["form"].data["content"]


def test_a_closed_consultation_refuses_comments_with_a_reason(
    public, closed_consultation
):
    response = comment_post(public, closed_consultation, "迟到的意见")
    assert response.status_code == 400
    assert "不在征集期内" in text(response)


def test_an_unpublished_consultation_has_no_form(public, open_consultation):
    open_consultation.unpublish()
    assert public.get(f"/hudong/zhengji/{open_consultation.pk}/").status_code == 404


# -- surveys ---------------------------------------------------------------------


def ballot_data(survey, form_response) -> dict:
    questions = list(survey.questions.all())
    return {
        f"q{questions[0].pk}": "每周",
        f"q{questions[1].pk}": ["查看政策文件", "办事服务"],
        f"q{questions[2].pk}": "满意",
        f"q{questions[3].pk}": "<script>alert(1)</script>字体再大一些",
        **captcha_fields(form_response),
    }


def test_a_citizen_answers_a_survey_once_per_browser(public, survey):
    url = f"/hudong/diaocha/{survey.pk}/"
    form = public.get(url)
    assert "jiyue_voter" in form.cookies
    response = public.post(url, ballot_data(survey, form))
    assert response.status_code == 200 and "答卷已保存" in text(response)
    assert SurveyResponse.objects.filter(survey=survey).count() == 37
    answer = SurveyResponse.objects.filter(survey=survey).latest("pk")
    assert sorted(a.option for a in answer.answers.exclude(option="")) == sorted(
        ["每周", "查看政策文件", "办事服务", "满意"]
    )
    again = public.get(url)
    assert "您已经参加过本次调查" in text(again)
    assert "<form" not in text(again).split("</header>")[1]


@override_settings(JIYUE_SURVEY_ANSWERS_PER_FINGERPRINT=1)
def test_a_new_cookie_from_the_same_address_and_browser_is_refused(survey):
    first = PublicClient(HTTP_HOST="www.localhost:8000", HTTP_USER_AGENT="UA-1")
    url = f"/hudong/diaocha/{survey.pk}/"
    assert first.post(url, ballot_data(survey, first.get(url))).status_code == 200
    second = PublicClient(HTTP_HOST="www.localhost:8000", HTTP_USER_AGENT="UA-1")
    refused = second.post(url, ballot_data(survey, second.get(url)))
    assert refused.status_code == 400 and "每人只能提交一次" in text(refused)
    other = PublicClient(HTTP_HOST="www.localhost:8000", HTTP_USER_AGENT="UA-2")
    assert other.post(url, ballot_data(survey, other.get(url))).status_code == 200


def test_a_forged_voter_cookie_is_ignored(public, survey):
    public.cookies["jiyue_voter"] = "demo-1"  # an existing voter, unsigned
    form = public.get(f"/hudong/diaocha/{survey.pk}/")
    assert "您已经参加过" not in text(form)


def test_missing_answers_are_named_and_what_was_chosen_is_kept(public, survey):
    url = f"/hudong/diaocha/{survey.pk}/"
    data = ballot_data(survey, public.get(url))
    first = survey.questions.first()
    del data[f"q{first.pk}"]
    response = public.post(url, data)
    assert response.status_code == 400 and "请回答这个问题" in text(response)
    assert re.search(r'value="办事服务"[^>]*checked', text(response))
    assert SurveyResponse.objects.filter(survey=survey).count() == 36


# -- interviews -----------------------------------------------------------------


def test_questions_can_be_sent_before_an_interview(public, upcoming_interview):
    url = f"/hudong/fangtan/{upcoming_interview.pk}/"
    form = public.get(url)
    response = public.post(
        url,
        {"content": "开办企业能否全程网办？", "name": "网友甲", **captcha_fields(form)},
    )
    assert response.status_code == 200 and "嘉宾将在访谈中选择回答" in text(response)
    question = InterviewQuestion.objects.get(content="开办企业能否全程网办？")
    assert question.status == Moderation.PENDING and not question.live


def test_a_past_interview_takes_no_questions(public, past_interview):
    url = f"/hudong/fangtan/{past_interview.pk}/"
    response = public.post(
        url, {"content": "还能提问吗？", **captcha_fields(public.get(url))}
    )
    assert response.status_code == 400 and "已经结束" in text(response)


# -- the public API --------------------------------------------------------------


def api_captcha(client) -> dict:
    data = client.get("/api/interaction/captcha").json()
    return {"captcha_token": data["token"], "captcha_answer": solve(data["question"])}


def post_json(client, path, data):
    return client.post(path, json.dumps(data), content_type="application/json")


def test_api_comment_question_and_transcript(
    public, open_consultation, upcoming_interview, past_interview
):
    comment = post_json(
        public,
        f"/api/interaction/consultations/{open_consultation.pk}/comments",
        {"content": "API 提交的意见", **api_captcha(public)},
    )
    assert comment.status_code == 201 and comment.json()["status"] == "pending"
    question = post_json(
        public,
        f"/api/interaction/interviews/{upcoming_interview.pk}/questions",
        {"content": "API 提问", **api_captcha(public)},
    )
    assert question.status_code == 201
    transcript = public.get(
        f"/api/interaction/interviews/{past_interview.pk}/transcript?after=3"
    ).json()
    assert transcript["phase"] == "closed"
    assert [e["seq"] for e in transcript["entries"]] == [4, 5]
    assert transcript["entries"][0]["speaker"] == "孙悦"


def test_api_bad_input_gets_clear_chinese_messages(public, open_consultation, survey):
    empty = post_json(
        public,
        f"/api/interaction/consultations/{open_consultation.pk}/comments",
        {"content": "", **api_captcha(public)},
    )
    assert empty.status_code == 400 and empty.json()["errors"]["content"] == [
        "请填写内容。"
    ]
    missing = public.get("/api/interaction/interviews/999999/transcript")
    assert missing.status_code == 404 and "没有找到这期访谈" in missing.json()["detail"]
    questions = public.get(f"/api/interaction/surveys/{survey.pk}").json()["questions"]
    wrong = post_json(
        public,
        f"/api/interaction/surveys/{survey.pk}/answers",
        {"answers": {str(questions[0]["id"]): "从不"}, **api_captcha(public)},
    )
    assert wrong.status_code == 400
    errors = wrong.json()["errors"]
    assert errors[str(questions[0]["id"])] == ["所选选项不在题目的选项中，请重新选择。"]
    assert errors[str(questions[1]["id"])] == ["请回答这个问题。"]


def test_api_survey_answer_counts_once(public, survey):
    questions = public.get(f"/api/interaction/surveys/{survey.pk}").json()["questions"]
    answers = {
        str(questions[0]["id"]): "每天",
        str(questions[1]["id"]): ["了解新闻"],
        str(questions[2]["id"]): "基本满意",
    }
    path = f"/api/interaction/surveys/{survey.pk}/answers"
    first = post_json(public, path, {"answers": answers, **api_captcha(public)})
    assert first.status_code == 201
    second = post_json(public, path, {"answers": answers, **api_captcha(public)})
    assert second.status_code == 400 and "每人只能提交一次" in second.json()["detail"]
    assert SurveyResponse.objects.filter(survey=survey).count() == 37


def test_the_openapi_schema_describes_the_channel_endpoints(public):
    paths = public.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/interaction/consultations/{page_id}/comments",
        "/api/interaction/surveys/{page_id}/answers",
        "/api/interaction/interviews/{page_id}/questions",
        "/api/interaction/interviews/{page_id}/transcript",
        "/api/interaction/messages",
    ):
        assert path in paths
