"""Public endpoints of 互动交流 (on every site's host)."""

from django.urls import include, path

from . import views

app_name = "interaction"

urlpatterns = [
    path("hudong/", views.index, name="index"),
    path("hudong/xinxiang/<slug:slug>/", views.mailbox_form, name="mailbox"),
    path("hudong/chaxun/", views.status_query, name="query"),
    path("hudong/chaxun/pingjia/", views.rate, name="rate"),
    path("hudong/huifu/", views.replies, name="replies"),
    path("hudong/huifu/<str:tracking_no>/", views.reply_detail, name="reply"),
    path("hudong/jiucuo/", views.error_report, name="error_report"),
    path("", include("jiyue.interaction.channels.public_urls")),
]
