"""Public endpoints of 互动交流 (on every site's host)."""

from django.urls import path

from . import views
from .channels import views as channel_views

app_name = "interaction"

urlpatterns = [
    path("hudong/", views.index, name="index"),
    path("hudong/xinxiang/<slug:slug>/", views.mailbox_form, name="mailbox"),
    path("hudong/chaxun/", views.status_query, name="query"),
    path("hudong/chaxun/pingjia/", views.rate, name="rate"),
    path("hudong/huifu/", views.replies, name="replies"),
    path("hudong/huifu/<str:tracking_no>/", views.reply_detail, name="reply"),
    path("hudong/jiucuo/", views.error_report, name="error_report"),
    # The channels: consultations, surveys, interviews.
    path("hudong/zhengji/<int:page_id>/", channel_views.comment_form, name="comment"),
    path("hudong/diaocha/<int:page_id>/", channel_views.survey_form, name="survey"),
    path("hudong/fangtan/<int:page_id>/", channel_views.question_form, name="question"),
]
