"""Redis restarted while citizens write (issue 19): the public processes share Redis for
the CAPTCHA's single use and the rate limits. While it is down a submission gets the
Chinese 「系统繁忙，请稍后再试」 page and nothing is acknowledged; when it is back the same
process serves again by itself (redis-py reconnects), and the letter is stored."""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest
from django.test import override_settings

from jiyue.interaction.models import Message
from tests.clients import PublicClient

from .conftest import WWW, captcha_fields

REDIS = shutil.which("redis-server")
pytestmark = [
    pytest.mark.skipif(REDIS is None, reason="redis-server not installed"),
    pytest.mark.django_db,
]
FORM = "/hudong/xinxiang/shizhang/"


class Redis:
    """A Redis server of the test's own, on a socket that survives its restarts."""

    def __init__(self, sock) -> None:
        self.sock = sock
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - Debian's redis-server
            [REDIS, "--port", "0", "--unixsocket", str(self.sock), "--save", ""],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(200):
            if self.sock.exists():
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server 没有启动")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        self.sock.unlink(missing_ok=True)


@pytest.fixture
def redis(tmp_path):
    server = Redis(tmp_path / "redis.sock")
    server.start()
    location = f"unix://{server.sock}"
    cache = {"BACKEND": "jiyue.redis_cache.SharedRedisCache", "LOCATION": location}
    with override_settings(CACHES={"default": cache}):
        yield server
    if server.process.poll() is None:
        server.stop()


def test_a_letter_while_redis_restarts(redis, leader_box):
    citizen = PublicClient(HTTP_HOST=WWW, raise_request_exception=False)
    form = citizen.get(FORM)
    assert form.status_code == 200
    data = {
        "subject": "路灯坏了",
        "content": "小区门口的路灯坏了三个月，晚上出行很不方便，请尽快修理。",
        "name": "张三",
        "phone": "13812345678",
        "consent_publish": "on",
        **captcha_fields(form),
    }
    before = Message.objects.count()

    redis.stop()
    busy = citizen.post(FORM, data)
    assert busy.status_code == 500
    assert "系统繁忙，请稍后再试" in busy.content.decode()
    assert Message.objects.count() == before  # nothing acknowledged, nothing stored

    redis.start()  # the same process, no restart: the client reconnects
    stored = citizen.post(FORM, data)
    assert stored.status_code == 200, stored.content.decode()[:1000]
    submission = stored.context["submission"]
    assert submission.message.tracking_no in stored.content.decode()
    assert Message.objects.count() == before + 1
    assert Message.objects.get(pk=submission.message.pk).subject == "路灯坏了"
