"""暗链 (hidden links): links a reader cannot see that point to another site.

This module finds the candidates with the site's context (its stylesheets, its
scripts, what is the same site); the judgement is ``jiyue.quality.hidden_links``,
the same the editorial gate applies (docs/decisions/0103, 0111). Links to the
crawled site itself are never 暗链.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from jiyue.monitor.checks.scripts import Written, written_strings
from jiyue.monitor.crawler.parse import Page
from jiyue.monitor.crawler.urls import host_of, normalize
from jiyue.monitor.i18n import _
from jiyue.quality.findings import Finding, Position
from jiyue.quality.hidden_links import verdict
from jiyue.quality.hiding import (
    TECHNIQUE_NAMES,
    apply_rules,
    hiding,
    iframe_hidden,
    stylesheet_techniques,
)

EVIDENCE_LIMIT = 300


@dataclass(frozen=True)
class Candidate:
    """A hidden link to another site, before judgement."""

    target: str
    text: str
    techniques: frozenset[str]
    evidence: str
    locate: str


@dataclass(frozen=True)
class External:
    """The same-site stylesheets and scripts a page includes (read once per crawl):
    ``sheets`` = (url, hiding rules by class/id), ``scripts`` = (url, the ``src`` as
    written in the page, the strings the script writes)."""

    sheets: tuple[tuple[str, tuple[tuple[str, frozenset[str]], ...]], ...] = ()
    scripts: tuple[tuple[str, str, tuple[Written, ...]], ...] = ()


def hidden_link_findings(
    page: Page, is_own: Callable[[str], bool], external: External | None = None
) -> list[Finding]:
    """Judge every hidden link on ``page``; ``is_own(host)`` says what is the same site."""
    if not _worth_looking(page, is_own, external):
        return []
    findings: dict[tuple[str, str], Finding] = {}
    for candidate in candidates(page, is_own, external):
        finding = judge(page, candidate)
        if finding is not None:
            findings.setdefault((candidate.target, finding.evidence), finding)
    return list(findings.values())


def _worth_looking(
    page: Page, is_own: Callable[[str], bool], external: External | None
) -> bool:
    if external is not None and external.scripts:
        return True
    if "<!--" in page.text or page.tree.css_first("script:not([src])") is not None:
        return True
    return any(not is_own(host_of(link.url)) for link in page.links)


def candidates(
    page: Page, is_own: Callable[[str], bool], external: External | None = None
) -> Iterator[Candidate]:
    sheet: dict[int, set[str]] | None = None
    origins: dict[int, str] = {}
    for node in page.tree.css("a[href], area[href], iframe[src]"):
        target = _external(node, page.base, is_own)
        if target is None:
            continue
        if sheet is None:
            sheet = stylesheet_techniques(page.tree)
            for url, rules in external.sheets if external else ():
                apply_rules(page.tree, list(rules), sheet, origins, url)
        yield from _element_candidate(node, target, sheet, origins)
    yield from _comment_candidates(page, is_own)
    yield from _script_candidates(page, is_own)
    if external is not None:
        yield from _external_script_candidates(page, is_own, external)


def _external(node: LexborNode, base: str, is_own: Callable[[str], bool]) -> str | None:
    raw = node.attributes.get("src" if node.tag == "iframe" else "href") or ""
    url = normalize(raw, base)
    return url if url and not is_own(host_of(url)) else None


def _element_candidate(
    node: LexborNode, target: str, sheet: dict[int, set[str]], origins: dict[int, str]
) -> Iterator[Candidate]:
    techniques = hiding(node, sheet)
    if node.tag == "iframe" and iframe_hidden(node, sheet):
        techniques.add("hidden_iframe")
    if techniques:
        raw = node.attributes.get("src" if node.tag == "iframe" else "href") or ""
        origin = _origin(node, origins)
        yield Candidate(
            target=target,
            text=_label(node),
            techniques=frozenset(techniques),
            evidence=(f"/* {origin} */ " if origin else "") + (node.html or ""),
            locate=raw,
        )


def _origin(node: LexborNode, origins: dict[int, str]) -> str | None:
    """The stylesheet file and rule hiding ``node`` or an ancestor, if one does."""
    current: LexborNode | None = node
    while origins and current is not None:
        if current.mem_id in origins:
            return origins[current.mem_id]
        current = current.parent
    return None


def _label(node: LexborNode) -> str:
    title = node.attributes.get("title") or ""
    return f"{node.text(separator=' ', strip=True)} {title}".strip()


def _comment_candidates(
    page: Page, is_own: Callable[[str], bool]
) -> Iterator[Candidate]:
    for node in page.tree.root.traverse(include_text=False):
        if node.tag != "-comment":
            continue
        content = node.comment_content or ""
        if "<a" in content.lower() or "<iframe" in content.lower():
            yield from _fragment_candidates(
                content, page.base, is_own, "comment", content
            )


def _script_candidates(
    page: Page, is_own: Callable[[str], bool]
) -> Iterator[Candidate]:
    for node in page.tree.css("script:not([src])"):
        source = node.text() or ""
        for written in written_strings(source):
            technique = "encoded_script" if written.encoded else "script_write"
            yield from _fragment_candidates(
                written.text, page.base, is_own, technique, source, written.encoded
            )


def _external_script_candidates(
    page: Page, is_own: Callable[[str], bool], external: External
) -> Iterator[Candidate]:
    for url, raw_src, written in external.scripts:
        for w in written:
            technique = "encoded_script" if w.encoded else "script_write"
            yield from _fragment_candidates(
                w.text, page.base, is_own, technique, raw_src, w.encoded, source=url
            )


def _fragment_candidates(
    markup: str,
    base: str,
    is_own: Callable[[str], bool],
    technique: str,
    locate: str,
    bare_urls: bool = False,
    source: str = "",
) -> Iterator[Candidate]:
    fragment = LexborHTMLParser(markup)
    sheet: dict[int, set[str]] = {}
    found = False
    for node in fragment.css("a[href], area[href], iframe[src]"):
        target = _external(node, base, is_own)
        if target is None:
            continue
        found = True
        techniques = hiding(node, sheet) | {technique}
        if node.tag == "iframe" and iframe_hidden(node, sheet):
            techniques.add("hidden_iframe")
        evidence = f"/* {source} */ {markup}" if source else markup
        yield Candidate(
            target, _label(node), frozenset(techniques), evidence, locate[:40]
        )
    if bare_urls and not found and markup.strip().startswith(("http://", "https://")):
        yield from _bare_url_candidates(markup, base, is_own, technique, locate)


def _bare_url_candidates(
    text: str, base: str, is_own: Callable[[str], bool], technique: str, locate: str
) -> Iterator[Candidate]:
    """Encoded strings that are just an address (``location.href = unescape(…)``)."""
    for word in text.replace('"', " ").replace("'", " ").split():
        if word.startswith(("http://", "https://")):
            url = normalize(word, base)
            if url and not is_own(host_of(url)):
                yield Candidate(url, "", frozenset({technique}), text, locate[:40])


def judge(page: Page, candidate: Candidate) -> Finding | None:
    """The one judgement of ``jiyue.quality.hidden_links`` on what the crawl found."""
    judged = verdict(candidate.target, candidate.text, candidate.techniques)
    if judged is None:
        return None
    severity, reason = judged
    return _finding(page, candidate, severity, reason)


def _finding(page: Page, candidate: Candidate, severity: str, reason: str) -> Finding:
    names = "、".join(sorted(TECHNIQUE_NAMES[t] for t in candidate.techniques))
    line, column = page.lines.find(candidate.locate) if page.lines else (None, None)
    message = _(
        "暗链：以「%(how)s」方式隐藏、指向其他网站 %(host)s 的链接；%(reason)s"
    ) % {
        "how": names,
        "host": host_of(candidate.target),
        "reason": reason,
    }
    return Finding(
        type="hidden_link",
        severity=severity,
        url=page.url,
        target=candidate.target,
        evidence=candidate.evidence[:EVIDENCE_LIMIT],
        message=message,
        position=Position(line, column) if line else None,
        extra={"techniques": sorted(candidate.techniques)},
    )
