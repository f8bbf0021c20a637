"""Editorial workflow, roles per site and the pre-publish gate (jiyue.editorial).

Public API (import from here)::

    role_grant(*, actor, user, site, role, column=None) -> Group
    role_revoke(*, actor, user, site, role, column=None) -> None
    site_workflow_setup(*, site) -> Workflow
    page_gate_findings(page) -> list[GateFinding]
    publish_refusal(revision) -> str | None

The roles themselves (``Role``, ``SiteRole``) and who works on which site are
``jiyue.cluster``'s (docs/decisions/0107-one-answer-to-who-works-on-a-site.md).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "role_grant": "services",
    "role_revoke": "services",
    "site_workflow_setup": "workflows",
    "page_gate_findings": "gate",
    "publish_refusal": "guard",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{module}"), name)
