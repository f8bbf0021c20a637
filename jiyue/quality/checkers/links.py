"""Link checks that need no network: empty, ``javascript:``-only and malformed
addresses (``broken_link``), ``http://`` resources on an ``https://`` page
(``insecure_link``), links to listed illegal sites and hidden links to other
sites (``hidden_link``, 暗链)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from ..document import Document
from ..findings import Finding
from ..i18n import _
from ..lexicons import LexiconSource, words
from .base import Checker, register

# element -> attribute holding an address
URL_ATTRIBUTES = {
    "a": "href",
    "area": "href",
    "link": "href",
    "img": "src",
    "script": "src",
    "iframe": "src",
    "frame": "src",
    "embed": "src",
    "source": "src",
    "audio": "src",
    "video": "src",
    "track": "src",
    "object": "data",
    "form": "action",
}
ACTIVE = frozenset({"script", "iframe", "frame", "embed", "object", "link", "form"})
KNOWN_SCHEMES = frozenset(
    {"http", "https", "mailto", "tel", "ftp", "sms", "data", "javascript", "weixin"}
)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_HOST = re.compile(r"^[\w.-]+$")
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?![.\d])"
    r"|(?:left|top|text-indent)\s*:\s*-\d{3,}",
    re.I,
)


def url_elements(doc: Document) -> Iterator[tuple[Any, str, str]]:
    """(element, attribute, value) for every element with an address attribute."""
    if doc.tree is None:
        return
    for element in doc.tree.iter(*URL_ATTRIBUTES):
        attr = URL_ATTRIBUTES[element.tag]
        value = element.get(attr)
        if (
            value is not None
            and not (element.tag in {"form", "script", "img"} and value == "")
        ) or (element.tag == "img" and value == ""):
            yield element, attr, value


def malformed_reason(url: str) -> str | None:
    """Why ``url`` cannot work as written, or None."""
    scheme_m = _SCHEME.match(url)
    if "\\" in url:
        return _("地址中含有反斜杠")
    if not scheme_m:
        return (
            _("地址缺少 http:// 或 https://")
            if url.lower().startswith("www.")
            else None
        )
    scheme = scheme_m.group(1).lower()
    if scheme not in KNOWN_SCHEMES:
        return _("未知的协议“%(scheme)s”") % {"scheme": scheme}
    if scheme in {"http", "https", "ftp"}:
        return _web_url_reason(url)
    return None


def _web_url_reason(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return _("地址格式错误")
    if not url[len(parts.scheme) + 1 :].startswith("//") or not parts.hostname:
        return _("地址缺少主机名")
    if (
        re.search(r"\s", url)
        or not _HOST.match(parts.hostname)
        or ".." in parts.hostname
    ):
        return _("主机名含有非法字符")
    if parts.hostname.lower() in {"http", "https", "www"}:
        return _("地址重复或残缺")
    return None


def is_hidden(element: Any) -> bool:
    for node in (element, *element.iterancestors()):
        if node.get("hidden") is not None or _HIDDEN_STYLE.search(
            node.get("style") or ""
        ):
            return True
    return False


def _host(url: str) -> str:
    try:
        return (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""


@register
class BrokenLinkChecker(Checker):
    type = "broken_link"
    severity = "warning"
    html_only = True

    def check(self, doc: Document) -> Iterator[Finding]:
        for element, attr, value in url_elements(doc):
            url = value.strip()
            reason = self._reason(element.tag, url)
            if reason:
                message, severity = reason
                yield self.finding(
                    doc,
                    severity=severity,
                    message=message,
                    src_offset=doc.element_offset(element),
                    evidence=f'{attr}="{value}"',
                    target=value,
                )

    def _reason(self, tag: str, url: str) -> tuple[str, str] | None:
        if not url:
            return _("链接地址为空（%(tag)s 元素）。") % {"tag": tag}, "warning"
        if url.lower().startswith("javascript:"):
            return (
                (
                    _(
                        "链接只有 JavaScript 伪协议，没有实际地址，读屏软件和搜索引擎无法访问。"
                    ),
                    "warning",
                )
                if tag in {"a", "area"}
                else None
            )
        reason = malformed_reason(url)
        if reason:
            return _("链接地址格式错误：%(reason)s。") % {"reason": reason}, "error"
        return None


@register
class InsecureLinkChecker(Checker):
    type = "insecure_link"
    severity = "warning"
    html_only = True

    def applies_to(self, doc: Document) -> bool:
        return super().applies_to(doc) and (doc.url or "").lower().startswith(
            "https://"
        )

    def check(self, doc: Document) -> Iterator[Finding]:
        for element, attr, value in url_elements(doc):
            if not value.strip().lower().startswith("http://"):
                continue
            active = element.tag in ACTIVE
            message = (
                _("HTTPS 页面以不安全的 http:// 加载%(tag)s资源，浏览器会拦截：%(url)s")
                if active
                else _("HTTPS 页面中的链接或资源使用了不安全的 http:// 地址：%(url)s")
            ) % {"tag": element.tag, "url": value.strip()}
            yield self.finding(
                doc,
                severity="error" if active else "warning",
                message=message,
                src_offset=doc.element_offset(element),
                evidence=f'{attr}="{value}"',
                target=value.strip(),
            )


@register
class HiddenLinkChecker(Checker):
    """Links to listed illegal sites (veto) and hidden links to other sites."""

    name = "hidden_link"
    type = "hidden_link"
    severity = "veto"
    html_only = True
    lexicons = ("illegal_domains.txt",)

    def compile(self, source: LexiconSource) -> frozenset[str]:
        return frozenset(d.lower() for d in words("illegal_domains.txt", source))

    def check(self, doc: Document) -> Iterator[Finding]:
        illegal: frozenset[str] = self.data()
        page_host = _host(doc.url or "")
        for element, _attr, value in url_elements(doc):
            if element.tag not in {"a", "area", "iframe", "script"}:
                continue
            host = _host(value)
            if not host:
                continue
            finding = self._judge(doc, element, value, host, illegal, page_host)
            if finding:
                yield finding

    def _judge(
        self,
        doc: Document,
        element: Any,
        value: str,
        host: str,
        illegal: frozenset[str],
        page_host: str,
    ) -> Finding | None:
        listed = _listed(host, illegal)
        hidden = is_hidden(element)
        if not listed and not (hidden and host != page_host):
            return None
        if listed:
            message = _(
                "链接指向已列入名单的非法网站“%(host)s”（暗链或挂马），请立即删除。"
            ) % {"host": host}
        else:
            message = _("隐藏的外部链接（暗链）指向“%(host)s”，请核查并删除。") % {
                "host": host
            }
        return self.finding(
            doc,
            type="hidden_link" if hidden else "sensitive_word",
            severity="veto" if listed else "error",
            message=message,
            src_offset=doc.element_offset(element),
            evidence=value.strip(),
            target=value.strip(),
        )


def _listed(host: str, illegal: frozenset[str]) -> bool:
    parts = host.split(".")
    return any(".".join(parts[i:]) in illegal for i in range(len(parts) - 1))
