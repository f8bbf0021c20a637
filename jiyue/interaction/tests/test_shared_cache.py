"""With several public processes the CAPTCHA's single use and the rate limits hold
across them: they live in Redis (JIYUE_REDIS_URL), counted in one round trip."""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest
from django.core.cache import caches
from django.test import override_settings

from jiyue.interaction import captcha, ratelimit
from jiyue.redis_cache import SharedRedisCache

from .conftest import solve

REDIS = shutil.which("redis-server")
pytestmark = [
    pytest.mark.skipif(REDIS is None, reason="redis-server not installed"),
    pytest.mark.django_db,  # the default cache (cleared around each test) is a table
]


@pytest.fixture
def redis_url(tmp_path):
    sock = tmp_path / "redis.sock"
    server = subprocess.Popen(  # noqa: S603 - the Debian redis-server, fixed arguments
        [REDIS, "--port", "0", "--unixsocket", str(sock), "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        if sock.exists():
            break
        time.sleep(0.05)
    url = f"unix://{sock}"
    cache_settings = {"BACKEND": "jiyue.redis_cache.SharedRedisCache", "LOCATION": url}
    with override_settings(CACHES={"default": cache_settings}):
        yield url
    server.terminate()
    server.wait(timeout=10)


def other_process(url: str) -> SharedRedisCache:
    """A second, independent cache client, as another gunicorn worker has."""
    return SharedRedisCache(url, {})


def test_rate_limits_count_across_processes(redis_url, settings):
    settings.JIYUE_INTERACTION_RATE_LIMITS = {
        "per_address": (3, 600),
        "per_form": (100, 60),
    }
    assert isinstance(caches["default"], SharedRedisCache)
    results = [ratelimit.allow(address="10.0.0.1", form="7") for _ in range(4)]
    assert results == [True, True, True, False]
    assert ratelimit.allow(address="10.0.0.2", form="7")  # another address
    window = int(time.time() // 600)
    key = f"interaction:rl:addr:7:10.0.0.1:{window}"  # per address and form
    assert other_process(redis_url).get(key) == 4
    ttl = caches["default"]._cache.get_client().ttl(caches["default"].make_key(key))
    assert 0 < ttl <= 605


def test_a_captcha_token_works_once_across_processes(redis_url):
    challenge = captcha.new_challenge()
    answer = solve(challenge.question)
    assert captcha.verify(challenge.token, answer)
    assert not captcha.verify(challenge.token, answer)
    nonce_keys = other_process(redis_url)._cache.get_client().keys("*")
    assert any(b"captcha-used" in k for k in nonce_keys)


def test_one_redis_client_is_reused(redis_url):
    backend = caches["default"]
    backend.set("a", 1)
    backend.get("a")
    assert backend._cache.get_client() is backend._cache.get_client(write=True)


def test_the_limits_and_a_token_in_one_round_trip(redis_url, settings):
    settings.JIYUE_INTERACTION_RATE_LIMITS = {"per_address": (2, 600)}
    challenge = captcha.new_challenge()
    nonce = captcha.solved(challenge.token, solve(challenge.question))
    assert nonce and captcha.solved(challenge.token, "99") is None
    claim = captcha.used_key(nonce)

    def once():
        return ratelimit.allow_and_claim(
            address="10.0.0.3", form="8", claim=claim, claim_seconds=60
        )

    assert once() == (True, True)
    assert once() == (True, False)  # the token was used: another process sees it
    assert once() == (False, False)
    assert other_process(redis_url).get(claim) == 1
    # What the HTML forms use agrees: the token is spent for them too.
    assert not captcha.verify(challenge.token, solve(challenge.question))
    ttl = caches["default"]._cache.get_client().ttl(caches["default"].make_key(claim))
    assert 0 < ttl <= 60


def test_in_redis_the_form_budget_counts_only_solved_claims(redis_url, settings):
    """Bogus tokens and wrong answers never spend the form-wide budget; the
    address budget is per address and form (docs/decisions/0316)."""
    settings.JIYUE_INTERACTION_RATE_LIMITS = {
        "per_address": (3, 600),
        "per_form": (1, 60),
    }

    def attempt(nonce: str | None, solved: bool, address: str = "10.0.0.6"):
        return ratelimit.allow_and_claim(
            address=address,
            form="budget",
            claim=captcha.used_key(nonce) if nonce else None,
            claim_seconds=60,
            solved=solved,
        )

    assert attempt(None, False) == (True, False)  # no genuine token
    assert attempt("r1", False) == (True, True)  # wrong answer: spent, not counted
    assert attempt("r2", True) == (True, True)  # counted: 1 of 1
    assert attempt("r2", True, "10.0.0.7") == (True, False)  # replay: not counted
    assert attempt("r3", True, "10.0.0.8") == (False, True)  # form budget spent
    assert attempt(None, False) == (False, False)  # 10.0.0.6's 4th on this form
    assert ratelimit.allow(address="10.0.0.6", form="another")
    window = int(time.time() // 60)
    assert other_process(redis_url).get(f"interaction:rl:form:budget:{window}") == 2
