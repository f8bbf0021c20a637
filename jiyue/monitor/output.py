"""What the ``monitor`` command prints and writes (JSON shape in README.md)."""

from __future__ import annotations

import json
from pathlib import Path

from jiyue.monitor.crawler import CrawlResult
from jiyue.monitor.i18n import _

SEVERITY_NAMES = {
    "veto": "单项否决",
    "error": "错误",
    "warning": "警告",
    "info": "提示",
}
TYPE_NAMES = {
    "unreachable": "站点无法访问",
    "broken_link": "链接不可用",
    "hidden_link": "暗链",
    "insecure_link": "不安全链接",
    "stale_site": "首页不更新",
    "stale_column": "栏目不更新",
    "empty_column": "空白栏目",
    "sensitive_word": "敏感词",
    "wrong_expression": "规范表述错误",
    "typo": "错别字",
    "garbled_text": "乱码",
    "privacy_leak": "隐私泄露",
    "accessibility": "无障碍",
    "tampered": "网页篡改",
    "injected_content": "植入内容",
    "incomplete_guide": "办事指南要素缺失",
    "unreachable_service": "在线办理系统或附件无法访问",
    "late_repost": "上级信息转载不及时",
    "missing_interpretation": "重大政策未同步解读",
    "late_publication": "信息发布超时",
}
CHECKS_NAMES = {
    "links": "只检查链接（未检查暗链、栏目更新、内容和无障碍）",
    "pages": "链接、暗链、栏目更新（未检查内容和无障碍）",
    "content": "链接、暗链、栏目更新、内容和无障碍",
}


def write_json(result: CrawlResult, path: Path) -> None:
    document = {
        "summary": {**result.summary, "crawl_issue_list": result.issues},
        "findings": [_finding(f) for f in result.findings],
    }
    path.write_text(
        json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8"
    )


def _finding(f) -> dict:
    """The contract's shape; a broken link adds the pages that carry it."""
    data = f.as_dict()
    if "pages" in f.extra:
        data["pages"] = f.extra["pages"]
        data["page_count"] = f.extra.get("page_count", len(f.extra["pages"]))
    return data


def summary_lines(result: CrawlResult) -> list[str]:
    s = result.summary
    lines = [
        _("监测完成：%(url)s") % {"url": s["start_url"]}
        if s["finished"]
        else _("监测已暂停：%(url)s（用 --resume 继续）") % {"url": s["start_url"]},
        _(
            "检查地址 %(checked)s 个（页面 %(pages)s 个，其他链接与资源 %(other)s 个），"
            "发现问题 %(n)s 个"
        )
        % {
            "pages": s["pages"],
            "checked": s["urls_checked"],
            "other": s["urls_checked"] - s["pages"],
            "n": s["findings"],
        },
    ]
    if s.get("checks") in CHECKS_NAMES:
        lines.append(_("检查范围：") + CHECKS_NAMES[s["checks"]])
    lines.append(_("按严重程度：") + _join(s["by_severity"], SEVERITY_NAMES))
    lines.append(_("按类型：") + (_join(s["by_type"], TYPE_NAMES) or _("无")))
    if s["veto"]:
        lines.append(_("单项否决命中：") + _join(s["veto"], TYPE_NAMES))
    else:
        lines.append(_("单项否决命中：无"))
    if s.get("unverified_links"):
        lines.append(
            _("无法验证（无外网）的链接 %(n)s 个，未计入链接不可用")
            % {"n": s["unverified_links"]}
        )
    if s["crawl_issues"]:
        lines.append(
            _("抓取说明：")
            + "，".join(f"{k} {v}" for k, v in s["crawl_issues"].items())
        )
    return lines


def _join(counts: dict[str, int], names: dict[str, str]) -> str:
    return "，".join(f"{names.get(k, k)} {v}" for k, v in counts.items())
