"""The citizen's side: refusals are clear and keep what was typed, nothing
leaks with a wrong code, HTML is text, uploads are checked by content."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from jiyue.interaction import services
from jiyue.interaction.models import Mailbox, Message

from .conftest import at, captcha_fields, clock
from .test_chain import write_letter

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
    b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def post_form(public, data, path="/hudong/xinxiang/shizhang/", **captcha_override):
    page = public.get(path)
    fields = {**captcha_fields(page), **captcha_override}
    return public.post(path, {**data, **fields})


BASE = {"subject": "咨询公积金提取", "content": "请问租房提取公积金需要什么材料？"}


def test_message_is_stored_before_mail_and_survives_a_mail_failure(
    public, office_www, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        message, _code = write_letter(public)
    assert "office-www@example.com" in mail.outbox[-1].to
    assert message.tracking_no in mail.outbox[-1].subject

    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("jiyue.interaction.notify.send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        message2, _code = write_letter(public)
    assert Message.objects.filter(pk=message2.pk).exists()


def test_wrong_query_code_reveals_nothing(public, leader_box):
    submission = services.message_submit(
        mailbox=leader_box, subject="私密的标题", content="私密的内容"
    )
    number = submission.message.tracking_no
    wrong = public.post(
        "/hudong/chaxun/", {"tracking_no": number, "query_code": "WRONG234"}
    )
    unknown = public.post(
        "/hudong/chaxun/", {"tracking_no": "1999000000000000", "query_code": "WRONG234"}
    )
    assert wrong.status_code == unknown.status_code == 404
    assert "私密" not in wrong.content.decode()
    assert (
        wrong.context["form"].non_field_errors()
        == unknown.context["form"].non_field_errors()
    )
    assert "没有找到与该信件编号和查询码相符的来信" in wrong.content.decode()
    right = public.post(
        "/hudong/chaxun/",
        {"tracking_no": number, "query_code": submission.query_code.lower()},
    )
    assert right.status_code == 200 and "私密的标题" in right.content.decode()


def test_honeypot_refuses_with_a_clear_message_and_keeps_the_text(public):
    before = Message.objects.count()
    response = post_form(public, {**BASE, "website": "http://spam.example"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "请不要填写“网址”一栏" in html
    assert "请问租房提取公积金需要什么材料？" in html  # kept
    assert Message.objects.count() == before


def test_wrong_captcha_keeps_the_text_and_asks_a_new_question(public):
    response = post_form(public, BASE, captcha_answer="99")
    assert response.status_code == 400
    html = response.content.decode()
    assert "验证问题回答不正确" in html
    assert 'aria-describedby="id_captcha_answer-error"' in html
    assert "咨询公积金提取" in html
    # The same token cannot be replayed after a success.
    page = public.get("/hudong/xinxiang/shizhang/")
    fields = captcha_fields(page)
    assert (
        public.post("/hudong/xinxiang/shizhang/", {**BASE, **fields}).status_code == 200
    )
    assert (
        public.post("/hudong/xinxiang/shizhang/", {**BASE, **fields}).status_code == 400
    )


@override_settings(JIYUE_INTERACTION_RATE_LIMITS={"per_address": (2, 600)})
def test_rate_limit_per_address(public):
    assert post_form(public, BASE).status_code == 200
    assert post_form(public, BASE).status_code == 200
    response = post_form(public, BASE)
    assert response.status_code == 429
    html = response.content.decode()
    assert "提交过于频繁" in html and "咨询公积金提取" in html


@override_settings(JIYUE_INTERACTION_RATE_LIMITS={"per_form": (1, 60)})
def test_rate_limit_per_form(public):
    assert post_form(public, BASE).status_code == 200
    other = public.__class__(HTTP_HOST="www.localhost:8000", REMOTE_ADDR="10.0.0.9")
    assert post_form(other, BASE).status_code == 429


def test_html_in_citizen_text_is_shown_as_text(public):
    content = '<script>alert("x")</script><b>加粗</b><img src=x onerror=alert(1)>'
    message, code = write_letter(public, content=content, subject="<i>标题</i>")
    page = public.post(
        "/hudong/chaxun/", {"tracking_no": message.tracking_no, "query_code": code}
    )
    html = page.content.decode()
    assert "&lt;script&gt;" in html and "&lt;i&gt;标题&lt;/i&gt;" in html
    assert "<script>alert" not in html and "<b>加粗</b>" not in html


def test_sensitive_words_send_the_message_to_moderation(public):
    message, _code = write_letter(public, content="某网站长期传播色情视频，请查处。")
    assert Message.objects.get(pk=message.pk).status == "pending"
    message, _code = write_letter(public, content="有人在小区门口兜售毒品和色情光碟。")
    message.refresh_from_db()
    assert message.flagged and "色情" in message.flag_evidence


def test_attachment_checked_by_content_and_size(public):
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = post_form(public, {**BASE, "attachment": fake})
    assert response.status_code == 400
    assert "附件只能是 PDF、PNG 或 JPG 文件" in response.content.decode()
    image = SimpleUploadedFile("photo.txt", PNG, "text/plain")
    response = post_form(public, {**BASE, "attachment": image})
    assert response.status_code == 200
    assert response.context["message"].attachment.name.startswith("interaction/")
    with override_settings(JIYUE_INTERACTION_MAX_UPLOAD=10):
        image = SimpleUploadedFile("photo.png", PNG, "image/png")
        response = post_form(public, {**BASE, "attachment": image})
    assert response.status_code == 400 and "附件不能超过" in response.content.decode()


def test_missing_fields_are_explained_next_to_the_field(public):
    response = post_form(public, {"subject": "", "content": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert '<p class="error-message" id="id_subject-error">请填写标题。</p>' in html
    assert 'aria-describedby="id_subject-error"' in html


def test_unknown_mailbox_and_other_site_mailbox(public):
    assert public.get("/hudong/xinxiang/nope/").status_code == 404
    assert public.get("/hudong/").status_code == 200


def test_rating_needs_an_answer_and_the_code(public, leader_box):
    submission = services.message_submit(mailbox=leader_box, subject="问", content="问")
    number, code = submission.message.tracking_no, submission.query_code
    response = public.post(
        "/hudong/chaxun/pingjia/",
        {"tracking_no": number, "query_code": code, "rating": "satisfied"},
    )
    assert response.status_code == 400
    assert "来信答复后才能评价" in response.content.decode()
    response = public.post(
        "/hudong/chaxun/pingjia/",
        {"tracking_no": number, "query_code": "XXXX2345", "rating": "satisfied"},
    )
    assert response.status_code == 404


def test_error_report_carries_the_page_url_and_has_two_working_days(public, www):
    url = "http://www.localhost:8000/yaowen/news-002/"
    page = public.get("/hudong/jiucuo/", {"url": url})
    assert page.status_code == 200
    assert f'value="{url}"' in page.content.decode()
    data = {
        "page_url": url,
        "content": "第二段有错别字“帐号”。",
        **captcha_fields(page),
    }
    with clock(at(2026, 9, 30, 10)):
        response = public.post("/hudong/jiucuo/", data)
    assert response.status_code == 200
    message = response.context["message"]
    assert message.page_url == url and message.mailbox.slug == "jiucuo"
    message = services.message_accept(
        message=message, actor=None, now=at(2026, 9, 30, 10)
    )
    assert str(message.deadline) == "2026-10-09"  # 8 Oct, 9 Oct


@override_settings(JIYUE_ERROR_REPORT_WORKDAYS=3)
def test_error_report_working_days_are_a_setting(ankang):
    Mailbox.objects.filter(site=ankang, slug="jiucuo").delete()
    mailbox = services.error_report_mailbox(ankang)
    assert mailbox.reply_workdays == 3


def test_footer_links_to_our_error_report_form(public):
    html = public.get("/hudong/").content.decode()
    assert 'href="/hudong/jiucuo/?url=' in html
    assert "zfwzzc.www.gov.cn" not in html
