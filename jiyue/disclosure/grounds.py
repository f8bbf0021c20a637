"""The legal grounds of each answer, by the categories of the yearly report's
table 三 (国办公开办函〔2021〕30号); the answer names one of them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .models import Outcome

GROUNDS: dict[str, tuple[tuple[str, str], ...]] = {
    Outcome.DISCLOSE: (
        ("published", _("已主动公开，告知获取方式和途径")),
        ("provided", _("予以提供")),
    ),
    Outcome.PARTIAL: (
        ("separable", _("含有不应公开的内容，作区分处理后提供可以公开的部分")),
    ),
    Outcome.REFUSE: (
        ("state_secret", _("属于国家秘密")),
        ("law_forbids", _("其他法律行政法规禁止公开")),
        ("security", _("危及“三安全一稳定”")),
        ("third_party", _("保护第三方合法权益")),
        ("internal", _("属于三类内部事务信息")),
        ("process", _("属于四类过程性信息")),
        ("enforcement", _("属于行政执法案卷")),
        ("inquiry", _("属于行政查询事项")),
    ),
    Outcome.NOT_EXIST: (
        ("not_held", _("本机关不掌握相关政府信息")),
        ("needs_making", _("没有现成信息需要另行制作")),
        ("unclear", _("补正后申请内容仍不明确")),
    ),
    Outcome.NOT_OURS: (
        ("other_organ", _("不属于本机关负责公开，已告知应当申请的机关")),
    ),
}


def ground_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a form: outcome label → its grounds."""
    return [
        (
            str(Outcome(outcome).label),
            [(f"{outcome}:{code}", label) for code, label in items],
        )
        for outcome, items in GROUNDS.items()
    ]


def ground_label(outcome: str, code: str) -> str:
    return next((str(label) for c, label in GROUNDS.get(outcome, ()) if c == code), "")
