"""Public forms of the channels (included by ``interaction.public_urls``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("hudong/zhengji/<int:page_id>/", views.comment_form, name="comment"),
    path("hudong/diaocha/<int:page_id>/", views.survey_form, name="survey"),
    path("hudong/fangtan/<int:page_id>/", views.question_form, name="question"),
]
