"""Admin routes of 互动交流 (namespace ``interaction_admin``)."""

from django.urls import path

from . import channels, views

app_name = "interaction_admin"

urlpatterns = [
    path("", views.case_list, name="cases"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("statistics/", views.statistics, name="statistics"),
    # The channels: consultations, surveys, interviews.
    path("channels/", channels.overview, name="channels"),
    path(
        "channels/statistics/",
        channels.interview_statistics,
        name="channel_statistics",
    ),
    path(
        "channels/consultation/<int:pk>/",
        channels.consultation,
        name="channel_consultation",
    ),
    path(
        "channels/comment/<int:pk>/<slug:action>/",
        channels.comment_action,
        name="channel_comment_action",
    ),
    path("channels/survey/<int:pk>/", channels.survey, name="channel_survey"),
    path(
        "channels/survey/<int:pk>/results/",
        channels.survey_results,
        name="channel_survey_results",
    ),
    path("channels/interview/<int:pk>/", channels.interview, name="channel_interview"),
    path(
        "channels/interview/<int:pk>/entry/",
        channels.interview_entry,
        name="channel_interview_entry",
    ),
    path(
        "channels/question/<int:pk>/<slug:action>/",
        channels.question_action,
        name="channel_question_action",
    ),
    path("<int:pk>/", views.case_detail, name="case"),
    # Before the actions: "attachment" would otherwise be taken for one.
    path(
        "<int:pk>/attachment/",
        views.case_attachment,
        name="case_attachment",
    ),
    path("<int:pk>/<slug:action>/", views.case_action, name="case_action"),
]
