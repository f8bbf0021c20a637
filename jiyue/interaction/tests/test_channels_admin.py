"""Staff side of the channels: moderation, adoption, survey results, the live
transcript, the per-unit interview count; every route scoped per site; static
pages republished through the publishing app's task."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry, PageLogEntry

from jiyue.cluster.roles import Role
from jiyue.interaction.channels import tasks
from jiyue.interaction.models import (
    ConsultationComment,
    ConsultationPage,
    InterviewEntry,
    InterviewPage,
    InterviewQuestion,
    Moderation,
    PhaseMark,
    SurveyPage,
    SurveyResultsRelease,
)

from .conftest import admin_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(www):
    return ConsultationPage.objects.get(slug="zhengqiu-wzgl")


@pytest.fixture
def survey(www):
    return SurveyPage.objects.get(slug="diaocha-wzty")


@pytest.fixture
def interview(www):
    return InterviewPage.objects.get(slug="fangtan-yshj")


@pytest.fixture
def pending_comment(consultation):
    return consultation.comments.get(status=Moderation.PENDING)


@pytest.fixture
def enqueued():
    """The publishing app's task, as the channels call it after the commit."""
    with mock.patch("jiyue.publishing.tasks.publish_change_task") as task:
        yield task.enqueue


def test_approving_a_comment_logs_the_actor_and_republishes_the_page(
    office_www,
    consultation,
    pending_comment,
    enqueued,
    django_capture_on_commit_callbacks,
):
    client = admin_client(office_www)
    page = client.get(
        reverse("interaction_admin:channel_consultation", args=[consultation.pk])
    )
    assert page.status_code == 200 and "两个工作日可以接受" in page.content.decode()
    url = reverse(
        "interaction_admin:channel_comment_action", args=[pending_comment.pk, "approve"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    pending_comment.refresh_from_db()
    assert pending_comment.status == Moderation.APPROVED
    assert pending_comment.moderated_by == office_www
    entry = ModelLogEntry.objects.get(action="jiyue.interaction.comment_approve")
    assert entry.user == office_www and entry.object_id == str(pending_comment.pk)
    site = consultation.get_site()
    enqueued.assert_called_once_with(
        changed=[consultation.pk], context=[], sites=[site.pk], full_sites=[]
    )


def test_adoption_needs_a_reason_unless_adopted(office_www, consultation):
    comment = consultation.comments.filter(status=Moderation.APPROVED).first()
    client = admin_client(office_www)
    url = reverse(
        "interaction_admin:channel_comment_action", args=[comment.pk, "adopt"]
    )
    response = client.post(url, {"adoption": "not_adopted", "note": ""}, follow=True)
    assert "请说明理由" in response.content.decode()
    comment.refresh_from_db()
    assert comment.adoption == ""
    client.post(url, {"adoption": "not_adopted", "note": "与上位法规定不一致。"})
    comment.refresh_from_db()
    assert comment.adoption == "not_adopted" and comment.adoption_note


def test_publishing_survey_results_is_staff_action_and_republishes(
    office_www, survey, enqueued, django_capture_on_commit_callbacks
):
    SurveyResultsRelease.objects.filter(survey=survey).delete()
    client = admin_client(office_www)
    page = client.get(reverse("interaction_admin:channel_survey", args=[survey.pk]))
    body = page.content.decode()
    assert "公布调查结果" in body and "希望搜索更准确" in body  # staff see free text
    url = reverse("interaction_admin:channel_survey_results", args=[survey.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"publish": "1"})
    release = SurveyResultsRelease.objects.get(survey=survey)
    assert release.published_by == office_www
    assert PageLogEntry.objects.filter(
        page=survey, action="jiyue.interaction.results_publish", user=office_www
    ).exists()
    assert enqueued.call_count == 1


def test_staff_post_the_transcript_and_answering_approves_the_question(
    office_www, interview, enqueued, django_capture_on_commit_callbacks, public
):
    question = interview.questions.get()
    client = admin_client(office_www)
    url = reverse("interaction_admin:channel_interview_entry", args=[interview.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {
                "role": "guest",
                "speaker": "周文斌",
                "content": "今年开办企业压缩到 1 个工作日。",
                "question": question.pk,
            },
        )
    asked, answer = InterviewEntry.objects.filter(page=interview).order_by("seq")
    assert (asked.role, asked.content) == ("citizen", question.content)
    assert answer.seq == 2 and answer.posted_by == office_www
    question.refresh_from_db()
    assert question.status == Moderation.APPROVED
    assert enqueued.call_count == 1
    live = public.get(f"/api/interaction/interviews/{interview.pk}/transcript").json()
    assert [e["role"] for e in live["entries"]] == ["citizen", "guest"]
    assert live["entries"][1]["content"] == "今年开办企业压缩到 1 个工作日。"
    empty = client.post(url, {"role": "guest", "speaker": "", "content": ""})
    assert (
        empty.status_code == 200
        and "请填写发言人、身份和内容" in empty.content.decode()
    )
    assert InterviewEntry.objects.filter(page=interview).count() == 2


def test_question_moderation(office_www, interview):
    question = interview.questions.get()
    url = reverse(
        "interaction_admin:channel_question_action", args=[question.pk, "reject"]
    )
    admin_client(office_www).post(url)
    question.refresh_from_db()
    assert question.status == Moderation.REJECTED
    assert ModelLogEntry.objects.filter(
        action="jiyue.interaction.question_reject"
    ).exists()


def test_a_site_editor_with_publish_rights_moderates_that_site_only(
    make_staff, www, consultation, pending_comment
):
    editor = make_staff("www-editor", Role.EDITOR, www)
    client = admin_client(editor)
    overview = client.get(reverse("interaction_admin:channels"))
    assert (
        overview.status_code == 200 and consultation.title in overview.content.decode()
    )
    url = reverse(
        "interaction_admin:channel_comment_action", args=[pending_comment.pk, "reject"]
    )
    assert client.post(url).status_code == 302
    pending_comment.refresh_from_db()
    assert pending_comment.status == Moderation.REJECTED


def refused(response) -> bool:
    """403/404/405, or Wagtail's redirect to the dashboard ("no permission")."""
    if response.status_code in (403, 404, 405):
        return True
    return response.status_code == 302 and response["Location"] == "/admin/"


def channel_urls(consultation, survey, interview) -> dict[str, str]:
    comment = consultation.comments.first()
    question = interview.questions.first()
    r = reverse
    return {
        "consultation": r(
            "interaction_admin:channel_consultation", args=[consultation.pk]
        ),
        "comment": r(
            "interaction_admin:channel_comment_action", args=[comment.pk, "approve"]
        ),
        "survey": r("interaction_admin:channel_survey", args=[survey.pk]),
        "results": r("interaction_admin:channel_survey_results", args=[survey.pk]),
        "interview": r("interaction_admin:channel_interview", args=[interview.pk]),
        "entry": r("interaction_admin:channel_interview_entry", args=[interview.pk]),
        "question": r(
            "interaction_admin:channel_question_action", args=[question.pk, "approve"]
        ),
        "statistics": r("interaction_admin:channel_statistics"),
    }


def test_another_sites_staff_are_refused_every_route(
    office_ankang, make_staff, ankang, consultation, survey, interview
):
    ankang_editor = make_staff("ankang-editor", Role.EDITOR, ankang)
    for user in (office_ankang, ankang_editor):
        client = admin_client(user)
        overview = client.get(reverse("interaction_admin:channels"))
        assert overview.status_code == 200
        assert consultation.title not in overview.content.decode()
        for name, url in channel_urls(consultation, survey, interview).items():
            for method in (client.get, client.post):
                assert refused(method(url)), (user, name, method)
    assert not ConsultationComment.objects.filter(moderated_by__isnull=False).exists()
    assert not InterviewEntry.objects.filter(page=interview).exists()


def test_staff_without_any_interaction_role_are_refused(django_user_model):
    user = django_user_model.objects.create_user(username="plain", password="x-1234567")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert refused(admin_client(user).get(reverse("interaction_admin:channels")))


def test_the_platform_office_sees_interviews_per_unit_and_year(
    platform_office, office_www, www
):
    past = InterviewPage.objects.get(slug="fangtan-sjhm")
    year = past.opens_at.year
    response = admin_client(platform_office).get(
        reverse("interaction_admin:channel_statistics") + f"?year={year}"
    )
    assert response.status_code == 200
    rows = {
        r.unit.name: r for r in response.context["rows"] if r.unit.site_id == www.pk
    }
    assert rows["市大数据局"].interviews >= 1 and rows["市大数据局"].head_took_part
    assert (
        rows["市政府办公厅"].interviews == 0 and not rows["市政府办公厅"].head_took_part
    )
    assert "未达到" in response.content.decode()
    response_office = admin_client(office_www).get(
        reverse("interaction_admin:channel_statistics")
    )
    assert refused(response_office)


def test_phase_changes_republish_each_page_once(
    enqueued, django_capture_on_commit_callbacks, www
):
    consultation = ConsultationPage.objects.get(slug="zhengqiu-wzgl")
    with django_capture_on_commit_callbacks(execute=True):
        tasks.republish_phase_changes()
    first = enqueued.call_count
    assert first == InterviewPage.objects.live().count() + 3  # 2 + 1 + 2 pages
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.republish_phase_changes() == 0
    later = consultation.closes_at + dt.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.republish_phase_changes(now=later) >= 1
    assert PhaseMark.objects.get(page_id=consultation.pk).phase == "closed"


def test_the_page_types_live_only_in_columns():
    from jiyue.content.models import ColumnPage, HomePage

    for model in (ConsultationPage, SurveyPage, InterviewPage):
        assert model.can_create_at(ColumnPage())
        assert not model.can_create_at(HomePage())


def test_the_demo_is_idempotent(www):
    from django.utils import timezone

    from jiyue.interaction.channels.demo import load_demo_channels

    counts = (ConsultationComment.objects.count(), InterviewQuestion.objects.count())
    assert load_demo_channels(www, timezone.now()) == 0
    assert counts == (
        ConsultationComment.objects.count(),
        InterviewQuestion.objects.count(),
    )


def test_the_channel_phases_command_reports_what_it_scheduled(
    enqueued, django_capture_on_commit_callbacks, www
):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("channel_phases", stdout=out)
    assert "已安排重新发布 5 个页面" in out.getvalue()
    assert enqueued.call_count == 5


def test_editors_edit_the_channel_pages_in_wagtail(django_user_model, www):
    from wagtail.models import Page

    user = django_user_model.objects.create_superuser("root-ed", "r@example.com", "x")
    client = admin_client(user)
    for slug, label in (
        ("zhengqiu-wzgl", "征求意见稿及附件"),
        ("diaocha-wzty", "题型"),
        ("fangtan-yshj", "访谈嘉宾"),
    ):
        target = Page.objects.get(slug=slug)
        response = client.get(reverse("wagtailadmin_pages:edit", args=[target.pk]))
        assert response.status_code == 200 and label in response.content.decode()
