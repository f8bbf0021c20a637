"""Settings an operator gives in the environment (jiyue/settings/env.py): the
forms' budgets, the mail server."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from jiyue.settings.env import rate_limits


def test_unset_keeps_the_defaults(monkeypatch):
    for name in ("PER_ADDRESS", "PER_FORM", "PER_ADDRESS_QUERY"):
        monkeypatch.delenv(f"JIYUE_RATE_LIMIT_{name}", raising=False)
    assert rate_limits() == {}


def test_count_per_seconds(monkeypatch):
    monkeypatch.setenv("JIYUE_RATE_LIMIT_PER_FORM", "6000/60")
    monkeypatch.setenv("JIYUE_RATE_LIMIT_PER_ADDRESS", " 10 / 600 ")
    assert rate_limits() == {"per_form": (6000, 60), "per_address": (10, 600)}


@pytest.mark.parametrize(
    "value", ["6000", "六千/60", "0/60", "100/0", "-5/60", "1/2/3"]
)
def test_a_wrong_value_is_refused_in_chinese(monkeypatch, value):
    monkeypatch.setenv("JIYUE_RATE_LIMIT_PER_FORM", value)
    with pytest.raises(ImproperlyConfigured) as refused:
        rate_limits()
    message = str(refused.value)
    assert "JIYUE_RATE_LIMIT_PER_FORM" in message and value in message
    assert "次数/秒数" in message


# Mail to the operators of a mailbox (and every other staff mail): the SMTP server.


def test_the_mail_port_must_be_a_number(monkeypatch):
    from jiyue.settings.env import env_int

    monkeypatch.setenv("JIYUE_EMAIL_PORT", "二十五")
    with pytest.raises(
        ImproperlyConfigured, match=r"JIYUE_EMAIL_PORT.*二十五.*非负整数"
    ):
        env_int("JIYUE_EMAIL_PORT", 25)
    monkeypatch.setenv("JIYUE_EMAIL_PORT", "587")
    assert env_int("JIYUE_EMAIL_PORT", 25) == 587


def test_starttls_or_ssl_not_both(monkeypatch):
    from jiyue.settings.env import mail_security

    monkeypatch.setenv("JIYUE_EMAIL_TLS", "1")
    monkeypatch.delenv("JIYUE_EMAIL_SSL", raising=False)
    assert mail_security() == (True, False)
    monkeypatch.setenv("JIYUE_EMAIL_SSL", "1")
    with pytest.raises(ImproperlyConfigured, match="只能设置其一"):
        mail_security()


def _mail_in_a_process(tmp_path, **env):
    import os
    import subprocess
    import sys

    code = (
        "import django; django.setup()\n"
        "from django.conf import settings; from django.core.mail import send_mail\n"
        "print(settings.EMAIL_BACKEND)\n"
        "if 'filebased' in settings.EMAIL_BACKEND:\n"
        "    send_mail('新留言', '请处理。', 'a@localhost', ['b@localhost'])\n"
    )
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith("JIYUE_EMAIL")
    }
    environment.pop("DATABASE_URL", None)
    environment.update(JIYUE_DEMO="1", JIYUE_VAR_DIR=str(tmp_path),
                       DJANGO_SETTINGS_MODULE="jiyue.settings.admin", **env)  # fmt: skip
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], env=environment, capture_output=True,
        text=True, check=True,
    )  # fmt: skip
    return done.stdout.strip()


def test_the_demo_without_a_mail_server_writes_its_mail_to_files(tmp_path):
    backend = _mail_in_a_process(tmp_path)
    assert backend == "django.core.mail.backends.filebased.EmailBackend"
    (message,) = (tmp_path / "mail").iterdir()
    assert "b@localhost" in message.read_text()


def test_a_mail_server_named_is_used_in_the_demo_too(tmp_path):
    backend = _mail_in_a_process(tmp_path, JIYUE_EMAIL_HOST="127.0.0.1")
    assert backend == "django.core.mail.backends.smtp.EmailBackend"
    assert not (tmp_path / "mail").exists()
