"""Citizens' text before it is stored: one screening for every path (letters,
comments, survey answers, interview questions).

The compliance engine's gate in its citizen context runs (the sensitive-word
checker only: docs/decisions/0314-submission-cpu.md). Sensitive words send the submission to
moderation, never to a refusal; a check that fails sends it there too, so that
nothing a citizen wrote is lost.
"""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def citizen_text_flags(*texts: str) -> tuple[bool, str]:
    """(held for moderation, the evidence shown to the moderator)."""
    from jiyue.quality import Context, gate

    try:
        found = gate("\n".join(texts), context=Context.CITIZEN)
    except Exception:
        logger.exception("interaction: sensitive-word check failed")
        return True, _("敏感词检查未能完成，请人工审核。")
    findings = [f for f in found if f.type == "sensitive_word"]
    evidence = "、".join(dict.fromkeys(f.evidence for f in findings))
    return bool(findings), evidence[:300]
