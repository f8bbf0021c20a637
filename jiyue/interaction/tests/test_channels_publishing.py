"""The channel pages are static files: staff actions republish them through the
publishing app's task, so the published file shows the new comment, the
results chart or the transcript line (the worker's backend in tests runs the
task at once)."""

from __future__ import annotations

from pathlib import Path

import pytest
from wagtail.models import Site

from jiyue.interaction.channels import services
from jiyue.interaction.models import (
    ConsultationPage,
    InterviewPage,
    Moderation,
    SurveyPage,
    SurveyResultsRelease,
)
from jiyue.publishing import services as publishing

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(tmp_path, settings, demo_cluster) -> Path:
    settings.JIYUE_PUBLISH_ROOT = tmp_path / "publish"
    www = Site.objects.select_related("root_page").get(hostname="www.localhost")
    SurveyResultsRelease.objects.filter(survey__slug="diaocha-wzty").delete()
    publishing.publish_site(www)
    return settings.JIYUE_PUBLISH_ROOT / "www.localhost"


def read(tree: Path, path: str) -> str:
    return (tree / path / "index.html").read_text(encoding="utf-8")


def test_staff_actions_republish_the_static_pages(
    tree, office_www, django_capture_on_commit_callbacks
):
    survey = SurveyPage.objects.get(slug="diaocha-wzty")
    assert "survey-chart" not in read(tree, "hdjl/diaocha-wzty")
    with django_capture_on_commit_callbacks(execute=True):
        services.survey_results_publish(page=survey, actor=office_www, publish=True)
    published = read(tree, "hdjl/diaocha-wzty")
    assert published.count('<svg class="survey-chart"') == 3
    assert "result-table" in published

    consultation = ConsultationPage.objects.get(slug="zhengqiu-wzgl")
    comment = consultation.comments.get(status=Moderation.PENDING)
    assert "两个工作日可以接受" not in read(tree, "hdjl/zhengqiu-wzgl")
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_moderate(comment=comment, actor=office_www, approve=True)
    assert "两个工作日可以接受" in read(tree, "hdjl/zhengqiu-wzgl")

    interview = InterviewPage.objects.get(slug="fangtan-yshj")
    with django_capture_on_commit_callbacks(execute=True):
        services.transcript_post(
            page=interview, actor=office_www, role="host", speaker="主持人",
            content="各位网友好，访谈即将开始。",
        )  # fmt: skip
    static = read(tree, "hdjl/fangtan-yshj")
    assert "各位网友好，访谈即将开始。" in static  # shown without JavaScript
    assert 'data-after="1"' in static
    assert "/static/interaction/interview." in static  # the script, hashed


def test_the_published_column_lists_the_channel_pages(tree):
    column = read(tree, "hdjl")
    for slug in ("zhengqiu-wzgl", "diaocha-wzty", "fangtan-sjhm", "fangtan-yshj"):
        assert f"/hdjl/{slug}/" in column
