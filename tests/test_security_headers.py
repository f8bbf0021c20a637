"""Both applications send a Content Security Policy and the usual security headers;
the public side's policy allows no inline script or style at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db
COMMON = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "SAMEORIGIN",
}


def directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    parts = [p.strip().split() for p in policy.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def assert_common(response) -> None:
    for name, value in COMMON.items():
        assert response.headers.get(name) == value, name


@override_settings(ROOT_URLCONF="jiyue.urls_public")
@pytest.mark.parametrize("path", ["/", "/yaowen/", "/zcwj/guobanfa-2014-57/"])
def test_public_pages_have_a_strict_policy(demo_cluster, path):
    response = Client().get(path, HTTP_HOST="www.localhost:8000")
    assert response.status_code == 200
    assert_common(response)
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]


def test_the_admin_has_its_policy_and_headers(db):
    response = Client().get("/admin/login/")
    assert response.status_code == 200
    assert_common(response)
    policy = directives(response)
    # Inline scripts only with this response's nonce (ADR 0418), never 'unsafe-inline'.
    script_src = policy["script-src"]
    assert "'unsafe-inline'" not in script_src
    assert "'strict-dynamic'" in script_src
    (nonce,) = [s for s in script_src if s.startswith("'nonce-")]
    assert f'<script nonce="{nonce[7:-1]}"' in response.content.decode()
    assert "<script>" not in response.content.decode()
    assert "'unsafe-inline'" in policy["style-src"]  # Wagtail sets style attributes
    assert policy["object-src"] == ["'none'"]


def test_public_templates_have_no_inline_script_or_style():
    templates = (
        Path(__file__).resolve().parent.parent / "jiyue" / "content" / "templates"
    )
    offenders = []
    for path in templates.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if (
            "<style" in text
            or " style=" in text
            or "<script>" in text
            or " on" in _attrs(text)
        ):
            offenders.append(path.name)
    assert offenders == []


def _attrs(text: str) -> str:
    """Inline event handlers (onclick= …) in the markup, if any."""
    import re

    return " ".join(re.findall(r"\son[a-z]+=", text))


@pytest.fixture
def reload_base_settings(monkeypatch):
    """Imports the settings module again under ``monkeypatch``'s environment, and
    once more after it is undone, so that nothing leaks into other tests."""
    import importlib

    from jiyue.settings import base

    yield lambda: importlib.reload(base)
    monkeypatch.undo()
    importlib.reload(base)


@pytest.mark.parametrize("value", ["1", "true"])
def test_jiyue_https_turns_on_secure_cookies_proxy_ssl_and_hsts(
    monkeypatch, reload_base_settings, value
):
    monkeypatch.setenv("JIYUE_HTTPS", value)
    base = reload_base_settings()
    assert base.SESSION_COOKIE_SECURE is True
    assert base.CSRF_COOKIE_SECURE is True
    assert base.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert base.SECURE_HSTS_SECONDS == 31536000
    assert base.SECURE_HSTS_INCLUDE_SUBDOMAINS is True


def test_without_jiyue_https_the_demo_stays_on_plain_http(
    monkeypatch, reload_base_settings
):
    monkeypatch.delenv("JIYUE_HTTPS", raising=False)
    base = reload_base_settings()
    assert base.SESSION_COOKIE_SECURE is False
    assert base.CSRF_COOKIE_SECURE is False
    assert base.SECURE_PROXY_SSL_HEADER is None
    assert base.SECURE_HSTS_SECONDS == 0


@override_settings(
    ROOT_URLCONF="jiyue.urls_public",
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
)
def test_behind_tls_the_public_side_sends_hsts_and_secure_cookies(demo_cluster):
    client = Client(HTTP_HOST="www.localhost:8000")
    secure = client.get("/hudong/xinxiang/shizhang/", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains"
    )
    for cookie in secure.cookies.values():
        assert cookie["secure"], cookie.key
    plain = client.get("/hudong/xinxiang/shizhang/")
    assert "Strict-Transport-Security" not in plain
