"""Rate limits that stop one abuser without locking out a city
(docs/decisions/0316-client-address-and-budgets.md): the client's address
behind a trusted proxy, budgets per address and per form, a form-wide budget
counted only after the CAPTCHA, limited status queries and ratings, and a
CAPTCHA token that a wrong answer spends."""

from __future__ import annotations

import json

import pytest
from django.test import RequestFactory, override_settings

from jiyue.interaction import captcha, ratelimit, services
from jiyue.interaction.models import ConsultationPage, Message

from .conftest import WWW, PublicClient, captcha_fields, solve

pytestmark = pytest.mark.django_db

MAILBOX = "/hudong/xinxiang/shizhang/"
LETTER = {"subject": "咨询公积金提取", "content": "请问租房提取公积金需要什么材料？"}


def behind_proxy(address: str) -> PublicClient:
    """A citizen at ``address`` reaching the application through the local nginx."""
    return PublicClient(
        HTTP_HOST=WWW, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address
    )


def post_letter(client, path=MAILBOX, data=LETTER, **captcha_override):
    fields = {**captcha_fields(client.get(path)), **captcha_override}
    return client.post(path, {**data, **fields})


def api_captcha(client) -> dict:
    data = client.get("/api/interaction/captcha").json()
    return {"captcha_token": data["token"], "captcha_answer": solve(data["question"])}


def api_letter(client, **fields):
    payload = {"mailbox": "zixun", "subject": "API 来信", "content": "请问社保卡？"}
    payload.update(api_captcha(client))
    payload.update(fields)
    return client.post(
        "/api/interaction/messages",
        json.dumps(payload),
        content_type="application/json",
    )


# -- the client's address ---------------------------------------------------------


def address_of(remote: str, forwarded: str | None = None) -> str:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    request = RequestFactory().get("/", REMOTE_ADDR=remote, **extra)
    return ratelimit.client_address(request)


def test_forwarded_for_counts_only_from_a_trusted_proxy(settings):
    settings.JIYUE_TRUSTED_PROXIES = ["127.0.0.1", "::1", "10.0.0.0/8"]
    # A client on the internet cannot choose its address by sending the header.
    assert address_of("203.0.113.5", "198.51.100.7") == "203.0.113.5"
    # Through nginx on loopback: the address nginx saw.
    assert address_of("127.0.0.1", "198.51.100.7") == "198.51.100.7"
    # What the client put in front of it is not believed.
    assert address_of("127.0.0.1", "1.1.1.1, 198.51.100.7") == "198.51.100.7"
    # Walked from the right past every trusted proxy.
    assert address_of("::1", "198.51.100.7, 10.1.2.3,10.0.0.9") == "198.51.100.7"
    assert address_of("127.0.0.1", "10.0.0.1") == "10.0.0.1"
    # A malformed hop stops the walk at the last trusted address.
    assert address_of("127.0.0.1", "198.51.100.7, nonsense") == "127.0.0.1"
    assert address_of("::ffff:127.0.0.1", "198.51.100.7") == "198.51.100.7"
    assert address_of("127.0.0.1") == "127.0.0.1"
    settings.JIYUE_TRUSTED_PROXIES = []
    assert address_of("127.0.0.1", "198.51.100.7") == "127.0.0.1"


def test_an_ipv6_client_is_counted_by_its_64():
    assert ratelimit.bucket_address("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert ratelimit.bucket_address("198.51.100.7") == "198.51.100.7"


@override_settings(JIYUE_INTERACTION_RATE_LIMITS={"per_address": (2, 600)})
def test_behind_nginx_one_citizen_does_not_lock_out_another(www):
    first = behind_proxy("198.51.100.1")
    assert [post_letter(first).status_code for _ in range(3)] == [200, 200, 429]
    assert post_letter(behind_proxy("198.51.100.2")).status_code == 200


# -- budgets per address and per form ----------------------------------------------


@override_settings(JIYUE_INTERACTION_RATE_LIMITS={"per_address": (1, 600)})
def test_the_address_budget_is_per_form(public, www):
    assert post_letter(public).status_code == 200
    assert post_letter(public).status_code == 429  # this mailbox: spent
    consultation = ConsultationPage.objects.get(slug="zhengqiu-wzgl")
    comment = f"/hudong/zhengji/{consultation.pk}/"
    assert post_letter(public, comment, {"content": "意见"}).status_code == 200
    assert api_letter(public).status_code == 201  # another mailbox
    query = {"tracking_no": "1999000000000000", "query_code": "WRONG234"}
    assert public.post("/hudong/chaxun/", query).status_code == 404  # not 429


@override_settings(
    JIYUE_INTERACTION_RATE_LIMITS={"per_address": (1000, 600), "per_form": (3, 60)}
)
def test_bogus_tokens_do_not_close_a_mailbox(public, www):
    attacker = behind_proxy("198.51.100.66")
    for _ in range(10):
        bogus = api_letter(
            attacker, mailbox="shizhang", captcha_token="forged", captcha_answer="1"
        )
        assert bogus.status_code == 400
        wrong = api_letter(attacker, mailbox="shizhang", captcha_answer="99")
        assert wrong.status_code == 400
        assert post_letter(attacker, captcha_answer="99").status_code == 400
    # Well-behaved citizens still get through; the form-wide budget only counts
    # submissions that passed the CAPTCHA, and still protects the server.
    citizens = [behind_proxy(f"198.51.100.{n}") for n in (1, 2, 3, 4)]
    assert api_letter(citizens[0], mailbox="shizhang").status_code == 201
    assert post_letter(citizens[1]).status_code == 200
    assert api_letter(citizens[2], mailbox="shizhang").status_code == 201
    busy = api_letter(citizens[3], mailbox="shizhang")
    assert busy.status_code == 429 and "稍后再试" in busy.json()["detail"]


def test_the_form_budget_counts_only_solved_claims_in_memory(settings):
    settings.JIYUE_INTERACTION_RATE_LIMITS = {
        "per_address": (1000, 600),
        "per_form": (1, 60),
    }

    def attempt(nonce: str | None, solved: bool):
        return ratelimit.allow_and_claim(
            address="10.0.0.5",
            form="budget",
            claim=captcha.used_key(nonce) if nonce else None,
            claim_seconds=60,
            solved=solved,
        )

    assert attempt(None, False) == (True, False)  # no genuine token
    assert attempt("n1", False) == (True, True)  # wrong answer: spent, not counted
    assert attempt("n2", True) == (True, True)  # counted: 1 of 1
    assert attempt("n2", True) == (True, False)  # a replay is not counted
    assert attempt("n3", True) == (False, True)  # the form-wide budget is spent


# -- the CAPTCHA ------------------------------------------------------------------


def test_a_wrong_answer_spends_the_token(public, www):
    challenge = captcha.new_challenge()
    right = solve(challenge.question)
    assert not captcha.verify(challenge.token, "99" if right != "99" else "98")
    assert not captcha.verify(challenge.token, right)
    # Through the HTML form and through the API alike.
    page = public.get(MAILBOX)
    fields = captcha_fields(page)
    wrong = public.post(MAILBOX, {**LETTER, **fields, "captcha_answer": "99"})
    assert wrong.status_code == 400
    again = public.post(MAILBOX, {**LETTER, **fields})
    assert again.status_code == 400 and "验证问题回答不正确" in again.content.decode()
    fields = api_captcha(public)
    assert api_letter(public, **{**fields, "captcha_answer": "99"}).status_code == 400
    replay = api_letter(public, **fields)
    assert replay.status_code == 400 and "captcha_answer" in replay.json()["errors"]
    assert not Message.objects.filter(
        subject__in=["API 来信", LETTER["subject"]]
    ).exists()


# -- status queries and ratings ---------------------------------------------------


@override_settings(JIYUE_INTERACTION_RATE_LIMITS={"per_address_query": (2, 600)})
def test_status_queries_are_limited_per_address_html_and_api(public, leader_box):
    submission = services.message_submit(mailbox=leader_box, subject="问", content="问")
    number, code = submission.message.tracking_no, submission.query_code
    path = f"/api/interaction/messages/{number}"
    assert public.get(path, {"query_code": "WRONG234"}).status_code == 404
    assert public.post(
        "/hudong/chaxun/", {"tracking_no": number, "query_code": "WRONG234"}
    ).status_code == 404  # fmt: skip
    refused = public.get(path, {"query_code": code})
    assert refused.status_code == 429 and "查询过于频繁" in refused.json()["detail"]
    html = public.post("/hudong/chaxun/", {"tracking_no": number, "query_code": code})
    assert html.status_code == 429 and "查询过于频繁" in html.content.decode()
    other = behind_proxy("198.51.100.9")
    assert other.get(path, {"query_code": code}).status_code == 200


@override_settings(JIYUE_INTERACTION_RATE_LIMITS={"per_address_query": (2, 600)})
def test_ratings_are_limited_per_address_html_and_api(public, leader_box):
    submission = services.message_submit(mailbox=leader_box, subject="问", content="问")
    number = submission.message.tracking_no
    path = f"/api/interaction/messages/{number}/rating"
    body = json.dumps({"query_code": "WRONG234", "rating": "satisfied"})
    statuses = [
        public.post(path, body, content_type="application/json").status_code
        for _ in range(3)
    ]
    assert statuses == [404, 404, 429]
    form = {"tracking_no": number, "query_code": "WRONG234", "rating": "satisfied"}
    html = public.post("/hudong/chaxun/pingjia/", form)
    assert html.status_code == 429 and "查询过于频繁" in html.content.decode()
    other = behind_proxy("198.51.100.10")
    assert other.post("/hudong/chaxun/pingjia/", form).status_code == 404
