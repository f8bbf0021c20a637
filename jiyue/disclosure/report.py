"""Table 三 of the yearly report (收到和处理政府信息公开申请情况) from the request
figures (``selectors.request_statistics``), row by row as 国办公开办函〔2021〕30号 lays it
out; the rows the platform's answers do not produce (不予处理, 其他处理) are zero."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .models import OrganisationKind
from .selectors import COLUMNS

#: (label, the "outcome:ground" keys summed, indent); a key ending in ":" sums
#: every ground of the outcome.
RESULT_ROWS = (
    (_("（一）予以公开"), ("disclose:",), 0),
    (_("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"), ("partial:",), 0),
    (_("（三）不予公开"), ("refuse:",), 0),
    (_("1.属于国家秘密"), ("refuse:state_secret",), 1),
    (_("2.其他法律行政法规禁止公开"), ("refuse:law_forbids",), 1),
    (_("3.危及“三安全一稳定”"), ("refuse:security",), 1),
    (_("4.保护第三方合法权益"), ("refuse:third_party",), 1),
    (_("5.属于三类内部事务信息"), ("refuse:internal",), 1),
    (_("6.属于四类过程性信息"), ("refuse:process",), 1),
    (_("7.属于行政执法案卷"), ("refuse:enforcement",), 1),
    (_("8.属于行政查询事项"), ("refuse:inquiry",), 1),
    (_("（四）无法提供"), ("not_exist:", "not_ours:"), 0),
    (_("1.本机关不掌握相关政府信息"), ("not_exist:not_held", "not_ours:"), 1),
    (_("2.没有现成信息需要另行制作"), ("not_exist:needs_making",), 1),
    (_("3.补正后申请内容仍不明确"), ("not_exist:unclear",), 1),
    (_("（五）不予处理"), (), 0),
    (_("1.信访举报投诉类申请"), (), 1),
    (_("2.重复申请"), (), 1),
    (_("3.要求提供公开出版物"), (), 1),
    (_("4.无正当理由大量反复申请"), (), 1),
    (_("5.要求行政机关确认或重新出具已获取信息"), (), 1),
    (_("（六）其他处理"), (), 0),
    (_("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"), (), 1),
    (
        _("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        (),
        1,
    ),
    (_("3.其他"), (), 1),
)
COLUMN_LABELS = [_("自然人")] + [label for _v, label in OrganisationKind.choices]


def _cells(counts: dict) -> list[int]:
    cells = [int(counts.get(c, 0)) for c in COLUMNS]
    return [*cells, sum(cells)]


def _sum(results: dict, keys: tuple[str, ...]) -> dict:
    total: dict[str, int] = {}
    for key, counts in results.items():
        if any(key == k or (k.endswith(":") and key.startswith(k)) for k in keys):
            for column in COLUMNS:
                total[column] = total.get(column, 0) + int(counts.get(column, 0))
    return total


def table_three(figures: dict) -> dict:
    results = figures.get("results", {})
    rows = [
        {"label": label, "cells": _cells(_sum(results, keys)), "indent": indent}
        for label, keys, indent in RESULT_ROWS
    ]
    top = [r for r in rows if r["indent"] == 0]
    total = [sum(r["cells"][i] for r in top) for i in range(len(COLUMNS) + 1)]
    return {
        "columns": [*COLUMN_LABELS, _("总计")],
        "new": _cells(figures.get("new", {})),
        "carried_in": _cells(figures.get("carried_in", {})),
        "results": rows,
        "total": total,
        "carried_out": _cells(figures.get("carried_out", {})),
    }
