"""The default rule set: 国办秘函〔2019〕19号 as far as it is confirmed
(reference: national-standards §1.2–1.4). Vetoes are confirmed (服务不实用's element
list and threshold are not); deduction and bonus points are confirmed only where
marked, the rest are the office's to confirm (``unconfirmed``)."""

from __future__ import annotations

RULE_SET = ("政府网站检查指标", "2019（国办秘函〔2019〕19号）")

# code, name, category, kind, points, per item, evidence, unconfirmed, description
INDICATORS = (
    ("veto_serious", "严重问题", "单项否决", "veto", 0, 0, "verdict.serious", False,
     "严重表述错误、泄露国家秘密、发布或链接反动暴力色情内容、被挂马或篡改未及时处置、弄虚作假等。"),
    ("veto_unreachable", "站点无法访问", "单项否决", "veto", 0, 0, "verdict.unreachable", False,
     "监测1周，每天不少于20次，15秒内无法打开的累计占比≥5%。"),
    ("veto_stale_site", "首页不更新", "单项否决", "veto", 0, 0, "verdict.stale_site", False,
     "监测2周，首页无信息更新。"),
    ("veto_stale_columns", "栏目不更新", "单项否决", "veto", 0, 0, "verdict.stale_columns", False,
     "动态要闻2周、通知公告和政策文件6个月未更新合计≥5个；长期未更新≥10个；空白栏目≥5个。"),
    ("veto_interaction", "互动回应差", "单项否决", "veto", 0, 0, "verdict.interaction", False,
     "无有效的咨询建言渠道，或1年内有效留言超过3个月未答复。"),
    ("veto_services", "服务不实用", "单项否决", "veto", 0, 0, "verdict.services", True,
     "未提供办事服务，或办事指南重点要素缺失（要素清单和数量门槛原文未能核对）。"),
    ("policy_column_stale", "政策文件类栏目6个月未更新", "发布解读", "deduction", 5, 5,
     "findings.stale_column", False, "国管局2019年二季度自查报告所引评分细则：扣5分。"),
    ("no_recent_reply", "2个月内未更新留言答复", "互动交流", "deduction", 3, 3,
     "interaction.no_recent_reply", False, "国管局2019年二季度自查报告所引评分细则：扣3分。"),
    ("incomplete_guides", "办事指南要素缺失", "办事服务", "deduction", 10, 2,
     "services.incomplete", True, "每项扣2分，扣完10分为止（分值未经核对）。"),
    ("dead_service_links", "在线办理系统或附件无法访问", "办事服务", "deduction", 5, 1,
     "services.dead_links", True, "每处扣1分，扣完5分为止（分值未经核对）。"),
    ("broken_links", "链接不可用", "可用性", "deduction", 10, 0.5,
     "findings.broken_link", True, "每个扣0.5分，扣完10分为止（分值未经核对）。"),
    ("typos", "错别字", "内容正确性", "deduction", 5, 1, "findings.typo", True,
     "每处扣1分（分值未经核对）。"),
    ("wrong_expressions", "规范表述错误", "内容正确性", "deduction", 10, 2,
     "findings.wrong_expression", True, "每处扣2分（分值未经核对）。"),
    ("privacy_leaks", "个人隐私信息泄露", "安全", "deduction", 10, 5,
     "findings.privacy_leak", True, "每处扣5分（分值未经核对）。"),
    ("insecure_links", "不安全链接", "安全", "deduction", 3, 0.5,
     "findings.insecure_link", True, "每个扣0.5分（分值未经核对）。"),
    ("accessibility", "无障碍问题", "功能设计", "deduction", 5, 0.5,
     "findings.accessibility", True, "每处扣0.5分（分值未经核对）。"),
    ("late_reposts", "上级重要信息转载不及时", "发布解读", "deduction", 5, 1,
     "linkage.late_repost", True,
     "贵阳 九(一)：上级重要政策12小时内转载；每条超期扣1分，扣完5分为止（分值未经核对）。"),
    ("missing_interpretations", "重大政策未同步解读", "发布解读", "deduction", 5, 1,
     "linkage.missing_interpretation", True,
     "57号(四)：谁起草、谁解读，同步发布；每件扣1分，扣完5分为止（分值未经核对）。"),
    ("intensive_platform", "迁移至集约化平台", "创新发展", "bonus", 5, 5,
     "platform.intensive", True, "2019年监管工作年度考核指标的加分项（来源为转载页，置信度低）。"),
)  # fmt: skip


def ensure_default_rules(rule_set_model, indicator_model) -> None:
    name, version = RULE_SET
    rule_set, _created = rule_set_model.objects.get_or_create(
        name=name, version=version,
        defaults={"active": not rule_set_model.objects.filter(active=True).exists(),
                  "description": "国务院办公厅政府网站检查指标的默认版本；可复制后按本地要求调整。"},
    )  # fmt: skip
    for order, row in enumerate(INDICATORS):
        code, label, category, kind, points, per_item, evidence, unconfirmed, text = row
        indicator_model.objects.get_or_create(
            rule_set=rule_set, code=code,
            defaults={
                "name": label, "category": category, "kind": kind, "points": points,
                "per_item": per_item, "evidence": evidence, "unconfirmed": unconfirmed,
                "description": text, "sort_order": order,
            },
        )  # fmt: skip
