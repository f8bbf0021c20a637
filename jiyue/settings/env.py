"""Reading settings from environment variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def secret_key(var_dir: Path, *, demo: bool) -> str:
    """SECRET_KEY from the environment; outside the demo it is required.

    In the demo (``JIYUE_DEMO=1``) a random key is made once and kept in
    ``var/demo-secret-key`` so that sessions survive a restart; it never ships.
    """
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    if not demo:
        raise ImproperlyConfigured(
            "未设置 SECRET_KEY 环境变量：生产环境必须设置；运行演示请设置 JIYUE_DEMO=1。"
        )
    path = var_dir / "demo-secret-key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


# The interaction budgets an operator may set (jiyue/interaction/ratelimit.py):
# environment variable -> key of JIYUE_INTERACTION_RATE_LIMITS.
RATE_LIMIT_VARIABLES = {
    "JIYUE_RATE_LIMIT_PER_ADDRESS": "per_address",
    "JIYUE_RATE_LIMIT_PER_FORM": "per_form",
    "JIYUE_RATE_LIMIT_PER_ADDRESS_QUERY": "per_address_query",
}


def rate_limits() -> dict[str, tuple[int, int]]:
    """``JIYUE_RATE_LIMIT_PER_FORM=6000/60`` (submissions per seconds) and the like;
    what is not set keeps its default."""
    limits = {}
    for name, key in RATE_LIMIT_VARIABLES.items():
        value = os.environ.get(name, "").strip()
        if not value:
            continue
        count, _slash, seconds = value.partition("/")
        if not (count.strip().isdigit() and seconds.strip().isdigit()) or not (
            int(count) > 0 and int(seconds) > 0
        ):
            raise ImproperlyConfigured(
                f"环境变量 {name} 的值“{value}”无效：应写成“次数/秒数”，"
                "两者都是正整数，例如 6000/60（每 60 秒至多 6000 次）。"
            )
        limits[key] = (int(count), int(seconds))
    return limits


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise ImproperlyConfigured(
            f"环境变量 {name} 的值“{value}”无效：应为非负整数，例如 {default}。"
        )
    return int(value)


def mail_security() -> tuple[bool, bool]:
    """(EMAIL_USE_TLS, EMAIL_USE_SSL): STARTTLS or a TLS connection, not both."""
    tls, ssl = env_bool("JIYUE_EMAIL_TLS"), env_bool("JIYUE_EMAIL_SSL")
    if tls and ssl:
        raise ImproperlyConfigured(
            "JIYUE_EMAIL_TLS 与 JIYUE_EMAIL_SSL 只能设置其一：邮件服务器端口 587 通常用 "
            "STARTTLS（JIYUE_EMAIL_TLS=1），465 用 SSL（JIYUE_EMAIL_SSL=1）。"
        )
    return tls, ssl
