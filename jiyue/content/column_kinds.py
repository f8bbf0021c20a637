"""The kinds of column (栏目) and how often each must show something new.

A module without models, so that the monitor's page analysis, which judges sites
outside the platform in worker processes where Django's apps are not loaded, reads
the same numbers as the content model (docs/decisions/0005, 0111).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ColumnKind(models.TextChoices):
    NEWS = "news", _("政务动态/要闻")
    NOTICE = "notice", _("通知公告")
    POLICY = "policy", _("政策文件")
    INTERPRETATION = "interpretation", _("政策解读")
    OVERVIEW = "overview", _("概况信息")
    ORGANISATION = "organisation", _("机构职能")
    LEADERS = "leaders", _("负责人信息")
    SERVICE = "service", _("办事服务")
    INTERACTION = "interaction", _("互动交流")
    TOPIC = "topic", _("专题专栏")
    # 政府信息公开专栏 and its 法定主动公开内容 (《政府信息公开条例》 2019; Guiyang 六(一)).
    DISCLOSURE = "disclosure", _("政府信息公开")
    DISCLOSURE_GUIDE = "disclosure_guide", _("政府信息公开指南")
    DISCLOSURE_RULES = "disclosure_rules", _("政府信息公开制度")
    PLANS = "plans", _("规划计划")
    STATISTICS = "statistics", _("统计数据")
    BUDGET = "budget", _("财政预决算")
    PERSONNEL = "personnel", _("人事信息")
    ANNUAL_REPORT = "annual_report", _("政府信息公开年报")
    # 外文版 (57号(十)): counterparts of the core items (jiyue.linkage.EnglishPage).
    ENGLISH = "english", _("英文版")
    OTHER = "other", _("其他")


# Days within which a column of each kind must show something new. News and
# notice/policy numbers are the national inspection's (2 weeks, 6 months); the
# rest follow Ankang's "every column within 2 months", and descriptive columns
# are reviewed yearly (docs/decisions/0005-column-update-requirements.md).
DEFAULT_UPDATE_DAYS = {
    ColumnKind.NEWS: 14,
    ColumnKind.NOTICE: 180,
    ColumnKind.POLICY: 180,
    ColumnKind.INTERPRETATION: 180,
    ColumnKind.OVERVIEW: 365,
    ColumnKind.ORGANISATION: 365,
    ColumnKind.LEADERS: 365,
    ColumnKind.SERVICE: 60,
    ColumnKind.INTERACTION: 60,
    ColumnKind.TOPIC: 60,
    ColumnKind.OTHER: 60,
    # The disclosure section's columns: the guide and the rules are reviewed
    # yearly, as are plans, budgets and the yearly report; statistics quarterly.
    ColumnKind.DISCLOSURE: 60,
    ColumnKind.DISCLOSURE_GUIDE: 365,
    ColumnKind.DISCLOSURE_RULES: 365,
    ColumnKind.PLANS: 365,
    ColumnKind.STATISTICS: 90,
    ColumnKind.BUDGET: 365,
    ColumnKind.PERSONNEL: 180,
    ColumnKind.ANNUAL_REPORT: 365,
    ColumnKind.ENGLISH: 60,
}
