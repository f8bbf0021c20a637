"""The columns a new site starts with (data, not code).

《政府网站发展指引》 asks every government website for 信息公开 (概况信息, 机构职能,
负责人信息, 政策文件, 政策解读, 政务动态, 通知公告), 办事服务 and 互动交流; portals
add 专题专栏, and a county portal carries its departments' and townships' columns,
because those do not open sites of their own
(docs/decisions/0105-opening-a-site-in-one-step.md).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ColumnTemplate(models.TextChoices):
    PORTAL = "portal", _("门户网站")
    COUNTY = "county", _("区县门户网站")
    DEPARTMENT = "department", _("部门网站")


# (slug, title, ColumnKind value), in menu order.
_DISCLOSURE = (
    ("yaowen", "要闻动态", "news"),
    ("tzgg", "通知公告", "notice"),
    ("zcwj", "政策文件", "policy"),
    ("zcjd", "政策解读", "interpretation"),
)
_SERVICE = (
    ("bsfw", "办事服务", "service"),
    ("hdjl", "互动交流", "interaction"),
)

COLUMNS: dict[str, tuple[tuple[str, str, str], ...]] = {
    ColumnTemplate.PORTAL: (
        *_DISCLOSURE,
        ("gkxx", "概况信息", "overview"),
        ("jgzn", "机构职能", "organisation"),
        ("ldxx", "领导信息", "leaders"),
        *_SERVICE,
        ("ztzl", "专题专栏", "topic"),
    ),
    ColumnTemplate.COUNTY: (
        *_DISCLOSURE,
        ("gkxx", "概况信息", "overview"),
        ("jgzn", "机构职能", "organisation"),
        ("ldxx", "领导信息", "leaders"),
        ("bmxx", "部门信息", "other"),
        ("xzjd", "乡镇（街道）", "other"),
        *_SERVICE,
        ("ztzl", "专题专栏", "topic"),
    ),
    ColumnTemplate.DEPARTMENT: (
        ("yaowen", "工作动态", "news"),
        ("tzgg", "通知公告", "notice"),
        ("zcwj", "政策文件", "policy"),
        ("zcjd", "政策解读", "interpretation"),
        ("jgzn", "机构职能", "organisation"),
        ("ldxx", "领导信息", "leaders"),
        *_SERVICE,
    ),
}


def template_for(kind: str, level: str) -> str:
    """The template a site of this kind and level usually takes."""
    if kind == "portal":
        return ColumnTemplate.COUNTY if level == "county" else ColumnTemplate.PORTAL
    return ColumnTemplate.DEPARTMENT
