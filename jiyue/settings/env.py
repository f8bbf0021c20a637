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
