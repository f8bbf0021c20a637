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

SEVERITIES = ("veto", "error", "warning", "info")
BLOCKING_SEVERITIES = frozenset({"veto", "error"})


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
