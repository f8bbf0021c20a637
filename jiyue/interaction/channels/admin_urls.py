"""Admin routes of the channels (inside the ``interaction_admin`` namespace)."""

from django.urls import path

from . import admin_views

urlpatterns = [
    path("channels/", admin_views.overview, name="channels"),
    path(
        "channels/statistics/",
        admin_views.interview_statistics,
        name="channel_statistics",
    ),
    path(
        "channels/consultation/<int:pk>/",
        admin_views.consultation,
        name="channel_consultation",
    ),
    path(
        "channels/comment/<int:pk>/<slug:action>/",
        admin_views.comment_action,
        name="channel_comment_action",
    ),
    path("channels/survey/<int:pk>/", admin_views.survey, name="channel_survey"),
    path(
        "channels/survey/<int:pk>/results/",
        admin_views.survey_results,
        name="channel_survey_results",
    ),
    path(
        "channels/interview/<int:pk>/", admin_views.interview, name="channel_interview"
    ),
    path(
        "channels/interview/<int:pk>/entry/",
        admin_views.interview_entry,
        name="channel_interview_entry",
    ),
    path(
        "channels/question/<int:pk>/<slug:action>/",
        admin_views.question_action,
        name="channel_question_action",
    ),
]
