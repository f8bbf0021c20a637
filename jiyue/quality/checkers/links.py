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
from ..hidden_links import illegal_match, registrable_domain, verdict
from ..hiding import TECHNIQUE_NAMES, attribute_techniques, tiny_frame
from ..i18n import _
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
    """Links to listed illegal sites (veto) and hidden links to other sites, judged
    by the one rule of ``jiyue.quality.hidden_links`` (the monitor's too; ADR 0111).

    On one page the hiding techniques are read from the element and its ancestors
    (inline style, ``hidden``, marquees, tiny frames); the monitor adds the site's
    stylesheets and scripts. "Another site" is another registrable domain than the
    page's own (every host counts as another when the page has no address)."""

    name = "hidden_link"
    type = "hidden_link"
    severity = "veto"
    html_only = True
    lexicons = (
        "illegal_domains.txt",
        "hidden_link_words.txt",
        "hidden_link_allow_hosts.txt",
    )

    def check(self, doc: Document) -> Iterator[Finding]:
        own = registrable_domain(doc.url) if doc.url and "//" in doc.url else ""
        for element, _attr, value in url_elements(doc):
            if element.tag not in {"a", "area", "iframe", "script"}:
                continue
            host = _host(value)
            if host and registrable_domain(host) != own:
                finding = self._judge(doc, element, value.strip(), host)
                if finding:
                    yield finding

    def _judge(
        self, doc: Document, element: Any, target: str, host: str
    ) -> Finding | None:
        techniques = _techniques(element)
        if not techniques or element.tag == "script":
            listed = illegal_match(host)
            if not listed:
                return None
            message = _(
                "链接指向已列入名单的非法网站“%(host)s”（暗链或挂马），请立即删除。"
            ) % {"host": host}
            return self._finding(
                doc, element, target, "sensitive_word", "veto", message
            )
        judged = verdict(target, _label(element), techniques)
        if judged is None:
            return None
        severity, reason = judged
        how = "、".join(sorted(TECHNIQUE_NAMES.get(t, t) for t in techniques))
        message = _(
            "暗链：以「%(how)s」方式隐藏、指向其他网站 %(host)s 的链接；%(reason)s"
        ) % {"how": how, "host": host, "reason": reason}
        return self._finding(doc, element, target, "hidden_link", severity, message)

    def _finding(
        self,
        doc: Document,
        element: Any,
        target: str,
        type_: str,
        severity: str,
        message: str,
    ) -> Finding:
        return self.finding(
            doc,
            type=type_,
            severity=severity,
            message=message,
            src_offset=doc.element_offset(element),
            evidence=target,
            target=target,
        )


def _techniques(element: Any) -> frozenset[str]:
    """How ``element`` (an lxml element) or one of its ancestors is hidden."""
    found: set[str] = set()
    for node in (element, *element.iterancestors()):
        if not isinstance(node.tag, str) or node.tag in ("body", "html"):
            break
        found |= attribute_techniques(node.tag, node.attrib)
    if element.tag == "iframe" and (
        tiny_frame(element.attrib) or attribute_techniques("iframe", element.attrib)
    ):
        found.add("hidden_iframe")
    return frozenset(found)


def _label(element: Any) -> str:
    title = element.get("title") or ""
    return f"{' '.join(element.itertext()).strip()} {title}".strip()
