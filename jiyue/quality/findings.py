"""The one shape of a finding, shared by the pre-publish gate and the monitor.

See DESIGN.md, "A finding": ``{"type", "severity", "url", "target", "evidence",
"message", "position": {"line", "column"}}``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

FINDING_TYPES = (
    "unreachable",
    "broken_link",
    "hidden_link",
    "sensitive_word",
    "wrong_expression",
    "typo",
    "garbled_text",
    "privacy_leak",
    "stale_site",
    "stale_column",
    "empty_column",
    "accessibility",
    "tampered",
    "unanswered_message",
    "missing_interpretation",
    "late_repost",
    "insecure_link",
    "injected_content",
    "incomplete_guide",
    "unreachable_service",
    "late_publication",
)

#: what each type is called where a person reads it (``jiyue check``'s text)
TYPE_NAMES = {
    "unreachable": "站点无法访问",
    "broken_link": "链接不可用",
    "hidden_link": "暗链",
    "sensitive_word": "敏感词",
    "wrong_expression": "规范表述错误",
    "typo": "错别字",
    "garbled_text": "乱码/残留标记",
    "privacy_leak": "隐私泄露",
    "stale_site": "首页不更新",
    "stale_column": "栏目不更新",
    "empty_column": "空白栏目",
    "accessibility": "无障碍",
    "tampered": "网页篡改",
    "unanswered_message": "留言未答复",
    "missing_interpretation": "缺少政策解读",
    "late_repost": "转载不及时",
    "insecure_link": "不安全链接",
    "injected_content": "植入内容",
    "incomplete_guide": "办事指南要素缺失",
    "unreachable_service": "在线办理系统或附件无法访问",
    "late_publication": "发布超期",
}

SEVERITIES = ("veto", "error", "warning", "info")
BLOCKING_SEVERITIES = frozenset({"veto", "error"})
#: key of ``extra``: the severity a finding has when the monitor's crawl finds it
#: on a published page (``gate(context=CRAWL)`` applies it when it is graver)
CRAWL_SEVERITY = "crawl_severity"


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass(frozen=True)
class Finding:
    type: str
    severity: str
    message: str
    evidence: str = ""
    url: str | None = None
    target: str | None = None
    position: Position | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if self.type not in FINDING_TYPES:
            raise ValueError(f"unknown finding type: {self.type}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity: {self.severity}")

    @property
    def blocks(self) -> bool:
        return self.severity in BLOCKING_SEVERITIES

    def as_dict(self) -> dict[str, Any]:
        """The contract's JSON shape (``extra`` is not part of it)."""
        data = asdict(self)
        data.pop("extra")
        return data
