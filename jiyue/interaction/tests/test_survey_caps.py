"""Survey answers count once per option and, as far as the site can tell, once
per person: the User-Agent alone buys no extra answers
(docs/decisions/0317-survey-answers-per-address.md)."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings

from jiyue.interaction.channels import selectors
from jiyue.interaction.models import SurveyAnswer, SurveyPage, SurveyResponse

from .conftest import WWW, PublicClient, captcha_fields, solve

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(www):
    return SurveyPage.objects.get(slug="diaocha-wzty")


def api_captcha(client) -> dict:
    data = client.get("/api/interaction/captcha").json()
    return {"captcha_token": data["token"], "captcha_answer": solve(data["question"])}


def answer_api(client, survey, **overrides):
    questions = list(survey.questions.all())
    answers = {
        str(questions[0].pk): "每天",
        str(questions[1].pk): ["了解新闻"],
        str(questions[2].pk): "基本满意",
        **overrides,
    }
    return client.post(
        f"/api/interaction/surveys/{survey.pk}/answers",
        json.dumps({"answers": answers, **api_captcha(client)}),
        content_type="application/json",
    )


def citizen(agent: str, address: str = "198.51.100.20") -> PublicClient:
    """A browser (``agent``) at ``address``, behind the local nginx."""
    return PublicClient(
        HTTP_HOST=WWW,
        HTTP_USER_AGENT=agent,
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=address,
    )


def test_an_option_chosen_fifty_times_counts_once(public, survey):
    multiple = list(survey.questions.all())[1]
    response = answer_api(public, survey, **{str(multiple.pk): ["了解新闻"] * 50})
    assert response.status_code == 201, response.content
    stored = SurveyAnswer.objects.filter(response_id=response.json()["id"])
    assert stored.filter(question=multiple).count() == 1
    # Through the HTML form too (the same checkbox sent twice).
    browser = PublicClient(HTTP_HOST=WWW, REMOTE_ADDR="198.51.100.21")
    url = f"/hudong/diaocha/{survey.pk}/"
    questions = list(survey.questions.all())
    data = {
        f"q{questions[0].pk}": "每周",
        f"q{questions[1].pk}": ["办事服务", "办事服务", "办事服务"],
        f"q{questions[2].pk}": "满意",
        **captcha_fields(browser.get(url)),
    }
    assert browser.post(url, data).status_code == 200
    latest = SurveyResponse.objects.filter(survey=survey).latest("pk")
    assert latest.answers.filter(question=multiple).count() == 1
    for result in selectors.survey_results(survey):
        assert all(bar.share <= 1 for bar in result.bars)


def test_answers_stored_twice_before_still_count_once(survey):
    multiple = list(survey.questions.all())[1]
    response = SurveyResponse.objects.create(
        survey=survey, voter="old", fingerprint="f" * 64
    )
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=response, question=multiple, option="了解新闻")
        for _ in range(50)
    )
    result = next(
        r for r in selectors.survey_results(survey) if r.question.pk == multiple.pk
    )
    bar = next(b for b in result.bars if b.label == "了解新闻")
    assert bar.share <= 1 and bar.count <= result.respondents


@override_settings(
    JIYUE_SURVEY_ANSWERS_PER_ADDRESS=2,
    JIYUE_SURVEY_ANSWERS_PER_FINGERPRINT=1,
    JIYUE_INTERACTION_RATE_LIMITS={"per_address": (100, 600)},
)
def test_a_changed_user_agent_buys_no_extra_answers(survey):
    assert answer_api(citizen("UA-1"), survey).status_code == 201
    # The same browser without its cookie: the address-and-browser cap.
    same = answer_api(citizen("UA-1"), survey)
    assert same.status_code == 400 and "每人只能提交一次" in same.json()["detail"]
    # A second browser behind the same address (a household) may answer...
    assert answer_api(citizen("UA-2"), survey).status_code == 201
    # ...but new User-Agents do not make new people.
    for agent in ("UA-3", "UA-4", ""):
        refused = answer_api(citizen(agent), survey)
        assert refused.status_code == 400, agent
    # Another address, as nginx reports it, is another person.
    assert answer_api(citizen("UA-3", "198.51.100.30"), survey).status_code == 201
    assert SurveyResponse.objects.filter(survey=survey).count() == 36 + 3


def test_nul_in_a_text_answer_is_refused_in_chinese(public, survey):
    text_question = list(survey.questions.all())[3]
    refused = answer_api(public, survey, **{str(text_question.pk): "字体\x00再大"})
    assert refused.status_code == 400
    assert "无法保存的字符" in refused.json()["errors"][str(text_question.pk)][0]
    url = f"/hudong/diaocha/{survey.pk}/"
    questions = list(survey.questions.all())
    data = {
        f"q{questions[0].pk}": "每周",
        f"q{questions[1].pk}": ["办事服务"],
        f"q{questions[2].pk}": "满意",
        f"q{text_question.pk}": "字体\x00再大",
        **captcha_fields(public.get(url)),
    }
    html = public.post(url, data)
    assert html.status_code == 400 and "无法保存的字符" in html.content.decode()
    assert SurveyResponse.objects.filter(survey=survey).count() == 36
